import CairnProtocol

/// Reads a tool call's arguments (a JSON object as text) field by field with CairnProtocol's
/// `JSONScanner`, turning every problem into a `ToolArgumentsError` that names the field.
/// Unknown fields are skipped (Codex ignores them too); a field given twice is refused.
struct ToolArgumentsReader {
  private let scanner: JSONScanner
  private let textBytes: Int
  private var seen: Set<String> = []

  /// Reads `text` as an object, calling `field` with each member's name; `field` reads the
  /// value through the reader (or returns false to have it skipped).
  static func readObject(
    _ text: String, _ field: (inout ToolArgumentsReader, String) throws(ToolArgumentsError) -> Bool
  ) throws(ToolArgumentsError) {
    let bytes = Array(text.utf8)
    var reader = ToolArgumentsReader(
      scanner: JSONScanner(source: JSONMemorySource(bytes)), textBytes: bytes.count)
    try reader.scan(field)
  }

  private init(scanner: JSONScanner, textBytes: Int) {
    self.scanner = scanner
    self.textBytes = textBytes
  }

  private mutating func scan(
    _ field: (inout ToolArgumentsReader, String) throws(ToolArgumentsError) -> Bool
  ) throws(ToolArgumentsError) {
    let kind = try json { try scanner.peekKind() }
    guard kind == .object else { throw .notAnObject(found: Self.describe(kind)) }
    try json { try scanner.beginObject() }
    while try json({ try scanner.nextMember() }) {
      let name = scanner.keyString
      guard seen.insert(name).inserted else { throw .duplicateField(name) }
      // A null is an absent optional field.
      if try json({ try scanner.skipNull() }) {
        seen.remove(name)
        continue
      }
      if try !field(&self, name) { try json { try scanner.skipValue() } }
    }
    guard try json({ try scanner.restOfLineIsBlank() && scanner.isAtEnd() }) else {
      throw .malformedJSON(offset: scanner.offset, cause: "unexpected bytes after the object")
    }
  }

  /// Whether `name` was present (and not null).
  func has(_ name: String) -> Bool { seen.contains(name) }

  func string(_ field: String) throws(ToolArgumentsError) -> String {
    try expect(.string, field, "a string")
    return try json { try scanner.readString(keepingBytes: textBytes).text }
  }

  func bool(_ field: String) throws(ToolArgumentsError) -> Bool {
    try expect(.bool, field, "a boolean")
    return try json { try scanner.readBool() }
  }

  /// A non-negative integer that fits in `UInt64` (Codex's `u64` and `usize` fields).
  func unsignedInteger(_ field: String) throws(ToolArgumentsError) -> UInt64 {
    try expect(.number, field, "a non-negative integer")
    let start = scanner.offset
    guard let value = try json({ try scanner.readInteger() }) else {
      throw .invalidType(
        field: field, expected: "a non-negative integer",
        found: "a number that is not an integer (byte \(start))")
    }
    guard value >= 0 else {
      throw .invalidValue(field: field, value: String(value), expected: "a non-negative integer")
    }
    return UInt64(value)
  }

  func stringArray(_ field: String) throws(ToolArgumentsError) -> [String] {
    try expect(.array, field, "an array of strings")
    var values: [String] = []
    try json { try scanner.beginArray() }
    while try json({ try scanner.nextElement() }) {
      let kind = try json { try scanner.peekKind() }
      guard kind == .string else {
        throw .invalidType(
          field: "\(field)[\(values.count)]", expected: "a string", found: Self.describe(kind))
      }
      values.append(try json { try scanner.readString(keepingBytes: textBytes).text })
    }
    return values
  }

  private func expect(_ kind: JSONValueKind, _ field: String, _ expected: String)
    throws(ToolArgumentsError)
  {
    let found = try json { try scanner.peekKind() }
    guard found == kind else {
      throw .invalidType(field: field, expected: expected, found: Self.describe(found))
    }
  }

  /// Runs a scanner call, turning its error into `.malformedJSON`.
  private func json<Value>(_ body: () throws -> Value) throws(ToolArgumentsError) -> Value {
    do {
      return try body()
    } catch let error as JSONScanError {
      throw .malformedJSON(offset: error.offset, cause: error.cause.text)
    } catch {
      throw .malformedJSON(offset: scanner.offset, cause: String(describing: error))
    }
  }

  static func describe(_ kind: JSONValueKind) -> String {
    switch kind {
    case .object: return "an object"
    case .array: return "an array"
    case .string: return "a string"
    case .number: return "a number"
    case .bool: return "a boolean"
    case .null: return "null"
    }
  }
}
