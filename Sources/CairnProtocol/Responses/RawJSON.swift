/// A JSON text kept as text and embedded verbatim when encoding: tool parameter schemas,
/// custom tool formats, `--output-schema` schemas, tools of kinds Cairn does not model.
///
/// `init(validating:)` checks it is exactly one well-formed JSON value and stores it
/// compacted (whitespace between tokens removed; strings, their escapes and the member
/// order untouched), the way Codex re-serializes a schema it read from a file.
///
/// ```swift
/// let schema = try RawJSON(validating: #"{ "type": "object" }"#)
/// schema.text   // {"type":"object"}
/// ```
public struct RawJSON: Sendable, Equatable, Hashable, CustomStringConvertible {
  /// The compact JSON text.
  public private(set) var text: String

  /// Validates `text` as one JSON value (RFC 8259, strict UTF-8) and compacts it; throws
  /// `JSONScanError` with the byte offset of the first wrong byte.
  public init(validating text: String) throws {
    let bytes = Array(text.utf8)
    let scanner = JSONScanner(
      source: JSONMemorySource(bytes), bufferBytes: min(max(bytes.count, 64), 1 << 20))
    try scanner.skipValue()
    guard try scanner.skipWhitespace() == nil else {
      throw JSONScanError(
        offset: scanner.offset, cause: .trailingBytes(bytes[Int(scanner.offset)]))
    }
    self.text = String(decoding: Self.compacted(bytes), as: UTF8.self)
  }

  /// For text this module produced itself and knows to be compact, valid JSON.
  init(trusted text: String) {
    self.text = text
  }

  public var description: String { text }

  /// Drops the whitespace outside strings (the input is known to be valid JSON).
  static func compacted(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var inString = false
    var escaped = false
    for byte in bytes {
      if inString {
        out.append(byte)
        if escaped {
          escaped = false
        } else if byte == UInt8(ascii: "\\") {
          escaped = true
        } else if byte == UInt8(ascii: "\"") {
          inString = false
        }
      } else if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
        continue
      } else {
        if byte == UInt8(ascii: "\"") { inString = true }
        out.append(byte)
      }
    }
    return out
  }
}
