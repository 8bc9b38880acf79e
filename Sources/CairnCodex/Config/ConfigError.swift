/// A config that cannot be loaded or edited at all.
public enum ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A file is not valid TOML.
  case syntax(file: String, position: SourcePosition, message: String)
  /// A file exists but cannot be read (or written).
  case io(file: String, message: String)
  /// A `-c` argument is malformed.
  case badOverride(argument: String, message: String)
  /// A `-p` name that cannot name a profile file.
  case badProfile(name: String, message: String)
  /// A feature name that Codex does not know.
  case unknownFeature(name: String, suggestion: String?)
  /// Errors found by validation (wrong types, values outside a list).
  case invalid([ConfigDiagnostic])

  public var description: String {
    switch self {
    case .syntax(let file, let position, let message):
      return "\(file):\(position.line):\(position.column): TOML parse error: \(message)"
    case .io(let file, let message):
      return "\(file): \(message)"
    case .badOverride(let argument, let message):
      return "invalid -c override `\(argument)`: \(message) (expected key=value)"
    case .badProfile(let name, let message):
      return "invalid profile name `\(name)`: \(message)"
    case .unknownFeature(let name, let suggestion):
      let hint = suggestion.map { "; did you mean `\($0)`?" } ?? ""
      return "unknown feature flag `\(name)`\(hint) (see `cairn features list`)"
    case .invalid(let diagnostics):
      return diagnostics.map(\.description).joined(separator: "\n")
    }
  }
}
