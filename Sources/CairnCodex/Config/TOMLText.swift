/// Writing TOML text: quoted strings and inline values, for `config show` and for the
/// values that `features enable` writes.
public enum TOMLText {
  /// A TOML basic string: `"a \"b\"\n"`.
  public static func quoted(_ string: String) -> String {
    var out = "\""
    for scalar in string.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{08}": out += "\\b"
      case "\u{0C}": out += "\\f"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          let hex = String(scalar.value, radix: 16, uppercase: true)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }

  /// The value as inline TOML: `"text"`, `42`, `true`, `[1, 2]`, `{ a = 1 }`.
  public static func inline(_ value: ConfigValue) -> String {
    switch value {
    case .string(let string): return quoted(string)
    case .integer(let integer): return String(integer)
    case .float(let double):
      if double.isNaN { return "nan" }
      if double.isInfinite { return double < 0 ? "-inf" : "inf" }
      let text = String(double)
      return text.contains(".") || text.contains("e") ? text : text + ".0"
    case .boolean(let bool): return bool ? "true" : "false"
    case .datetime(let text): return text
    case .array(let items): return "[" + items.map(inline).joined(separator: ", ") + "]"
    case .table(let table):
      if table.isEmpty { return "{}" }
      let members = table.entries.map { "\(ConfigKeyPath.tomlKey($0.key)) = \(inline($0.value))" }
      return "{ " + members.joined(separator: ", ") + " }"
    }
  }
}
