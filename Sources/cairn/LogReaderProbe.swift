import ArgumentParser
import CairnCodex
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

/// The home a session command uses and the id of a session that has a log there. `query`
/// is an id (an imported Codex session's id is its thread id), else a title or a unique id
/// prefix, resolved through the catalog as the top-level `resume` resolves them; nothing
/// found is `EngineError.noSuchSession`, several matches an error that lists them.
func existingSession(_ options: HomeOptions, _ query: String) throws -> (CairnHome, SessionID) {
  let home = CairnHome.resolve(explicit: options.home)
  let sessionID = SessionID(query)
  if try LogReaderProbe.exists(home: home, sessionID) { return (home, sessionID) }
  let native = try SessionStore(home: home).list().map { ListedSession(native: $0, home: home) }
  do {
    let found = try SessionResolver.resolve(query, among: native, scope: "")
    return (home, SessionID(found.id))
  } catch SessionResolver.Failure.notFound {
    throw EngineError.noSuchSession(sessionID)
  } catch {
    StandardError.write("cairn: \(error)\n")
    throw ExitCode(1)
  }
}
