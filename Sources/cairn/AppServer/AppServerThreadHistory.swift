import CairnCore
import CairnEngine
import CairnLogFormat
import CairnStore

/// Reads what the protocol shows of a stored thread from its log: the first user message
/// (Codex's `preview`) and the provider from the first records, and the turns with their
/// items by folding records through `AppServerTurnRenderer`.
enum AppServerThreadHistory {
  /// The turns `thread/resume` returns at once; older ones are paged on request.
  static let resumeTurnsMax = 20

  struct Summary {
    var preview: String
    var provider: String
  }

  static func summary(directory: String) -> Summary {
    guard let head = SessionStore.head(directory: directory) else {
      return Summary(preview: "", provider: "")
    }
    return Summary(preview: head.firstMessage, provider: head.provider)
  }

  /// The turns of the records from `from` on, with items renumbered `item-N` as Codex's
  /// stored threads show them (tool items keep their call ids).
  static func turns(
    threadID: String, directory: String, cwd: String, from: Seq = .first
  ) throws(AppServerError) -> [JSONValue] {
    var renderer = AppServerTurnRenderer(threadID: threadID, keepsHistory: true)
    renderer.cwd = cwd
    do {
      let reader = try LogReader(directory: directory)
      try reader.scan(from: from) { record in
        if let envelope = try? Envelope(record: record) {
          _ = renderer.notifications(for: envelope)
        }
        return true
      }
    } catch {
      throw .internal("cannot read thread \(threadID): \(error)")
    }
    var counter = 0
    var turns = renderer.turns
    if var open = renderer.current {
      open.status = "inProgress"
      turns.append(open)
    }
    return turns.map { turn in
      var turn = turn
      turn.items = turn.items.map { entry in
        guard renumbered(entry.item) else { return entry }
        counter += 1
        return ("item-\(counter)", replacingID(entry.item, with: "item-\(counter)"))
      }
      return AppServerTurnRenderer.turnJSON(turn, view: "full")
    }
  }

  /// The first record of the newest `count` turns (from the state's recent turns).
  static func startOfLatestTurns(_ state: SessionState, count: Int) -> (Seq, older: Bool) {
    var starts = state.turns.recent.map(\.startedSeq)
    if let current = state.turns.current { starts.append(current.startedSeq) }
    guard !starts.isEmpty else { return (.first, false) }
    let kept = starts.suffix(count)
    let older = starts.count > count || state.turns.startedCount > UInt64(starts.count)
    return (kept.first ?? .first, older)
  }

  private static func renumbered(_ item: JSONValue) -> Bool {
    guard case .object(let members) = item, case .string(let type)? = members.first?.1 else {
      return false
    }
    return ["userMessage", "agentMessage", "reasoning", "contextCompaction"].contains(type)
  }

  private static func replacingID(_ item: JSONValue, with id: String) -> JSONValue {
    guard case .object(let members) = item else { return item }
    return .object(members.map { $0.0 == "id" ? ("id", .string(id)) : $0 })
  }
}
