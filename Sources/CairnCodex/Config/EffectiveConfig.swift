/// The config Codex would run with: the layers merged (defaults < config.toml < profile <
/// overrides), each leaf value tagged with the layer that set it.
///
/// Merging follows Codex: a table merges key by key into a table below it; any other value
/// (arrays included) replaces what was below, whole.
public struct EffectiveConfig: Sendable {
  public private(set) var table = ConfigTable()
  public private(set) var layers: [ConfigLayer] = []
  /// The profile in use, if any.
  public var profile: String?
  public var home: CodexHome
  /// Problems found while loading: errors (Codex would refuse to start) and warnings.
  public var diagnostics: [ConfigDiagnostic] = []
  /// Keys no layer should hold for Codex 0.147; they stay in `table`.
  public var unknownKeys: [UnknownConfigKey] = []
  private var sources: [ConfigKeyPath: ConfigSource] = [:]
  private var layerIndexBySource: [ConfigSource: Int] = [:]

  public init(home: CodexHome) { self.home = home }

  /// Adds a layer on top of the others.
  public mutating func apply(_ layer: ConfigLayer) {
    layerIndexBySource[layer.source] = layers.count
    layers.append(layer)
    var merged = table
    merge(layer.table, into: &merged, at: .root, source: layer.source)
    table = merged
  }

  /// Whether any diagnostic is an error.
  public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

  /// The value at a path.
  public func value(at path: ConfigKeyPath) -> ConfigValue? { table.value(at: path) }

  /// The layer that set the leaf at `path`, or the highest layer that set anything under
  /// it, for a table.
  public func source(of path: ConfigKeyPath) -> ConfigSource? {
    if let source = sources[path] { return source }
    var best: (index: Int, source: ConfigSource)?
    for (leaf, source) in sources where leaf.hasPrefix(path) {
      let index = layerIndexBySource[source] ?? -1
      if best == nil || index > best!.index { best = (index, source) }
    }
    return best?.source
  }

  /// Every leaf in key order.
  public var leaves: [ConfigLeaf] {
    var out: [ConfigLeaf] = []
    collect(table, at: .root, into: &out)
    return out.sorted { $0.path < $1.path }
  }

  private func collect(_ table: ConfigTable, at path: ConfigKeyPath, into out: inout [ConfigLeaf]) {
    for (key, value) in table.entries {
      let child = path.appending(key)
      if case .table(let nested) = value, !nested.isEmpty {
        collect(nested, at: child, into: &out)
      } else {
        let source = sources[child] ?? .defaultValue
        let position = layerIndexBySource[source].flatMap { layers[$0].position(of: child) }
        out.append(ConfigLeaf(path: child, value: value, source: source, position: position))
      }
    }
  }

  private mutating func merge(
    _ layer: ConfigTable, into base: inout ConfigTable, at path: ConfigKeyPath,
    source: ConfigSource
  ) {
    for (key, value) in layer.entries {
      let child = path.appending(key)
      if case .table(let incoming) = value, case .table(var existing)? = base[key] {
        if incoming.isEmpty && existing.isEmpty { sources[child] = source }
        merge(incoming, into: &existing, at: child, source: source)
        base[key] = .table(existing)
      } else {
        for stale in sources.keys where stale.hasPrefix(child) { sources[stale] = nil }
        base[key] = value
        tagLeaves(of: value, at: child, source: source)
      }
    }
  }

  private mutating func tagLeaves(
    of value: ConfigValue, at path: ConfigKeyPath, source: ConfigSource
  ) {
    if case .table(let table) = value, !table.isEmpty {
      for (key, member) in table.entries {
        tagLeaves(of: member, at: path.appending(key), source: source)
      }
    } else {
      sources[path] = source
    }
  }
}
