import CairnLogFormat

/// One recorded file change, without its contents (the log holds them: `file_changed`).
public struct FileChangeRecord: Equatable, Hashable, Sendable {
  /// The `file_changed` record.
  public var seq: Seq
  public var callID: CallID
  /// The file's absolute path (for a move, where it was).
  public var path: String
  public var kind: FileChangeKind
  /// Where an updated file went, when it moved.
  public var movePath: String?
  /// The sizes of the recorded contents; nil where the event carries none.
  public var beforeBytes: UInt64?
  public var afterBytes: UInt64?

  public init(
    seq: Seq, callID: CallID, path: String, kind: FileChangeKind, movePath: String?,
    beforeBytes: UInt64?, afterBytes: UInt64?
  ) {
    self.seq = seq
    self.callID = callID
    self.path = path
    self.kind = kind
    self.movePath = movePath
    self.beforeBytes = beforeBytes
    self.afterBytes = afterBytes
  }
}

/// The files a session's tool calls changed: the most recent changes and counts by kind.
/// `cairn session changes` reads the contents from the log.
public struct FileChangesProjection: Equatable, Hashable, Sendable {
  public static let recentMax = 64

  /// Recent changes, oldest first, at most `recentMax`.
  public var recent: [FileChangeRecord] = []
  public var addedCount: UInt64 = 0
  public var updatedCount: UInt64 = 0
  public var deletedCount: UInt64 = 0

  public init() {}

  /// Every change recorded in the session.
  public var totalCount: UInt64 { addedCount &+ updatedCount &+ deletedCount }
}
