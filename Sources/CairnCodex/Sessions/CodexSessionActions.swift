#if canImport(Glibc)
  import Glibc
#endif

/// Archive, unarchive and delete of a Codex rollout, as `codex archive|unarchive|delete`
/// 0.147 do them on disk (CODEX_OBSERVED.md §2): archive moves the file to the flat
/// `archived_sessions/`, unarchive moves it back to `sessions/YYYY/MM/DD/` (the date of
/// its name), delete removes it and the id's lines of `session_index.jsonl`. Codex's
/// SQLite index (`state_5.sqlite`) is not touched; Codex repairs it from the files.
public enum CodexSessionActions {
  /// Moves `entry`'s rollout into `archived_sessions/`; returns the new path.
  public static func archive(_ entry: CodexSessionEntry, codexHome: String)
    throws(CodexSessionError) -> String
  {
    let directory = codexHome + "/archived_sessions"
    return try move(entry.path, into: directory)
  }

  /// Moves `entry`'s rollout back to `sessions/YYYY/MM/DD/`; returns the new path.
  public static func unarchive(_ entry: CodexSessionEntry, codexHome: String)
    throws(CodexSessionError) -> String
  {
    let name = fileName(entry.path)
    // rollout-YYYY-MM-DDThh-mm-ss-<id>.jsonl: the date is at 8..<18.
    let utf8 = Array(name.utf8)
    let date = utf8.count >= 18 ? Array(utf8[8..<18]) : []
    let directory: String
    if date.count == 10 {
      let text = String(decoding: date, as: UTF8.self)
      let parts = text.split(separator: "-")
      directory = codexHome + "/sessions/" + parts.joined(separator: "/")
    } else {
      directory = codexHome + "/sessions"
    }
    return try move(entry.path, into: directory)
  }

  /// Deletes `entry`'s rollout and its names.
  public static func delete(_ entry: CodexSessionEntry, codexHome: String)
    throws(CodexSessionError)
  {
    guard unlink(entry.path) == 0 else {
      throw .io(path: entry.path, operation: "delete", errno: errno)
    }
    try CodexSessionNames.remove(threadID: entry.threadID, codexHome: codexHome)
  }

  private static func move(_ path: String, into directory: String) throws(CodexSessionError)
    -> String
  {
    CodexSmallFile.makeDirectories(directory)
    let destination = directory + "/" + fileName(path)
    if CodexFileStatus.of(destination) != nil { throw .destinationExists(path: destination) }
    guard rename(path, destination) == 0 else {
      throw .io(path: path, operation: "move", errno: errno)
    }
    return destination
  }

  private static func fileName(_ path: String) -> String {
    path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
  }
}
