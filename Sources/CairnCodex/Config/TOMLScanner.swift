/// One statement of a TOML document, with the byte ranges that a minimal textual edit needs.
public struct TOMLStatement: Equatable, Sendable {
  public enum Kind: Equatable, Sendable {
    /// `[a.b]`, or `[[a.b]]` when `arrayOfTables`.
    case header(arrayOfTables: Bool)
    /// `key = value`, where the key may be dotted.
    case keyValue
  }

  public var kind: Kind
  /// The table a key/value line belongs to (the path of the last header; for an array of
  /// tables the path gets a segment `[n]` with the element's index).
  public var tablePath: ConfigKeyPath
  /// The key as written on the line (dotted keys give several segments); the header's
  /// path for a header.
  public var keyPath: ConfigKeyPath
  /// Byte offset of the start of the line the statement starts on.
  public var lineStart: Int
  /// Byte offset of the first byte of the key (or of `[` for a header).
  public var keyStart: Int
  /// Byte range of the value (empty for a header).
  public var valueRange: Range<Int>
  /// Byte offset just past the newline that ends the statement's last line (or the end of
  /// the text).
  public var lineEnd: Int

  /// The full path the statement defines: table path + key path.
  public var path: ConfigKeyPath {
    switch kind {
    case .header: keyPath
    case .keyValue: ConfigKeyPath(tablePath.segments + keyPath.segments)
    }
  }
}

/// A forgiving scanner that splits a TOML document into headers and key/value statements,
/// keeping byte offsets. It is meant for documents TOMLKit has accepted: it does not
/// validate, but on any input it terminates and never traps.
///
/// Knows what matters for finding statement boundaries: comments, the four kinds of
/// strings (multi-line ones included), arrays spanning lines, inline tables, quoted and
/// dotted keys.
public struct TOMLScanner {
  private let bytes: [UInt8]
  private var offset = 0
  private var tablePath = ConfigKeyPath.root
  private var arrayCounts: [ConfigKeyPath: Int] = [:]
  private let lineStarts: [Int]

  public init(_ text: String) {
    bytes = Array(text.utf8)
    var starts = [0]
    for (index, byte) in bytes.enumerated() where byte == 0x0A { starts.append(index + 1) }
    lineStarts = starts
  }

  /// Every statement, in document order.
  public static func statements(of text: String) -> [TOMLStatement] {
    var scanner = TOMLScanner(text)
    return scanner.scanAll()
  }

  /// The 1-based line and character column of a byte offset.
  public func position(ofByte target: Int) -> SourcePosition {
    var low = 0
    var high = lineStarts.count
    while low + 1 < high {
      let middle = (low + high) / 2
      if lineStarts[middle] <= target { low = middle } else { high = middle }
    }
    var column = 1
    var index = lineStarts[low]
    while index < min(target, bytes.count) {
      if bytes[index] & 0xC0 != 0x80 { column += 1 }
      index += 1
    }
    return SourcePosition(line: low + 1, column: column)
  }

  /// The members of the inline table whose value occupies `range` (from `{` to `}`): each
  /// member's key path and the byte range of its value.
  public static func inlineTableMembers(of text: String, in range: Range<Int>) -> [(
    key: ConfigKeyPath, valueRange: Range<Int>
  )] {
    var scanner = TOMLScanner(text)
    return scanner.scanInlineMembers(range)
  }

  private mutating func scanInlineMembers(_ range: Range<Int>) -> [(
    key: ConfigKeyPath, valueRange: Range<Int>
  )] {
    var members: [(key: ConfigKeyPath, valueRange: Range<Int>)] = []
    guard range.count >= 2, bytes[range.lowerBound] == UInt8(ascii: "{") else { return members }
    offset = range.lowerBound + 1
    let end = range.upperBound - 1
    while offset < end {
      let start = offset
      skipSpaces()
      let key = scanKey()
      skipSpaces()
      guard !key.isEmpty, peek(0) == UInt8(ascii: "=") else { break }
      offset += 1
      skipSpaces()
      let valueStart = offset
      scanValue(topLevel: false)
      var valueEnd = min(offset, end)
      while valueEnd > valueStart, bytes[valueEnd - 1] == 0x20 || bytes[valueEnd - 1] == 0x09 {
        valueEnd -= 1
      }
      members.append((key, valueStart..<valueEnd))
      skipSpaces()
      if peek(0) == UInt8(ascii: ",") { offset += 1 }
      if offset == start { break }
    }
    return members
  }

