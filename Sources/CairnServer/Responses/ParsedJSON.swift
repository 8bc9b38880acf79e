import CairnCore

/// A JSON value read by `ParsedJSON.parse`, with the byte offset where it starts, so that a
/// script error can name the line and column of the value that is wrong. Object members keep
/// their order.
public struct ParsedJSON: Sendable {
  public enum Kind: Sendable {
    case null
    case bool(Bool)
    /// The number's literal text, as written.
    case number(String)
    case string(String)
    case array([ParsedJSON])
    case object([(String, ParsedJSON)])
  }

  public var kind: Kind
  /// The offset of the value's first byte in the parsed text.
  public var offset: Int

  /// A syntax error at a byte offset.
  public struct SyntaxError: Error, Equatable {
    public var offset: Int
    public var reason: String
  }

  /// Nesting deeper than this is refused rather than risking the stack.
  public static let depthMax = 512

  /// Parses one JSON value that fills `bytes` (whitespace around it allowed).
  public static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> ParsedJSON {
    var parser = Parser(bytes: bytes)
    parser.skipWhitespace()
    let value = try parser.value(depth: 0)
    parser.skipWhitespace()
    guard parser.index == bytes.count else {
      throw SyntaxError(offset: parser.index, reason: "unexpected text after the JSON value")
    }
    return value
  }

  /// The member named `key` of an object, or nil.
  public subscript(key: String) -> ParsedJSON? {
    guard case .object(let members) = kind else { return nil }
    return members.first { $0.0 == key }?.1
  }

  public var stringValue: String? {
    if case .string(let text) = kind { return text }
    return nil
  }

  public var arrayValue: [ParsedJSON]? {
    if case .array(let items) = kind { return items }
    return nil
  }

  /// The value as CairnCore's `JSONValue` (integers that fit stay integers).
  public var jsonValue: JSONValue {
    switch kind {
    case .null: return .null
    case .bool(let value): return .bool(value)
    case .number(let text):
      if let value = Int64(text) { return .int(value) }
      if let value = UInt64(text) { return .uint(value) }
      return .double(Double(text) ?? 0)
    case .string(let text): return .string(text)
    case .array(let items): return .array(items.map(\.jsonValue))
    case .object(let members): return .object(members.map { ($0.0, $0.1.jsonValue) })
    }
  }

  /// A name for the value's type in error messages.
  public var typeName: String {
    switch kind {
    case .null: return "null"
    case .bool: return "a boolean"
    case .number: return "a number"
    case .string: return "a string"
    case .array: return "an array"
    case .object: return "an object"
    }
  }
}

/// The 1-based line and column of a byte offset in `bytes`.
public func lineAndColumn(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
  var line = 1
  var column = 1
  for byte in bytes.prefix(offset) {
    if byte == UInt8(ascii: "\n") {
      line += 1
      column = 1
    } else {
      column += 1
    }
  }
  return (line, column)
}

private struct Parser {
  let bytes: [UInt8]
  var index = 0

  init(bytes: [UInt8]) { self.bytes = bytes }

