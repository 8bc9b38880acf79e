import CairnStore

#if canImport(Glibc)
  import Glibc
#endif

/// A rollout file found under a Codex home.
public struct CodexSessionFile: Sendable, Equatable {
  public var path: String
  /// The thread id: the last 36 characters of the file name before `.jsonl`.
  public var sessionID: String
  /// The start time in the name, `YYYY-MM-DDThh-mm-ss`.
  public var startedAtText: String
  /// Whether it lives in `archived_sessions/`.
  public var isArchived: Bool
}

/// Finds the rollouts of a Codex home: `sessions/YYYY/MM/DD/rollout-*.jsonl` (the layout
/// of every version from 0.46 to 0.147) and the flat `archived_sessions/`. Names that do
/// not follow `rollout-<time>-<uuid>.jsonl` and directories that are not dates are
/// skipped, never fatal.
public enum CodexSessionFiles {
  /// `$CODEX_HOME`, else `$HOME/.codex`.
  public static func defaultHome() -> String {
    if let value = getenv("CODEX_HOME"), value.pointee != 0 { return String(cString: value) }
    let home = getenv("HOME").map { String(cString: $0) } ?? "/"
    return home + "/.codex"
  }

  /// Every rollout under `home`, live ones first, each group sorted by path (so by start
  /// time, since the path is built from it).
  public static func list(home: String, includeArchived: Bool = true) -> [CodexSessionFile] {
    var found: [CodexSessionFile] = []
    let sessions = home + "/sessions"
    for year in entries(sessions) where isDigits(year, 4) {
      for month in entries(sessions + "/" + year) where isDigits(month, 2) {
        for day in entries(sessions + "/" + year + "/" + month) where isDigits(day, 2) {
          let directory = sessions + "/" + year + "/" + month + "/" + day
          for name in entries(directory) {
            if let file = file(directory: directory, name: name, archived: false) {
              found.append(file)
            }
          }
        }
      }
    }
    found.sort { $0.path < $1.path }
    if includeArchived {
      let archived = home + "/archived_sessions"
      found += entries(archived).compactMap { file(directory: archived, name: $0, archived: true) }
        .sorted { $0.path < $1.path }
    }
    return found
  }

  /// The file for `name` if it is `rollout-YYYY-MM-DDThh-mm-ss-<36-char id>.jsonl`.
  static func file(directory: String, name: String, archived: Bool) -> CodexSessionFile? {
    let prefix = "rollout-"
    let suffix = ".jsonl"
    let timeLength = 19
    let idLength = 36
    guard name.hasPrefix(prefix), name.hasSuffix(suffix),
      name.utf8.count == prefix.utf8.count + timeLength + 1 + idLength + suffix.utf8.count
    else { return nil }
    let stem = name.dropFirst(prefix.count).dropLast(suffix.count)
    let time = String(stem.prefix(timeLength))
    let id = String(stem.suffix(idLength))
    guard stem.dropFirst(timeLength).first == "-", id.utf8.filter({ $0 == 0x2D }).count == 4
    else { return nil }
    return CodexSessionFile(
      path: directory + "/" + name, sessionID: id, startedAtText: time, isArchived: archived)
  }

  private static func isDigits(_ name: String, _ count: Int) -> Bool {
    name.utf8.count == count && name.utf8.allSatisfy { $0 &- UInt8(ascii: "0") < 10 }
  }

  /// The names in a directory, without `.` and `..`; empty when it cannot be read.
  private static func entries(_ path: String) -> [String] {
    directoryEntryNames(path) ?? []
  }
}