  mutating func scanAll() -> [TOMLStatement] {
    var statements: [TOMLStatement] = []
    while true {
      skipBlankAndComments()
      guard offset < bytes.count else { break }
      let start = offset
      if let statement = scanStatement() { statements.append(statement) }
      if offset == start { offset += 1 }  // Never stall on bytes no rule takes.
    }
    return statements
  }

  private mutating func scanStatement() -> TOMLStatement? {
    let lineStart = lineStartOffset(of: offset)
    let keyStart = offset
    if bytes[offset] == UInt8(ascii: "[") {
      let arrayOfTables = peek(1) == UInt8(ascii: "[")
      offset += arrayOfTables ? 2 : 1
      let path = scanKey()
      skipSpaces()
      if peek(0) == UInt8(ascii: "]") { offset += 1 }
      if arrayOfTables && peek(0) == UInt8(ascii: "]") { offset += 1 }
      finishLine()
      if arrayOfTables {
        let index = arrayCounts[path, default: 0]
        arrayCounts[path] = index + 1
        tablePath = path.appending("[\(index)]")
      } else {
        tablePath = path
      }
      return TOMLStatement(
        kind: .header(arrayOfTables: arrayOfTables), tablePath: path, keyPath: path,
        lineStart: lineStart, keyStart: keyStart, valueRange: offset..<offset, lineEnd: offset)
    }
    let key = scanKey()
    skipSpaces()
    guard peek(0) == UInt8(ascii: "="), !key.isEmpty else {
      finishLine()
      return nil
    }
    offset += 1
    skipSpaces()
    let valueStart = offset
    scanValue(topLevel: true)
    var valueEnd = offset
    while valueEnd > valueStart, bytes[valueEnd - 1] == 0x20 || bytes[valueEnd - 1] == 0x09 {
      valueEnd -= 1
    }
    finishLine()
    return TOMLStatement(
      kind: .keyValue, tablePath: tablePath, keyPath: key, lineStart: lineStart,
      keyStart: keyStart, valueRange: valueStart..<valueEnd, lineEnd: offset)
  }

  // MARK: Keys

  private mutating func scanKey() -> ConfigKeyPath {
    var segments: [String] = []
    while offset < bytes.count {
      skipSpaces()
      guard let byte = peek(0) else { break }
      if byte == UInt8(ascii: "\"") {
        segments.append(scanBasicStringContents())
      } else if byte == UInt8(ascii: "'") {
        offset += 1
        let start = offset
        while let next = peek(0), next != UInt8(ascii: "'"), next != 0x0A { offset += 1 }
        segments.append(String(decoding: bytes[start..<offset], as: UTF8.self))
        if peek(0) == UInt8(ascii: "'") { offset += 1 }
      } else if Self.isBareKeyByte(byte) {
        let start = offset
        while let next = peek(0), Self.isBareKeyByte(next) { offset += 1 }
        segments.append(String(decoding: bytes[start..<offset], as: UTF8.self))
      } else {
        break
      }
      skipSpaces()
      if peek(0) == UInt8(ascii: ".") {
        offset += 1
      } else {
        break
      }
    }
    return ConfigKeyPath(segments)
  }