  mutating func skipWhitespace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x09, 0x0A, 0x0D: index += 1
      default: return
      }
    }
  }

  func fail(_ reason: String, at offset: Int? = nil) -> ParsedJSON.SyntaxError {
    ParsedJSON.SyntaxError(offset: offset ?? index, reason: reason)
  }

  mutating func value(depth: Int) throws(ParsedJSON.SyntaxError) -> ParsedJSON {
    guard depth < ParsedJSON.depthMax else {
      throw fail("nesting deeper than \(ParsedJSON.depthMax) levels")
    }
    guard index < bytes.count else { throw fail("unexpected end of the text") }
    let start = index
    switch bytes[index] {
    case UInt8(ascii: "{"): return ParsedJSON(kind: try object(depth: depth), offset: start)
    case UInt8(ascii: "["): return ParsedJSON(kind: try array(depth: depth), offset: start)
    case UInt8(ascii: "\""): return ParsedJSON(kind: .string(try string()), offset: start)
    case UInt8(ascii: "t"):
      try literal("true")
      return ParsedJSON(kind: .bool(true), offset: start)
    case UInt8(ascii: "f"):
      try literal("false")
      return ParsedJSON(kind: .bool(false), offset: start)
    case UInt8(ascii: "n"):
      try literal("null")
      return ParsedJSON(kind: .null, offset: start)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      return ParsedJSON(kind: .number(try number()), offset: start)
    default:
      throw fail("expected a JSON value")
    }
  }

  mutating func literal(_ word: String) throws(ParsedJSON.SyntaxError) {
    let expected = Array(word.utf8)
    guard bytes.count - index >= expected.count,
      Array(bytes[index..<index + expected.count]) == expected
    else { throw fail("expected a JSON value") }
    index += expected.count
  }

  mutating func number() throws(ParsedJSON.SyntaxError) -> String {
    let start = index
    if bytes[index] == UInt8(ascii: "-") { index += 1 }
    func digits(_ parser: inout Parser) -> Int {
      let from = parser.index
      while parser.index < parser.bytes.count,
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(parser.bytes[parser.index])
      {
        parser.index += 1
      }
      return parser.index - from
    }
    guard digits(&self) > 0 else { throw fail("a number needs digits") }
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      guard digits(&self) > 0 else { throw fail("a number needs digits after its point") }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      index += 1
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")
      {
        index += 1
      }
      guard digits(&self) > 0 else { throw fail("a number needs digits in its exponent") }
    }
    return String(decoding: bytes[start..<index], as: UTF8.self)
  }

  mutating func string() throws(ParsedJSON.SyntaxError) -> String {
    let start = index
    index += 1
    var out: [UInt8] = []
    while true {
      guard index < bytes.count else { throw fail("a string is not closed", at: start) }
      let byte = bytes[index]
      switch byte {
      case UInt8(ascii: "\""):
        index += 1
        guard let text = String(validating: out, as: UTF8.self) else {
          throw fail("a string is not valid UTF-8", at: start)
        }
        return text
      case UInt8(ascii: "\\"):
        index += 1
        guard index < bytes.count else { throw fail("a string is not closed", at: start) }
        let escape = bytes[index]
        index += 1
        switch escape {
        case UInt8(ascii: "\""): out.append(0x22)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "/"): out.append(0x2F)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
          var scalar = try hex4()
          if (0xD800..<0xDC00).contains(scalar) {
            guard bytes.count - index >= 2, bytes[index] == UInt8(ascii: "\\"),
              bytes[index + 1] == UInt8(ascii: "u")
            else { throw fail("a high surrogate without its low surrogate") }
            index += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else {
              throw fail("a high surrogate without its low surrogate")
            }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          }
          guard let unicode = Unicode.Scalar(scalar) else {
            throw fail("a lone low surrogate in a \\u escape")
          }
          out.append(contentsOf: Array(String(Character(unicode)).utf8))
        default:
          throw fail("an unknown escape in a string", at: index - 2)
        }
      case 0..<0x20:
        throw fail("a control character inside a string (escape it)")
      default:
        out.append(byte)
        index += 1
      }
    }
  }

  mutating func hex4() throws(ParsedJSON.SyntaxError) -> UInt32 {
    guard bytes.count - index >= 4 else { throw fail("a \\u escape needs four hex digits") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let byte = bytes[index]
      let digit: UInt32
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
      default: throw fail("a \\u escape needs four hex digits")
      }
      value = value << 4 | digit
      index += 1
    }
    return value
  }

  mutating func array(depth: Int) throws(ParsedJSON.SyntaxError) -> ParsedJSON.Kind {
    index += 1
    var items: [ParsedJSON] = []
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      index += 1
      return .array(items)
    }
    while true {
      skipWhitespace()
      items.append(try value(depth: depth + 1))
      skipWhitespace()
      guard index < bytes.count else { throw fail("an array is not closed") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
      } else if bytes[index] == UInt8(ascii: "]") {
        index += 1
        return .array(items)
      } else {
        throw fail("expected , or ] in an array")
      }
    }
  }

  mutating func object(depth: Int) throws(ParsedJSON.SyntaxError) -> ParsedJSON.Kind {
    index += 1
    var members: [(String, ParsedJSON)] = []
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
        throw fail("expected a member name in quotes")
      }
      let key = try string()
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
        throw fail("expected : after a member name")
      }
      index += 1
      skipWhitespace()
      members.append((key, try value(depth: depth + 1)))
      skipWhitespace()
      guard index < bytes.count else { throw fail("an object is not closed") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
      } else if bytes[index] == UInt8(ascii: "}") {
        index += 1
        return .object(members)
      } else {
        throw fail("expected , or } in an object")
      }
    }
  }
}
