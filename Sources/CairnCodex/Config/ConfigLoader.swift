/// What to load: the home, and the command line's `-p`, `-c`, `--enable` and `--disable`.
public struct ConfigRequest: Sendable {
  public var home: CodexHome
  public var profile: String?
  /// Raw `-c key=value` arguments, in order.
  public var overrides: [String]
  public var enabledFeatures: [String]
  public var disabledFeatures: [String]
  /// `--ignore-user-config`: leave `$CODEX_HOME/config.toml` out (profiles and overrides
  /// still apply; auth still comes from the home).
  public var ignoreUserConfig = false

  public init(
    home: CodexHome, profile: String? = nil, overrides: [String] = [],
    enabledFeatures: [String] = [], disabledFeatures: [String] = []
  ) {
    self.home = home
    self.profile = profile
    self.overrides = overrides
    self.enabledFeatures = enabledFeatures
    self.disabledFeatures = disabledFeatures
  }
}

/// Builds the effective config from its layers (docs/CODEX_CONFIG.md, "Layering").
public enum ConfigLoader {
  /// Loads and layers the config. Throws when a file cannot be read or parsed, a `-c` is
  /// malformed or a `--enable`/`--disable` names no known feature; wrong values are
  /// diagnostics of the result instead, so `config show` can still print everything.
  public static func load(_ request: ConfigRequest, catalog: FeatureCatalog) throws(ConfigError)
    -> EffectiveConfig
  {
    var config = EffectiveConfig(home: request.home)
    let knownFeatures = Set(catalog.names)
    config.apply(ConfigLayer(source: .defaultValue, table: ConfigDefaults.table))

    let basePath = request.home.configFile
    let base = request.ignoreUserConfig ? nil : try ConfigFile.load(path: basePath)
    if let base {
      let layer = ConfigLayer(source: .file(path: basePath), table: base.table, file: base)
      validate(layer, as: ConfigSchema.root, knownFeatures: knownFeatures, into: &config)
      config.apply(layer)
    }

    // The profile: `-p NAME`, else the legacy `profile = "NAME"` selector of config.toml.
    var profile = request.profile
    if profile == nil, let selector = base?.table["profile"]?.stringValue {
      profile = selector
      config.diagnostics.append(
        ConfigDiagnostic(
          severity: .warning, file: basePath, key: ConfigKeyPath(["profile"]),
          position: base?.keyPosition(of: ConfigKeyPath(["profile"])),
          message: "legacy profile selector: Cairn applies profile `\(selector)`; Codex 0.147 "
            + "refuses to start with it (use `-p \(selector)` with \(selector).config.toml)"))
    }
    if let profile {
      try applyProfile(
        profile, explicit: request.profile != nil, base: base, request: request,
        knownFeatures: knownFeatures, into: &config)
    }

    for (index, argument) in request.overrides.enumerated() {
      let override = try ConfigOverride.parse(argument)
      var table = ConfigTable()
      table.setValue(override.value, at: override.path)
      let layer = ConfigLayer(source: .override(index: index + 1), table: table)
      validate(layer, as: ConfigSchema.root, knownFeatures: knownFeatures, into: &config)
      config.apply(layer)
    }

    for (flag, names, enabled) in [
      ("--enable", request.enabledFeatures, true), ("--disable", request.disabledFeatures, false),
    ] {
      for name in names {
        guard knownFeatures.contains(name) else {
          throw .unknownFeature(name: name, suggestion: catalog.suggestion(for: name))
        }
        var table = ConfigTable()
        table.setValue(.boolean(enabled), at: ConfigKeyPath(["features", name]))
        config.apply(ConfigLayer(source: .featureFlag(flag: "\(flag) \(name)"), table: table))
      }
    }
    return config
  }

  private static func applyProfile(
    _ name: String, explicit: Bool, base: ConfigFile?, request: ConfigRequest,
    knownFeatures: Set<String>, into config: inout EffectiveConfig
  ) throws(ConfigError) {
    guard isValidProfileName(name) else {
      throw .badProfile(
        name: name, message: "a profile name cannot be empty, hold `/` or be `.` or `..`")
    }
    config.profile = name
    var found = false
    let tablePath = ConfigKeyPath(["profiles", name])
    if let base, let legacy = base.table.value(at: tablePath)?.tableValue {
      found = true
      let layer = ConfigLayer(
        source: .profileTable(name: name, path: base.path), table: legacy, file: base,
        prefixInFile: tablePath)
      config.apply(layer)
      if explicit {
        config.diagnostics.append(
          ConfigDiagnostic(
            severity: .warning, file: base.path, key: tablePath,
            position: base.keyPosition(of: tablePath),
            message: "legacy profile table: Cairn applies it; Codex 0.147 refuses `-p \(name)` "
              + "while it exists (move it to \(request.home.profileFile(name)))"))
      }
    }
    let path = request.home.profileFile(name)
    if let file = try ConfigFile.load(path: path) {
      found = true
      let layer = ConfigLayer(
        source: .profileFile(name: name, path: path), table: file.table, file: file)
      validate(layer, as: ConfigSchema.root, knownFeatures: knownFeatures, into: &config)
      config.apply(layer)
    }
    if !found {
      config.diagnostics.append(
        ConfigDiagnostic(
          severity: .warning,
          message: "profile `\(name)` is empty: there is no \(path) and no [profiles.\(name)] "
            + "in \(request.home.configFile) (Codex 0.147 runs without a profile then)"))
    }
  }

  static func isValidProfileName(_ name: String) -> Bool {
    !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.contains("\0")
  }

  private static func validate(
    _ layer: ConfigLayer, as shape: ConfigShape, knownFeatures: Set<String>,
    into config: inout EffectiveConfig
  ) {
    let locator = ConfigValidator.Locator(
      file: layer.source.path, prefix: layer.prefixInFile, configFile: layer.file)
    var validator = ConfigValidator(locator: locator, knownFeatures: knownFeatures)
    validator.validate(layer.table, as: shape)
    var diagnostics = validator.diagnostics
    if case .override(let index) = layer.source {
      for i in diagnostics.indices { diagnostics[i].file = "-c #\(index)" }
    }
    config.diagnostics += diagnostics
    for path in validator.unknownKeys {
      let full = ConfigKeyPath(layer.prefixInFile.segments + path.segments)
      config.unknownKeys.append(
        UnknownConfigKey(
          path: full, source: layer.source, position: layer.file?.keyPosition(of: full)))
    }
  }
}
