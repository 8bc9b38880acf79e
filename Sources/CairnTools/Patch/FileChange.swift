import CairnCore

/// What applying a patch did to one file: the `file_changed` event's facts.
public struct FileChange: Equatable, Sendable {
  /// The file's absolute path (for a move, where it was).
  public var path: String
  public var kind: FileChangeKind
  /// Where an updated file went, when it moved (absolute).
  public var movePath: String?
  /// The contents before: nil when the file did not exist (an add).
  public var before: [UInt8]?
  /// The contents after: nil for a delete.
  public var after: [UInt8]?

  public init(
    path: String, kind: FileChangeKind, movePath: String? = nil, before: [UInt8]?,
    after: [UInt8]?
  ) {
    self.path = path
    self.kind = kind
    self.movePath = movePath
    self.before = before
    self.after = after
  }
}
