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
    var out: [UInt8] = []
    write(to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// Appends the compact JSON text as UTF-8: one buffer for the whole value, so a listing
  /// of thousands of objects makes no intermediate strings.
  public func write(to out: inout [UInt8]) {
    switch self {
    case .int(let value): out.append(contentsOf: String(value).utf8)
    case .uint(let value): out.append(contentsOf: String(value).utf8)
    case .double(let value): out.append(contentsOf: (value.isFinite ? String(value) : "null").utf8)
    case .string(let value): Self.writeQuoted(value, to: &out)
    case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
    case .null: out.append(contentsOf: "null".utf8)
    case .object(let members):
      out.append(UInt8(ascii: "{"))
      for (index, member) in members.enumerated() {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        Self.writeQuoted(member.0, to: &out)
        out.append(UInt8(ascii: ":"))
        member.1.write(to: &out)
      }
      out.append(UInt8(ascii: "}"))
    case .array(let items):
      out.append(UInt8(ascii: "["))
      for (index, item) in items.enumerated() {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        item.write(to: &out)
      }
      out.append(UInt8(ascii: "]"))
    }
  }

  public static func quoted(_ string: String) -> String {
    var out: [UInt8] = []
    writeQuoted(string, to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  static func writeQuoted(_ string: String, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    var string = string
    string.withUTF8 { bytes in
      for byte in bytes {
        switch byte {
        case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
        case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
        case UInt8(ascii: "\n"): out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case UInt8(ascii: "\r"): out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case UInt8(ascii: "\t"): out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        case 0..<0x20:
          let hex = Array("0123456789abcdef".utf8)
          out.append(contentsOf: [
            0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 15)],
          ])
        default: out.append(byte)
        }
      }
    }
    out.append(UInt8(ascii: "\""))
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
