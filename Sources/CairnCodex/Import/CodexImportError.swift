import CairnCore

/// Why a rollout could not be imported (the other files of the same run still are).
public enum CodexImportError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The file cannot be opened or read.
  case unreadable(path: String, reason: String)
  /// Line 1 is not a `session_meta` line with an id.
  case noSessionMeta(path: String, reason: String)
  /// The session was imported from a file whose line 1 differs: another rollout, or this
  /// one rewritten.
  case replaced(path: String, sessionID: String)
  /// The file is shorter than what was imported from it.
  case shrunk(path: String, sessionID: String, bytes: UInt64, imported: UInt64)
  /// A native session with that id exists and was not imported from a rollout.
  case notImported(path: String, sessionID: String)
  /// The session's log moved past what the import state knows (written by something else,
  /// or an import interrupted after appending).
  case logMovedOn(path: String, sessionID: String, lastSeq: UInt64, imported: UInt64)
  case badImportState(path: String, reason: String)
  /// Storing the events failed.
  case store(path: String, reason: String)

  public var description: String {
    switch self {
    case .unreadable(let path, let reason): return "\(path): \(reason)"
    case .noSessionMeta(let path, let reason):
      return "\(path): not a Codex rollout: \(reason)"
    case .replaced(let path, let id):
      return "\(path): line 1 differs from the rollout session \(id) was imported from: the "
        + "file was replaced or rewritten; delete the session (cairn session delete --force "
        + "\(id)) to import it afresh"
    case .shrunk(let path, let id, let bytes, let imported):
      return "\(path): the file has \(bytes) bytes but \(imported) were already imported into "
        + "session \(id): it was truncated or rewritten; delete the session (cairn session "
        + "delete --force \(id)) to import it afresh"
    case .notImported(let path, let id):
      return "\(path): session \(id) exists but has no import state: it was not imported "
        + "from a rollout, or an import of it was interrupted; delete it (cairn session delete "
        + "--force \(id)) to import the file afresh"
    case .logMovedOn(let path, let id, let lastSeq, let imported):
      return "\(path): session \(id) has events up to \(lastSeq) but its import stopped at "
        + "\(imported) (an interrupted import, or another writer); delete the session (cairn "
        + "session delete --force \(id)) to import it afresh"
    case .badImportState(let path, let reason): return "\(path): bad import state: \(reason)"
    case .store(let path, let reason): return "\(path): \(reason)"
    }
  }
}
