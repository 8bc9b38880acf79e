/// Minimal JSON text for `--json` output and event renderings: objects keep their keys in
/// the order given, so the output is stable byte for byte.
public enum JSONValue: Equatable, Sendable {
  case int(Int64)
  case uint(UInt64)
  case double(Double)
  case string(String)
  case bool(Bool)
  case null
  case object([(String, JSONValue)])
  case array([JSONValue])

  /// The compact JSON text.
  public var text: String {
    switch self {
    case .int(let value): return String(value)
    case .uint(let value): return String(value)
    case .double(let value):
      return value.isFinite ? String(value) : "null"
    case .string(let value): return Self.quoted(value)
    case .bool(let value): return value ? "true" : "false"
    case .null: return "null"
    case .object(let members):
      return "{" + members.map { Self.quoted($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
    case .array(let items):
      return "[" + items.map(\.text).joined(separator: ",") + "]"
    }
  }

  public static func quoted(_ string: String) -> String {
    var out = "\""
    for scalar in string.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}

extension JSONValue {
  /// An object with `"type": type` in front of its members (other values are wrapped).
  public func prepending(type: String) -> JSONValue {
    if case .object(let members) = self { return .object([("type", .string(type))] + members) }
    return .object([("type", .string(type)), ("value", self)])
  }

  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.text == rhs.text }
}
