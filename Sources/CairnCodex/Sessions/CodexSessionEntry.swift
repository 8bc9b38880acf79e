/// What the Codex session index keeps of one rollout: enough to list it, resolve it by id
/// or name and act on it, without opening the file again while its size and modification
/// time stay the same (docs/CODEX_COMPAT.md, "Sessions and ids").
public struct CodexSessionEntry: Sendable, Equatable {
  /// The thread id (a UUIDv7): `session_meta.payload.id`, else the file name's.
  public var threadID: String
  /// The rollout's absolute path.
  public var path: String
  /// Whether the file lives in `archived_sessions/`.
  public var isArchived: Bool
  /// The file's size when it was read, part of the freshness key.
  public var fileBytes: UInt64
  /// The file's modification time in nanoseconds since the epoch, part of the freshness
  /// key and the session's `updated_at` (what `codex resume --last` orders by).
  public var modifiedAtNanoseconds: Int64
  /// `session_meta.payload.timestamp`, else the file name's start time, in milliseconds.
  public var createdAtMilliseconds: Int64
  public var cwd: String
  public var modelProvider: String
  public var cliVersion: String
  /// `session_meta.payload.source`: `cli`, `exec`, `vscode`, …; "" when missing.
  public var source: String
  /// The first prompt the user typed (`event_msg` `user_message`), cut to
  /// `CodexRolloutHead.previewBytesMax`.
  public var preview: String
  /// A name set in the rollout itself (`thread_name_updated` within the part read).
  public var rolloutName: String

  public init(
    threadID: String, path: String, isArchived: Bool, fileBytes: UInt64,
    modifiedAtNanoseconds: Int64, createdAtMilliseconds: Int64, cwd: String = "",
    modelProvider: String = "", cliVersion: String = "", source: String = "",
    preview: String = "", rolloutName: String = ""
  ) {
    self.threadID = threadID
    self.path = path
    self.isArchived = isArchived
    self.fileBytes = fileBytes
    self.modifiedAtNanoseconds = modifiedAtNanoseconds
    self.createdAtMilliseconds = createdAtMilliseconds
    self.cwd = cwd
    self.modelProvider = modelProvider
    self.cliVersion = cliVersion
    self.source = source
    self.preview = preview
    self.rolloutName = rolloutName
  }

  /// Whether Codex counts the session as interactive: its resume picker and `--last` skip
  /// `exec` (and other non-interactive) sessions unless `--include-non-interactive`.
  public var isInteractive: Bool {
    source.isEmpty || source == "cli" || source == "vscode" || source == "app_server"
      || source == "appServer"
  }
}
