import CairnLogFormat

/// A compaction artifact as the state remembers it: what it is and where it was recorded.
public struct CompactionRecord: Equatable, Hashable, Sendable {
  public var artifactID: String
  public var kind: CompactionKind
  public var checkpointSeq: Seq
  public var recordedSeq: Seq
}

/// The latest compaction artifact of each kind, and how many were recorded.
public struct CompactionsProjection: Equatable, Hashable, Sendable {
  public var latestReplaySeed: CompactionRecord?
  public var latestSemanticSummary: CompactionRecord?
  public var recordedCount: UInt64 = 0

  public init() {}
}
