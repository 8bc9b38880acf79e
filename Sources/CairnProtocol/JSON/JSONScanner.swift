/// A streaming, strict JSON scanner over UTF-8 bytes (RFC 8259), for readers that keep a
/// few fields of large values: the caller walks the structure (`beginObject`,
/// `nextMember`, `beginArray`, `nextElement`), reads the scalars it keeps and calls
/// `skipValue()` for the rest, which validates without materializing. Strings are read
/// with a byte bound (`readString(keepingBytes:)`), so a value of hundreds of megabytes
/// passes through a window of `bufferBytes` and the kept prefix only.
///
/// Memory is bounded: the window (fixed at init), the member-name scratch
/// (`keyBytesMax`), and the largest string prefix a caller asked to keep.
///
/// In line mode (JSON Lines), a newline is not whitespace but the end of the line: a
/// value that runs into it fails with `.unexpectedEndOfLine`, `finishLine()` consumes it,
/// and `skipLine()` resynchronizes after an error. Errors carry the absolute byte offset.
///
/// ```swift
/// let scanner = JSONScanner(source: JSONMemorySource(#"{"a":1,"b":[true]}"#))
/// try scanner.beginObject()
/// while try scanner.nextMember() {
///   if scanner.keyEquals("a") { print(try scanner.readInteger()!) } else { try scanner.skipValue() }
/// }
/// ```
public final class JSONScanner {
  /// The deepest nesting of objects and arrays accepted.
  public static let depthMax = 512
  /// The longest number accepted, in bytes.
  public static let numberBytesMax = 1024
  /// The longest member name kept; longer names are cut (`keyIsTruncated`) and so never
  /// equal a name the caller looks for.
  public static let keyBytesMax = 256
  /// The smallest window: an escape (12 bytes) or a UTF-8 sequence must fit.
  public static let bufferBytesMin = 64

  private let source: JSONByteSource
  let buffer: UnsafeMutablePointer<UInt8>
  /// The window's size in bytes.
  public let bufferBytes: Int
  var position = 0
  var limit = 0
  /// The input offset of `buffer[0]`.
  var bufferBase: UInt64 = 0
  var sourceEnded = false
  /// Whether a newline ends the current line instead of being whitespace.
  public let lineMode: Bool
  var depth = 0
  /// Whether the innermost open container has not yet had a member or element.
  var containerIsFresh = false

  let keyStorage: UnsafeMutablePointer<UInt8>
  /// The length of the last member name read by `nextMember()`.
  public internal(set) var keyCount = 0
  /// Whether the last member name was longer than `keyBytesMax`.
  public internal(set) var keyIsTruncated = false

  var textStorage: UnsafeMutablePointer<UInt8>
  var textCapacity: Int

  /// How many times the window was refilled from the source.
  public private(set) var refills = 0

  /// `startOffset` is the input offset of the source's first byte, for a source that
  /// starts inside a file: offsets in errors and `offset` then count from the file's start.
  public init(
    source: JSONByteSource, bufferBytes: Int = 256 * 1024, lineMode: Bool = false,
    startOffset: UInt64 = 0
  ) {
    self.source = source
    bufferBase = startOffset
    self.bufferBytes = max(bufferBytes, Self.bufferBytesMin)
    // Eight spare bytes after the window let the word-at-a-time loops read past `limit`
    // without a bounds check; they never look at what they read there.
    buffer = .allocate(capacity: self.bufferBytes + 8)
    buffer.initialize(repeating: 0, count: self.bufferBytes + 8)
    keyStorage = .allocate(capacity: Self.keyBytesMax)
    textCapacity = 256
    textStorage = .allocate(capacity: textCapacity)
    self.lineMode = lineMode
  }

  deinit {
    buffer.deallocate()
    keyStorage.deallocate()
    textStorage.deallocate()
  }

  /// The input offset of the next byte to be read.
  public var offset: UInt64 { bufferBase + UInt64(position) }

  /// The nesting depth of the open objects and arrays.
  public var currentDepth: Int { depth }

  // MARK: - The window

