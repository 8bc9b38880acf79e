/// Why a piece of a log file does not decode. The store adds the file and offset.
///
/// Each case says what a user would need to know to tell a torn write from corruption.
public enum FormatDefect: Error, Equatable, Hashable, Sendable, CustomStringConvertible {
  /// Fewer bytes were present than the structure needs.
  case incomplete(needed: Int, available: Int)
  /// The magic number is not the expected one.
  case badMagic(expected: String)
  /// A field that must hold a fixed value holds another.
  case badField(name: String, value: UInt64)
  /// The format version is one this build does not read.
  case unsupportedVersion(found: UInt16, supported: UInt16)
  /// A length field is outside what the format and the segment allow.
  case lengthOutOfRange(field: String, value: UInt64, limit: UInt64)
  /// The stored checksum does not match the bytes.
  case checksumMismatch(stored: UInt64, computed: UInt64)
  /// An LZ4 payload did not decompress to its declared length.
  case decompressionFailed(rawBytes: Int)
  /// Record frames inside a verified block do not add up.
  case malformedRecords(reason: String)

  public var description: String {
    switch self {
    case .incomplete(let needed, let available):
      return "incomplete: needs \(needed) bytes, \(available) present"
    case .badMagic(let expected):
      return "bad magic number (expected \(expected))"
    case .badField(let name, let value):
      return "field \(name) holds \(value), which the format does not allow"
    case .unsupportedVersion(let found, let supported):
      return "unsupported format version \(found) (this build reads version \(supported))"
    case .lengthOutOfRange(let field, let value, let limit):
      return "\(field) of \(value) bytes is out of range (limit \(limit))"
    case .checksumMismatch(let stored, let computed):
      return
        "checksum mismatch (stored \(hex16(stored)), computed \(hex16(computed)))"
    case .decompressionFailed(let rawBytes):
      return "LZ4 payload does not decompress to its declared \(rawBytes) bytes"
    case .malformedRecords(let reason):
      return "malformed record frames: \(reason)"
    }
  }
}

/// A checksum as 16 lowercase hex digits.
public func hex16(_ value: UInt64) -> String {
  let digits = String(value, radix: 16)
  return String(repeating: "0", count: 16 - digits.count) + digits
}
