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
      // Runs of bytes that need no escape are copied whole: most strings are one run.
      var runStart = 0
      for index in bytes.indices {
        let byte = bytes[index]
        guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else {
          continue
        }
        if runStart < index {
          out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
        }
        runStart = index + 1
        switch byte {
        case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
        case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
        case UInt8(ascii: "\n"): out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case UInt8(ascii: "\r"): out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case UInt8(ascii: "\t"): out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        default:
          out.append(contentsOf: [
            0x5C, UInt8(ascii: "u"), 0x30, 0x30, hexDigit(byte >> 4), hexDigit(byte & 15),
          ])
        }
      }
      if runStart < bytes.count {
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
      }
    }
    out.append(UInt8(ascii: "\""))
  }

  private static func hexDigit(_ value: UInt8) -> UInt8 {
    value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
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
