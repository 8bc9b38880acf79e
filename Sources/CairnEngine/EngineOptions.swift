import CairnStore

/// How a session engine writes: the log's options and when it checkpoints.
public struct EngineOptions: Sendable {
  public var log: LogOptions
  /// A checkpoint after this many events since the last one…
  public var checkpointEventsInterval: Int
  /// …or this many payload bytes, whichever comes first, and at every turn end.
  public var checkpointBytesInterval: Int

  public init(
    log: LogOptions = LogOptions(durability: .fsync), checkpointEventsInterval: Int = 10_000,
    checkpointBytesInterval: Int = 16 << 20
  ) {
    self.log = log
    self.checkpointEventsInterval = checkpointEventsInterval
    self.checkpointBytesInterval = checkpointBytesInterval
  }
}
