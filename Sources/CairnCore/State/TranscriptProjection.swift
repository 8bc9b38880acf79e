import CairnLogFormat

/// One item of the transcript, as a view shows it.
public enum TranscriptEntry: Equatable, Hashable, Sendable {
  case user(text: String, images: [ImageReference])
  /// Assistant text; `complete` once the message item is final.
  case assistant(itemID: ItemID, text: String, complete: Bool)
  case reasoning(itemID: ItemID, summary: [String], complete: Bool)
  case toolCall(callID: CallID, name: String, arguments: String)
  case turnFailed(message: String)
  case turnInterrupted(reason: String)
}

/// A transcript item and the sequence number of the record that created it.
public struct TranscriptItem: Equatable, Hashable, Sendable {
  public var seq: Seq
  public var turnID: TurnID
  public var entry: TranscriptEntry

  public init(seq: Seq, turnID: TurnID, entry: TranscriptEntry) {
    self.seq = seq
    self.turnID = turnID
    self.entry = entry
  }
}

/// The transcript: a bounded window of the most recent items, and the sequence numbers of
/// the items before it, which the engine pages in from the log when a view scrolls back
/// (the pure core does no I/O).
public struct TranscriptProjection: Equatable, Hashable, Sendable {
  /// How many items the window holds.
  public static let windowMax = 256

  /// The newest items, oldest first.
  public var window: [TranscriptItem] = []
  /// The creating sequence numbers of every item older than the window, oldest first.
  public var olderItemSeqs = PackedSeqs()

  public init() {}

  public var itemCount: Int { olderItemSeqs.count + window.count }
}
