import CairnLogFormat

/// When an append counts as acknowledged. docs/LOG_FORMAT.md, "Durability".
public enum Durability: String, Sendable, CaseIterable {
  /// Held in the process until the block fills, the batch commits or the log closes.
  case buffered
  /// Handed to the operating system with write(2): a full block as soon as it fills, the
  /// rest of a batch when it commits, which is when the batch is acknowledged.
  case flush
  /// On disk (fdatasync) when the batch commits: one sync per batch (group commit).
  case fsync
}

/// Where segment salts come from.
public enum SaltSource: Sendable, Equatable {
  /// The system's random number generator: the production choice.
  case random
  /// Derived from a seed and the segment's base sequence number, so a seeded fixture
  /// writes byte-identical files.
  case seeded(UInt64)

  func salt(baseSeq: Seq) -> UInt64 {
    switch self {
    case .random:
      var generator = SystemRandomNumberGenerator()
      return generator.next()
    case .seeded(let seed):
      var mixer = SplitMix64(seed: seed ^ (baseSeq.rawValue &* 0x9E37_79B9_7F4A_7C15))
      return mixer.next()
    }
  }
}

/// The knobs of a log writer. Tests use small blocks and segments.
public struct LogOptions: Sendable {
  public var durability: Durability
  public var blockBytesTarget: Int
  public var segmentRollBytes: UInt64
  public var recordPayloadBytesMax: Int
  public var salts: SaltSource
  /// How many bytes may be written after the last saved watermark before it is saved
  /// again (without a sync) so that the next open verifies at most this much.
  public var watermarkIntervalBytes: UInt64
  /// Storage faults to inject into segment writes and syncs; nil outside tests.
  public var faults: FaultPlan?

  public init(
    durability: Durability = .fsync,
    blockBytesTarget: Int = FormatLimits.blockBytesTargetDefault,
    segmentRollBytes: UInt64 = FormatLimits.segmentRollBytesDefault,
    recordPayloadBytesMax: Int = FormatLimits.recordPayloadBytesMaxDefault,
    salts: SaltSource = .random,
    watermarkIntervalBytes: UInt64 = 4 * 1024 * 1024, faults: FaultPlan? = nil
  ) {
    self.faults = faults
    self.durability = durability
    self.blockBytesTarget = blockBytesTarget
    self.segmentRollBytes = segmentRollBytes
    self.recordPayloadBytesMax = recordPayloadBytesMax
    self.salts = salts
    self.watermarkIntervalBytes = watermarkIntervalBytes
  }

  func validate() throws {
    guard blockBytesTarget >= FormatLimits.blockBytesTargetMin,
      blockBytesTarget <= FormatLimits.blockRawBytesHardMax / 2
    else {
      throw LogError.invalidArgument(
        "block size \(blockBytesTarget) is out of range (\(FormatLimits.blockBytesTargetMin) "
          + "to \(FormatLimits.blockRawBytesHardMax / 2) bytes)")
    }
    guard recordPayloadBytesMax >= 0,
      recordPayloadBytesMax + RecordFrame.headerByteCount <= FormatLimits.blockRawBytesHardMax
    else {
      throw LogError.invalidArgument(
        "maximum record size \(recordPayloadBytesMax) is out of range (0 to "
          + "\(FormatLimits.blockRawBytesHardMax - RecordFrame.headerByteCount) bytes)")
    }
    guard segmentRollBytes >= UInt64(SegmentHeader.byteCount + 1) else {
      throw LogError.invalidArgument("segment roll size \(segmentRollBytes) is too small")
    }
  }
}

/// SplitMix64: a small, well-known seeded generator for salts and fixtures.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var mixed = state
    mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
    mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
    return mixed ^ (mixed >> 31)
  }
}
