import CairnCodex
import CairnCore
import CairnEngine
import CairnStore

/// The session `exec resume` continues: by id, id prefix or title among the Cairn home's
/// sessions, or with `--last` the most recently updated one in the working directory (any
/// directory with `--all`), as Codex picks.
enum ExecSessionFinder {
  static func find(query: String?, home: CairnHome, cwd: String, all: Bool) throws -> SessionID {
    let sessions = try SessionStore(home: home).list().filter { !$0.archived }
    guard let query else {
      let candidates = all ? sessions : sessions.filter { $0.cwd == cwd }
      guard let latest = candidates.max(by: { $0.updatedAtNanoseconds < $1.updatedAtNanoseconds })
      else {
        throw ExecFailure(
          "no session to resume in \(cwd)" + (all ? "" : " (--all looks in every directory)"))
      }
      return SessionID(latest.sessionID)
    }
    if sessions.contains(where: { $0.sessionID == query }) { return SessionID(query) }
    let listed = sessions.map { ListedSession(native: $0, home: home) }
    do {
      let found = try SessionResolver.resolve(query, among: listed, scope: "")
      return SessionID(found.id)
    } catch SessionResolver.Failure.notFound {
      throw ExecFailure(
        "no session \(query) in \(home.root); a Codex session must be imported first: "
          + "cairn import codex \(query)")
    } catch {
      throw ExecFailure("\(error)")
    }
  }
}
