import CairnCore
import CairnTools

/// The `exec_command` processes still running after their call answered: Codex's unified
/// exec sessions, addressed by the session id the model got back and continued with
/// `write_stdin`. Each remembers the call it belongs to, so its later input, output and
/// exit are events of that call.
final class LiveToolSessions {
  struct Session {
    var callID: CallID
    var process: LiveProcess
    var budget: PersistedOutputBudget
    var startedAtNanoseconds: Int64
  }

  /// Codex's limit of live sessions; the table refuses more.
  let table = LiveProcessTable(limit: 64)
  private var sessions: [Int: Session] = [:]

  /// A session id for `callID` (`ExecCommandOutput.sessionID`), moved past ids in use.
  func newID(for callID: CallID) -> Int {
    var id = ExecCommandOutput.sessionID(callID: callID.rawValue)
    while sessions[id] != nil { id = id == 99_999 ? 1_000 : id + 1 }
    return id
  }

  func insert(_ session: Session, id: Int) throws(LiveProcessTableError) {
    try table.insert(session.process, id: id)
    sessions[id] = session
  }

  func session(_ id: Int) -> Session? { sessions[id] }

  func update(_ id: Int, _ session: Session) { sessions[id] = session }

  func remove(_ id: Int) {
    _ = table.remove(id)
    sessions[id] = nil
  }

  var ids: [Int] { sessions.keys.sorted() }
}
