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
      var entry = Self.catalogEntry(
        sessionID: id, state: state, updatedAt: state.session?.createdAtNanoseconds ?? 0)
      entry.summary = Self.summary(directory: directory)
      catalog.upsert(entry)
    }
    return catalog
  }

  /// How many records `summary(directory:)` reads before giving up: the first user message
  /// comes within the first few (session_created, context messages, turn_started).
  static let summaryRecordsMax: UInt64 = 64

  /// The provider and the whole first user message of a session, read from the head of
  /// its log ("" before the first message); nil when the log cannot be read.
  public static func head(directory: String) -> (provider: String, firstMessage: String)? {
    guard let reader = try? LogReader(directory: directory) else { return nil }
    var provider = ""
    var firstMessage = ""
    do {
      try reader.scan(from: .first, through: Seq(summaryRecordsMax)) { record in
        guard let envelope = try? Envelope(record: record) else { return true }
        switch envelope.event {
        case .sessionCreated(let created):
          provider = created.provider
          return true
        case .userMessageAdded(let message):
          firstMessage = message.text
          return false
        default:
          return true
        }
      }
    } catch {
      return nil
    }
    return (provider, firstMessage)
  }

  /// The catalog summary of a session, from the head of its log.
  public static func summary(directory: String) -> SessionCatalog.Summary? {
    head(directory: directory).map {
      SessionCatalog.Summary(provider: $0.provider, firstMessage: $0.firstMessage)
    }
  }

  /// The summary an entry should carry: `known`, when it already has the first message
  /// (which never changes), else one read from the log.
  static func summary(directory: String, known: SessionCatalog.Summary?)
    -> SessionCatalog.Summary?
  {
    if let known, !known.preview.isEmpty { return known }
    return summary(directory: directory) ?? known
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
