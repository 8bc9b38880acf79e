import CairnStore

/// How a session engine writes: the log's options and when it checkpoints.
public struct EngineOptions: Sendable {
  public var log: LogOptions
  /// A checkpoint after this many events since the last one…
  public var checkpointEventsInterval: Int
  /// …or this many payload bytes, whichever comes first…
  public var checkpointBytesInterval: Int
  /// …and at a turn's end once at least this many events came since the last one, so that
  /// a resume after a turn replays little, without a checkpoint per tiny turn.
  public var checkpointTurnEndEventsMin: Int
  /// How many checkpoints a session keeps; older ones are removed as new ones are written.
  public var checkpointsKept: Int

  public init(
    log: LogOptions = LogOptions(durability: .fsync), checkpointEventsInterval: Int = 10_000,
    checkpointBytesInterval: Int = 16 << 20, checkpointTurnEndEventsMin: Int = 1,
    checkpointsKept: Int = 16
  ) {
    self.log = log
    self.checkpointEventsInterval = checkpointEventsInterval
    self.checkpointBytesInterval = checkpointBytesInterval
    self.checkpointTurnEndEventsMin = checkpointTurnEndEventsMin
    self.checkpointsKept = checkpointsKept
  }
}
