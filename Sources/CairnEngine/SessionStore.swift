import CairnCore
import CairnLogFormat
import CairnStore

/// The sessions of a home: listing (from the catalog), showing, and the catalog's rebuild
/// from the logs. docs/SESSION_STORE.md.
public struct SessionStore: Sendable {
  public let home: CairnHome

  public init(home: CairnHome) { self.home = home }

  /// Every session, from the catalog (rebuilt from the logs if it is missing or damaged).
  public func list() throws -> [SessionCatalog.Entry] {
    if let catalog = SessionCatalog.load(home: home.root) { return catalog.entries }
    let rebuilt = try rebuildCatalog()
    try? rebuilt.save(home: home.root)
    return rebuilt.entries
  }

  /// The session ids that have a log directory.
  public func sessionIDs() throws -> [SessionID] {
    guard let names = directoryEntryNames(home.sessionsDirectory, directoriesOnly: true)
    else { return [] }
    return names.sorted().map { SessionID($0) }
  }

  /// A catalog made by resuming every session's log (checkpoint and tail each).
  public func rebuildCatalog() throws -> SessionCatalog {
    var catalog = SessionCatalog()
    for id in try sessionIDs() {
      let directory = home.sessionDirectory(id)
      guard (try? LogReader.segmentFileCount(directory: directory)) ?? 0 > 0,
        let (state, _) = try? SessionResume.load(sessionID: id, directory: directory)
      else { continue }
      catalog.upsert(
        Self.catalogEntry(
          sessionID: id, state: state,
          updatedAt: state.session?.createdAtNanoseconds ?? 0))
    }
    return catalog
  }

  static func catalogEntry(sessionID: SessionID, state: SessionState, updatedAt: Int64)
    -> SessionCatalog.Entry
  {
    let session = state.session
    return SessionCatalog.Entry(
      sessionID: sessionID.rawValue, title: session?.title ?? "", cwd: session?.cwd ?? "",
      model: session?.model ?? "", createdAtNanoseconds: session?.createdAtNanoseconds ?? 0,
      updatedAtNanoseconds: updatedAt, lastSeq: state.lastSeq.rawValue,
      archived: session?.archived ?? false, parentID: session?.origin?.parent.rawValue ?? "")
  }
}
