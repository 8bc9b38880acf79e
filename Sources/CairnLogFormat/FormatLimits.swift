/// Sizes the format fixes, and the configurable limits with their defaults.
/// docs/LOG_FORMAT.md, "Limits", is the contract.
public enum FormatLimits {
  /// The format version this build writes and reads.
  public static let formatVersion: UInt16 = 1
  /// Default target for a block's uncompressed bytes.
  public static let blockBytesTargetDefault = 64 * 1024
  /// Default largest payload one record may carry.
  public static let recordPayloadBytesMaxDefault = 64 * 1024 * 1024
  /// Default size at which the writer seals a segment and starts the next.
  public static let segmentRollBytesDefault: UInt64 = 64 * 1024 * 1024
  /// No block, whatever a header claims, may exceed this many uncompressed bytes; a reader
  /// refuses larger claims before allocating anything.
  public static let blockRawBytesHardMax = 1 << 30
  /// The smallest block target a log accepts (tests use small blocks).
  public static let blockBytesTargetMin = 256
}
