import CairnCore
import CairnEngine
import CairnStore

/// Whether a session has a log in a home.
enum LogReaderProbe {
  static func exists(home: CairnHome, _ id: SessionID) throws -> Bool {
    let valid = id.rawValue.utf8.allSatisfy { $0 != UInt8(ascii: "/") } && !id.rawValue.isEmpty
    guard valid else { throw EngineError.invalidSessionID(id.rawValue) }
    return try LogReader.segmentFileCount(directory: home.sessionDirectory(id)) > 0
  }
}

/// The home a session command uses and the id of a session that has a log there; a
/// missing session is `EngineError.noSuchSession`.
func existingSession(_ options: HomeOptions, _ id: String) throws -> (CairnHome, SessionID) {
  let home = CairnHome.resolve(explicit: options.home)
  let sessionID = SessionID(id)
  guard try LogReaderProbe.exists(home: home, sessionID) else {
    throw EngineError.noSuchSession(sessionID)
  }
  return (home, sessionID)
}
