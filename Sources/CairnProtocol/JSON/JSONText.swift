/// A string value read with a bound: the first `kept` bytes of its UTF-8 text (cut at a
/// character boundary) and the length of the whole decoded value.
public struct JSONText: Equatable, Sendable {
  /// The kept prefix (the whole value when `isTruncated` is false).
  public var text: String
  /// The decoded UTF-8 length of the whole value.
  public var totalBytes: Int
  /// Whether `text` is shorter than the value.
  public var isTruncated: Bool

  public init(text: String, totalBytes: Int, isTruncated: Bool) {
    self.text = text
    self.totalBytes = totalBytes
    self.isTruncated = isTruncated
  }

  public init(_ text: String) {
    self.init(text: text, totalBytes: text.utf8.count, isTruncated: false)
  }

  public static let empty = JSONText("")
}

/// The kinds of JSON value, from the first byte of one.
public enum JSONValueKind: Equatable, Sendable {
  case object, array, string, number, bool, null
}
