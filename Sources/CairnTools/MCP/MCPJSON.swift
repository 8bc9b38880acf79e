import CairnCore
import CairnProtocol

/// Reads the few fields of MCP messages the client needs, with CairnProtocol's strict
/// scanner: an object's members as raw JSON text (so a tool's `inputSchema` or a result's
/// `structuredContent` is passed on byte for byte, member order kept), and scalars. Nothing
/// is materialized beyond what is asked for.
public enum MCPJSON {
  /// A JSON text that is not what the client expected, and why.
  struct Malformed: Error, Equatable, CustomStringConvertible {
    var reason: String
    var description: String { reason }
  }

  /// The members of the object `bytes` holds, each value as its raw text, in order.
  static func members(_ bytes: ArraySlice<UInt8>) throws(Malformed) -> [(String, ArraySlice<UInt8>)]
  {
    let scanner = scanner(bytes)
    var members: [(String, ArraySlice<UInt8>)] = []
    do {
      try scanner.beginObject()
      while try scanner.nextMember() {
        let key = scanner.keyString
        _ = try scanner.peekKind()
        let start = bytes.startIndex + Int(scanner.offset)
        try scanner.skipValue()
        members.append((key, bytes[start..<bytes.startIndex + Int(scanner.offset)]))
      }
    } catch {
      throw Malformed(reason: "expected a JSON object: \(error)")
    }
    return members
  }

  /// The elements of the array `bytes` holds, each as its raw text.
  static func elements(_ bytes: ArraySlice<UInt8>) throws(Malformed) -> [ArraySlice<UInt8>] {
    let scanner = scanner(bytes)
    var elements: [ArraySlice<UInt8>] = []
    do {
      try scanner.beginArray()
      while try scanner.nextElement() {
        _ = try scanner.peekKind()
        let start = bytes.startIndex + Int(scanner.offset)
        try scanner.skipValue()
        elements.append(bytes[start..<bytes.startIndex + Int(scanner.offset)])
      }
    } catch {
      throw Malformed(reason: "expected a JSON array: \(error)")
    }
    return elements
  }

  /// The kind of the value `bytes` holds, or nil when it is not JSON.
  static func kind(_ bytes: ArraySlice<UInt8>) -> JSONValueKind? {
    try? scanner(bytes).peekKind()
  }

  /// The string `bytes` holds, or nil when it holds something else.
  static func string(_ bytes: ArraySlice<UInt8>) -> String? {
    let scanner = scanner(bytes)
    guard (try? scanner.peekKind()) == .string else { return nil }
    return try? scanner.readString(keepingBytes: bytes.count).text
  }

  /// The integer `bytes` holds, or nil.
  static func integer(_ bytes: ArraySlice<UInt8>) -> Int64? {
    let scanner = scanner(bytes)
    guard (try? scanner.peekKind()) == .number else { return nil }
    return (try? scanner.readInteger()) ?? nil
  }

  /// The boolean `bytes` holds, or nil.
  static func bool(_ bytes: ArraySlice<UInt8>) -> Bool? {
    let scanner = scanner(bytes)
    guard (try? scanner.peekKind()) == .bool else { return nil }
    return try? scanner.readBool()
  }

  /// `bytes` as compact JSON text (whitespace between tokens dropped, nothing else
  /// changed), validated.
  static func compact(_ bytes: ArraySlice<UInt8>) throws(Malformed) -> RawJSON {
    do {
      return try RawJSON(validating: String(decoding: bytes, as: UTF8.self))
    } catch {
      throw Malformed(reason: "not valid JSON: \(error)")
    }
  }

  private static func scanner(_ bytes: ArraySlice<UInt8>) -> JSONScanner {
    JSONScanner(
      source: JSONMemorySource(Array(bytes)),
      bufferBytes: min(max(bytes.count + 8, JSONScanner.bufferBytesMin), 1 << 20))
  }
}

extension [(String, ArraySlice<UInt8>)] {
  /// The raw value of the member named `key`.
  subscript(member key: String) -> ArraySlice<UInt8>? {
    first { $0.0 == key }?.1
  }
}

extension MCPJSON {
  /// The JSON text `text` as a value for output (`exec --json` items, app-server
  /// results), or nil when it is not JSON. Member order is kept; numbers become integers
  /// when they are, else doubles. Not for hot paths: tool arguments and results only.
  public static func value(_ text: String) -> JSONValue? {
    let bytes = Array(text.utf8)
    return value(bytes[...])
  }

  static func value(_ bytes: ArraySlice<UInt8>) -> JSONValue? {
    switch kind(bytes) {
    case .object?:
      guard let fields = try? members(bytes) else { return nil }
      var out: [(String, JSONValue)] = []
      for (key, raw) in fields {
        guard let member = value(raw) else { return nil }
        out.append((key, member))
      }
      return .object(out)
    case .array?:
      guard let items = try? elements(bytes) else { return nil }
      var out: [JSONValue] = []
      for raw in items {
        guard let item = value(raw) else { return nil }
        out.append(item)
      }
      return .array(out)
    case .string?: return string(bytes).map { .string($0) }
    case .bool?: return bool(bytes).map { .bool($0) }
    case .null?: return .null
    case .number?:
      let text = String(decoding: bytes, as: UTF8.self).filter { !$0.isWhitespace }
      if let number = Int64(text) { return .int(number) }
      if let number = UInt64(text) { return .uint(number) }
      return Double(text).map { .double($0) }
    case nil: return nil
    }
  }
}
