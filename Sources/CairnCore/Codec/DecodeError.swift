/// Why a payload did not decode. `offset` is the byte position in the payload.
public enum DecodeError: Error, Equatable, Hashable, Sendable, CustomStringConvertible {
  /// The payload ended inside a field.
  case truncated(offset: Int, needed: Int)
  /// A variable-length integer ran longer than ten bytes, or past 64 bits.
  case overlongInteger(offset: Int)
  /// A string field is not valid UTF-8.
  case invalidUTF8(offset: Int)
  /// A tag names no case this build knows.
  case unknownTag(type: String, tag: UInt64, offset: Int)
  /// A length or count is larger than the payload could hold.
  case lengthOutOfRange(offset: Int, length: UInt64)
  /// Bytes were left over after the last field.
  case trailingBytes(offset: Int, count: Int)
  /// The envelope's kind names no event this build knows.
  case unknownEventKind(UInt16)
  /// The envelope's schema version is newer than this build reads.
  case unsupportedSchemaVersion(kind: UInt16, found: UInt16, supported: UInt16)

  public var description: String {
    switch self {
    case .truncated(let offset, let needed):
      return "payload truncated at byte \(offset) (\(needed) more bytes needed)"
    case .overlongInteger(let offset):
      return "overlong variable-length integer at byte \(offset)"
    case .invalidUTF8(let offset):
      return "invalid UTF-8 in the string at byte \(offset)"
    case .unknownTag(let type, let tag, let offset):
      return "unknown \(type) tag \(tag) at byte \(offset)"
    case .lengthOutOfRange(let offset, let length):
      return "length \(length) at byte \(offset) exceeds the payload"
    case .trailingBytes(let offset, let count):
      return "\(count) unexpected bytes after the last field, at byte \(offset)"
    case .unknownEventKind(let kind):
      return "unknown event kind \(kind): written by a newer cairn? (upgrade to read it)"
    case .unsupportedSchemaVersion(let kind, let found, let supported):
      return
        "event kind \(kind) has schema version \(found); this build reads up to \(supported): "
        + "upgrade cairn to read it"
    }
  }
}
