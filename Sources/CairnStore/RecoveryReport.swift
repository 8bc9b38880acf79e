/// What opening a log for writing found and did.
public struct RecoveryReport: Equatable, Sendable {
  /// The torn tail cut back, if any.
  public var tornTail: CutTail?
  /// Whether the verified watermark let the open skip re-verifying the active segment.
  public var usedWatermark: Bool

  public struct CutTail: Equatable, Sendable {
    /// The segment file that held the torn bytes.
    public var segment: String
    /// Where the valid data ended (0 when the whole file was a crash leftover).
    public var offset: UInt64
    /// How many bytes were dropped.
    public var bytesDropped: UInt64
    /// Why the bytes were not a valid block.
    public var defect: String
    /// The whole file was removed.
    public var removedFile: Bool
  }

  public init(tornTail: CutTail? = nil, usedWatermark: Bool = false) {
    self.tornTail = tornTail
    self.usedWatermark = usedWatermark
  }
}
