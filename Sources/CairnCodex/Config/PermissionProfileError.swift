/// Why a permissions profile cannot be used. The description names the config key and says
/// what to do.
public enum PermissionProfileError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The profile does not resolve or a key has the wrong shape.
  case invalid(String)
  /// The profile asks for something Cairn's sandbox cannot enforce yet: refused rather
  /// than run with less protection than the profile promises.
  case notSupported(key: ConfigKeyPath, reason: String)

  public var description: String {
    switch self {
    case .invalid(let message): return message
    case .notSupported(let key, let reason): return "\(key): not supported yet: \(reason)"
    }
  }

  static func shape(_ key: ConfigKeyPath, expected: String, found value: ConfigValue)
    -> PermissionProfileError
  {
    .invalid("\(key): expected \(expected), found \(shown(value))")
  }

  /// A value as an error shows it: strings quoted, scalars as written, tables and arrays by
  /// kind.
  static func shown(_ value: ConfigValue) -> String {
    switch value {
    case .string(let text): return TOMLText.quoted(text)
    case .integer(let number): return String(number)
    case .float(let number): return String(number)
    case .boolean(let flag): return flag ? "true" : "false"
    case .datetime(let text): return text
    case .array: return "an array"
    case .table: return "a table"
    }
  }
}