  /// Reads `"…"` at the offset and returns its decoded contents.
  private mutating func scanBasicStringContents() -> String {
    offset += 1
    var scalars = String.UnicodeScalarView()
    var raw: [UInt8] = []
    func flush() {
      scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
      raw.removeAll()
    }
    while let byte = peek(0), byte != UInt8(ascii: "\""), byte != 0x0A {
      if byte == UInt8(ascii: "\\"), let escaped = peek(1) {
        flush()
        offset += 2
        switch escaped {
        case UInt8(ascii: "n"): scalars.append("\n")
        case UInt8(ascii: "t"): scalars.append("\t")
        case UInt8(ascii: "r"): scalars.append("\r")
        case UInt8(ascii: "b"): scalars.append("\u{08}")
        case UInt8(ascii: "f"): scalars.append("\u{0C}")
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
          let width = escaped == UInt8(ascii: "u") ? 4 : 8
          let end = min(offset + width, bytes.count)
          let hex = String(decoding: bytes[offset..<end], as: UTF8.self)
          if let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) {
            scalars.append(scalar)
          }
          offset = end
        default: scalars.append(Unicode.Scalar(escaped))
        }
      } else {
        raw.append(byte)
        offset += 1
      }
    }
    flush()
    if peek(0) == UInt8(ascii: "\"") { offset += 1 }
    return String(scalars)
  }

  // MARK: Values

  /// Moves past one value. At top level a bare value (number, boolean, date) runs to a
  /// comment or the end of the line, since dates may hold a space.
  private mutating func scanValue(topLevel: Bool) {
    guard let byte = peek(0) else { return }
    switch byte {
    case UInt8(ascii: "\""), UInt8(ascii: "'"):
      skipString()
    case UInt8(ascii: "["), UInt8(ascii: "{"):
      skipBracketed()
    default:
      if topLevel {
        while let next = peek(0), next != 0x0A, next != UInt8(ascii: "#") { offset += 1 }
        if offset > 0, bytes[offset - 1] == 0x0D, peek(0) == 0x0A { offset -= 1 }
      } else {
        while let next = peek(0), !Self.endsInnerScalar(next) { offset += 1 }
      }
    }
  }

  /// Moves past a string of any of the four kinds.
  private mutating func skipString() {
    let quote = bytes[offset]
    let escapes = quote == UInt8(ascii: "\"")
    if peek(1) == quote && peek(2) == quote {
      offset += 3
      while offset < bytes.count {
        if escapes && bytes[offset] == UInt8(ascii: "\\") {
          offset += 2
          continue
        }
        if bytes[offset] == quote && peek(1) == quote && peek(2) == quote {
          offset += 3
          // Up to two quotes may stand right before the closing delimiter.
          var extra = 0
          while extra < 2, peek(0) == quote {
            offset += 1
            extra += 1
          }
          return
        }
        offset += 1
      }
      return
    }
    offset += 1
    while let next = peek(0), next != quote, next != 0x0A {
      offset += escapes && next == UInt8(ascii: "\\") ? 2 : 1
    }
    if peek(0) == quote { offset += 1 }
    offset = min(offset, bytes.count)
  }

  /// Moves past `[…]` or `{…}`, with nesting, strings and comments inside.
  private mutating func skipBracketed() {
    var depth = 0
    while offset < bytes.count {
      let byte = bytes[offset]
      switch byte {
      case UInt8(ascii: "["), UInt8(ascii: "{"):
        depth += 1
        offset += 1
      case UInt8(ascii: "]"), UInt8(ascii: "}"):
        depth -= 1
        offset += 1
        if depth <= 0 { return }
      case UInt8(ascii: "\""), UInt8(ascii: "'"):
        skipString()
      case UInt8(ascii: "#"):
        while let next = peek(0), next != 0x0A { offset += 1 }
      default:
        offset += 1
      }
    }
  }

  // MARK: Whitespace, comments, lines

  private mutating func skipSpaces() {
    while let byte = peek(0), byte == 0x20 || byte == 0x09 { offset += 1 }
  }

  private mutating func skipBlankAndComments() {
    while let byte = peek(0) {
      if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
        offset += 1
      } else if byte == UInt8(ascii: "#") {
        while let next = peek(0), next != 0x0A { offset += 1 }
      } else {
        return
      }
    }
  }

  /// Skips the rest of the line (spaces, a comment) and its newline.
  private mutating func finishLine() {
    while let byte = peek(0), byte != 0x0A { offset += 1 }
    if peek(0) == 0x0A { offset += 1 }
  }

  private func lineStartOffset(of target: Int) -> Int {
    var index = target
    while index > 0, bytes[index - 1] != 0x0A { index -= 1 }
    return index
  }

  private func peek(_ ahead: Int) -> UInt8? {
    offset + ahead < bytes.count ? bytes[offset + ahead] : nil
  }

  private static func isBareKeyByte(_ byte: UInt8) -> Bool {
    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A)
      || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F || byte == 0x2D
  }

  private static func endsInnerScalar(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}")
      || byte == 0x0A || byte == UInt8(ascii: "#")
  }
}