  /// Makes at least `count` bytes available at `position` unless the input ends first;
  /// returns how many are available. May move the window (and so `position`).
  @discardableResult
  func ensure(_ count: Int) throws -> Int {
    let available = limit - position
    if available >= count || sourceEnded { return available }
    if position > 0 {
      if available > 0 { buffer.update(from: buffer + position, count: available) }
      bufferBase += UInt64(position)
      position = 0
      limit = available
    }
    while limit < count && !sourceEnded {
      let got = try source.read(
        into: UnsafeMutableRawBufferPointer(start: buffer + limit, count: bufferBytes - limit))
      if got <= 0 {
        sourceEnded = true
      } else {
        limit += got
        refills += 1
      }
    }
    return limit - position
  }

  @inline(__always)
  func peek() throws -> UInt8? {
    if position < limit { return buffer[position] }
    return try ensure(1) > 0 ? buffer[position] : nil
  }

  func error(_ cause: JSONScanError.Cause, at position: Int? = nil) -> JSONScanError {
    JSONScanError(offset: bufferBase + UInt64(position ?? self.position), cause: cause)
  }

  /// The error for `byte` (nil: the end of the input) where `expected` should be.
  func unexpected(_ byte: UInt8?, expected: String) -> JSONScanError {
    guard let byte else { return error(.unexpectedEndOfInput) }
    if byte == 0x0A && lineMode { return error(.unexpectedEndOfLine) }
    return error(.unexpectedByte(byte, expected: expected))
  }

  /// Skips JSON whitespace (not a newline in line mode) and returns the next byte, or nil
  /// at the end of the input.
  func skipWhitespace() throws -> UInt8? {
    while true {
      while position < limit {
        let byte = buffer[position]
        if byte == 0x20 || byte == 0x09 || byte == 0x0D || (byte == 0x0A && !lineMode) {
          position += 1
        } else {
          return byte
        }
      }
      if try ensure(1) == 0 { return nil }
    }
  }

  // MARK: - Structure

  /// The kind of the next value, without consuming it.
  public func peekKind() throws -> JSONValueKind {
    guard let byte = try skipWhitespace() else { throw unexpected(nil, expected: "a JSON value") }
    switch byte {
    case UInt8(ascii: "{"): return .object
    case UInt8(ascii: "["): return .array
    case UInt8(ascii: "\""): return .string
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
    case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
    case UInt8(ascii: "n"): return .null
    default: throw unexpected(byte, expected: "a JSON value")
    }
  }

  /// Consumes the `{` that opens an object.
  public func beginObject() throws { try open(UInt8(ascii: "{"), "'{'") }

  /// Consumes the `[` that opens an array.
  public func beginArray() throws { try open(UInt8(ascii: "["), "'['") }

  private func open(_ bracket: UInt8, _ name: String) throws {
    let byte = try skipWhitespace()
    guard byte == bracket else { throw unexpected(byte, expected: name) }
    guard depth < Self.depthMax else { throw error(.nestingTooDeep) }
    depth += 1
    position += 1
    containerIsFresh = true
  }

  private func close() {
    position += 1
    depth -= 1
    // The container just closed was a value of its parent, which so has had one.
    containerIsFresh = false
  }

  /// Reads the next member's name and its colon, leaving the scanner at its value (which
  /// the caller must read or skip); returns false after consuming the closing `}`.
  public func nextMember() throws -> Bool {
    var byte = try skipWhitespace()
    if byte == UInt8(ascii: "}") {
      close()
      return false
    }
    if containerIsFresh {
      containerIsFresh = false
    } else {
      guard byte == UInt8(ascii: ",") else { throw unexpected(byte, expected: "',' or '}'") }
      position += 1
      byte = try skipWhitespace()
    }
    guard byte == UInt8(ascii: "\"") else { throw unexpected(byte, expected: "a member name") }
    let scanned = try scanString(into: keyStorage, capacity: Self.keyBytesMax)
    keyCount = scanned.kept
    keyIsTruncated = scanned.truncated
    let colon = try skipWhitespace()
    guard colon == UInt8(ascii: ":") else { throw unexpected(colon, expected: "':'") }
    position += 1
    return true
  }

