/// Where an effective config value came from, from lowest to highest precedence.
public enum ConfigSource: Equatable, Hashable, Sendable, CustomStringConvertible {
  /// Built into Cairn (Codex's default).
  case defaultValue
  /// `$CODEX_HOME/config.toml` (or another base file).
  case file(path: String)
  /// A legacy `[profiles.NAME]` table of the base file.
  case profileTable(name: String, path: String)
  /// `$CODEX_HOME/NAME.config.toml`.
  case profileFile(name: String, path: String)
  /// The n-th `-c key=value` on the command line (1-based).
  case override(index: Int)
  /// `--enable NAME` or `--disable NAME`.
  case featureFlag(flag: String)

  /// A short label: `default`, `file /h/config.toml`, `profile work (/h/work.config.toml)`,
  /// `override -c #2`, `--enable memories`. It never holds a value, so it cannot leak one.
  public var description: String {
    switch self {
    case .defaultValue: "default"
    case .file(let path): "file \(path)"
    case .profileTable(let name, let path): "profile \(name) ([profiles.\(name)] in \(path))"
    case .profileFile(let name, let path): "profile \(name) (\(path))"
    case .override(let index): "override (-c #\(index))"
    case .featureFlag(let flag): flag
    }
  }

  /// The kind as one word, for JSON: `default`, `file`, `profile`, `override`.
  public var kind: String {
    switch self {
    case .defaultValue: "default"
    case .file: "file"
    case .profileTable, .profileFile: "profile"
    case .override, .featureFlag: "override"
    }
  }

  /// The file the value was read from, if any.
  public var path: String? {
    switch self {
    case .file(let path), .profileTable(_, let path), .profileFile(_, let path): path
    case .defaultValue, .override, .featureFlag: nil
    }
  }
}

/// A problem found in a config layer, with where it is.
public struct ConfigDiagnostic: Equatable, Sendable, CustomStringConvertible {
  public enum Severity: String, Sendable {
    case error
    case warning
  }

  public var severity: Severity
  /// The file, when the problem is in one.
  public var file: String?
  /// The key, when the problem is about one.
  public var key: ConfigKeyPath?
  public var position: SourcePosition?
  public var message: String
  /// The values the key accepts, when it takes one of a list.
  public var allowedValues: [String]

  public init(
    severity: Severity, file: String? = nil, key: ConfigKeyPath? = nil,
    position: SourcePosition? = nil, message: String, allowedValues: [String] = []
  ) {
    self.severity = severity
    self.file = file
    self.key = key
    self.position = position
    self.message = message
    self.allowedValues = allowedValues
  }

  /// `FILE:LINE:COL: key `a.b`: MESSAGE`, with the parts that are known.
  public var description: String {
    var out = ""
    if let file {
      out += file
      if let position { out += ":\(position.line):\(position.column)" }
      out += ": "
    }
    if let key, !key.isEmpty { out += "`\(key)`: " }
    out += message
    return out
  }
}
