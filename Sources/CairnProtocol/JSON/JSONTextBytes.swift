/// A string value read with a bound, kept as the UTF-8 bytes the scanner validated: for
/// long texts that go on as bytes (tool output becomes a log chunk), so they are never
/// validated a second time to become a `String` and copied back out of it.
public struct JSONTextBytes: Equatable, Sendable {
  /// The kept prefix, valid UTF-8 cut at a character boundary (the whole value when
  /// `isTruncated` is false).
  public var bytes: [UInt8]
  /// The decoded UTF-8 length of the whole value.
  public var totalBytes: Int
  /// Whether `bytes` is shorter than the value.
  public var isTruncated: Bool

  public init(bytes: [UInt8], totalBytes: Int, isTruncated: Bool) {
    self.bytes = bytes
    self.totalBytes = totalBytes
    self.isTruncated = isTruncated
  }

  public init(_ text: String) {
    self.init(bytes: Array(text.utf8), totalBytes: text.utf8.count, isTruncated: false)
  }

  /// The kept prefix as a `String` (this validates the bytes again: for tests and rare
  /// uses, not for the hot path).
  public var text: String { String(decoding: bytes, as: UTF8.self) }
}