  /// Moves to the next element of an array (the caller reads or skips it); returns false
  /// after consuming the closing `]`.
  public func nextElement() throws -> Bool {
    let byte = try skipWhitespace()
    if containerIsFresh {
      containerIsFresh = false
      if byte == UInt8(ascii: "]") {
        close()
        return false
      }
      return true
    }
    if byte == UInt8(ascii: "]") {
      close()
      return false
    }
    guard byte == UInt8(ascii: ",") else { throw unexpected(byte, expected: "',' or ']'") }
    position += 1
    return true
  }

  /// Skips the next value of any kind, validating it, without materializing anything.
  public func skipValue() throws {
    switch try peekKind() {
    case .object:
      try beginObject()
      while try nextMember() { try skipValue() }
    case .array:
      try beginArray()
      while try nextElement() { try skipValue() }
    case .string: _ = try scanString(into: nil, capacity: 0)
    case .number: _ = try scanNumber()
    case .bool: _ = try readBool()
    case .null: try readNull()
    }
  }

  // MARK: - Member names

  /// The last member name read, valid until the next call on the scanner.
  public var key: UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: keyStorage, count: keyCount)
  }

  /// Whether the last member name is exactly `name`.
  public func keyEquals(_ name: StaticString) -> Bool {
    guard !keyIsTruncated, name.utf8CodeUnitCount == keyCount else { return false }
    let expected = name.utf8Start
    for index in 0..<keyCount where keyStorage[index] != expected[index] { return false }
    return true
  }

  /// The last member name as a string.
  public var keyString: String { String(decoding: key, as: UTF8.self) }

  // MARK: - Literals

  /// Reads `true` or `false`.
  public func readBool() throws -> Bool {
    let byte = try skipWhitespace()
    if byte == UInt8(ascii: "t") {
      try literal("true")
      return true
    }
    if byte == UInt8(ascii: "f") {
      try literal("false")
      return false
    }
    throw unexpected(byte, expected: "true or false")
  }

  /// Reads `null`.
  public func readNull() throws {
    let byte = try skipWhitespace()
    guard byte == UInt8(ascii: "n") else { throw unexpected(byte, expected: "null") }
    try literal("null")
  }

  /// Consumes `null` if it is next and says whether it was.
  public func skipNull() throws -> Bool {
    guard try skipWhitespace() == UInt8(ascii: "n") else { return false }
    try literal("null")
    return true
  }

  private func literal(_ word: StaticString) throws {
    let bytes = word.utf8Start
    for index in 0..<word.utf8CodeUnitCount {
      let byte = try peek()
      guard byte == bytes[index] else { throw unexpected(byte, expected: "'\(word)'") }
      position += 1
    }
  }

  // MARK: - Lines

  /// Consumes the BOM (EF BB BF) if the input continues with one; says whether it did.
  public func skipByteOrderMark() throws -> Bool {
    guard try ensure(3) >= 3, buffer[position] == 0xEF, buffer[position + 1] == 0xBB,
      buffer[position + 2] == 0xBF
    else { return false }
    position += 3
    return true
  }

  /// Whether nothing is left of the input.
  public func isAtEnd() throws -> Bool { try ensure(1) == 0 }

  /// Skips spaces, tabs and carriage returns, then consumes the newline that ends the
  /// line; returns false when the input ends first (a last line without a newline).
  public func finishLine() throws -> Bool {
    let byte = try skipWhitespace()
    guard let byte else { return false }
    guard byte == 0x0A else { throw error(.trailingBytes(byte)) }
    position += 1
    return true
  }

  /// Whether the rest of the line is blank (spaces, tabs, CRs), leaving the scanner at
  /// its newline or at the end of the input.
  public func restOfLineIsBlank() throws -> Bool {
    let byte = try skipWhitespace()
    return byte == nil || byte == 0x0A
  }

  /// Skips to just past the next newline, to resume after a malformed line; returns false
  /// when the input ends first. Resets the nesting state.
  public func skipLine() throws -> Bool {
    depth = 0
    containerIsFresh = false
    while true {
      var index = position
      while index < limit {
        if buffer[index] == 0x0A {
          position = index + 1
          return true
        }
        index += 1
      }
      position = limit
      if try ensure(1) == 0 { return false }
    }
  }
}
