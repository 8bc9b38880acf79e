/// A session as Cairn's mixed listing shows it: a native Cairn session or a Codex rollout.
/// `cairn resume --all --json` prints these, and the resolver matches ids and names
/// against them.
public struct ListedSession: Sendable, Equatable {
  public enum Kind: String, Sendable {
    case native
    case codex
  }

  public var id: String
  public var kind: Kind
  /// The native session's title, or the Codex session's name; "" when it has none.
  public var name: String
  /// The first prompt (Codex), "" when unknown.
  public var preview: String
  public var cwd: String
  public var createdAtMilliseconds: Int64
  /// Codex: the rollout's modification time; native: the catalog's last update.
  public var updatedAtNanoseconds: Int64
  public var isArchived: Bool
  /// The rollout file (Codex) or the session's log directory (native).
  public var path: String
  /// Codex's `session_meta.source` (`cli`, `exec`, …); "cairn" for native sessions.
  public var source: String
  public var isInteractive: Bool

  public init(
    id: String, kind: Kind, name: String, preview: String, cwd: String,
    createdAtMilliseconds: Int64, updatedAtNanoseconds: Int64, isArchived: Bool, path: String,
    source: String, isInteractive: Bool
  ) {
    self.id = id
    self.kind = kind
    self.name = name
    self.preview = preview
    self.cwd = cwd
    self.createdAtMilliseconds = createdAtMilliseconds
    self.updatedAtNanoseconds = updatedAtNanoseconds
    self.isArchived = isArchived
    self.path = path
    self.source = source
    self.isInteractive = isInteractive
  }

  /// A Codex rollout's listing; `name` comes from `session_index.jsonl` when set there,
  /// else from the rollout's own `thread_name_updated`.
  public init(codex entry: CodexSessionEntry, name: String?) {
    self.init(
      id: entry.threadID, kind: .codex, name: name ?? entry.rolloutName, preview: entry.preview,
      cwd: entry.cwd, createdAtMilliseconds: entry.createdAtMilliseconds,
      updatedAtNanoseconds: entry.modifiedAtNanoseconds, isArchived: entry.isArchived,
      path: entry.path, source: entry.source, isInteractive: entry.isInteractive)
  }

  /// Newest update first; ties broken by id so the order is stable.
  public static func newestFirst(_ lhs: ListedSession, _ rhs: ListedSession) -> Bool {
    (lhs.updatedAtNanoseconds, lhs.id) > (rhs.updatedAtNanoseconds, rhs.id)
  }
}
