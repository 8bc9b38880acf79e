import CairnCore
import CairnLogFormat

/// A point of a golden scenario where its expected file pins the state: after a command
/// (accepted or rejected), at a crash, at a resume, or at a fork point. One line of
/// `expected.jsonl`:
///
/// ```
/// {"seq":N,"command":{…},"effects":[…],"digest":"…","state":{…}}
/// ```
struct GoldenMark {
  enum Kind {
    /// A command `decide` accepted; `effects` are what folding its events returned.
    case command(Command)
    /// A command `decide` refused: nothing was logged.
    case rejected(Command, CommandRejection)
    /// The process died here: what a resume must find running and pending.
    case crash
    /// A new process resumed from a checkpoint plus the tail of the log after it.
    case resume(checkpointSeq: Seq, checkpointBytes: Int, tailEvents: Int)
    /// A forked session's view of its parent's records, through the fork point.
    case forkPoint(SessionOrigin)
  }

  var kind: Kind
  /// The last record folded in when the mark was made.
  var seq: Seq
  /// The effects the records since the previous mark returned.
  var effects: [Effect]
  /// The state at the mark, as the recorder had it.
  var state: SessionState

  /// The expected-file line for a mark of `kind` with these effects and this state. The
  /// crash facts are derived from the state, so a replay checks them too.
  static func line(_ kind: Kind, effects: [Effect], state: SessionState) -> String {
    var members: [(String, JSONValue)] = [("seq", .uint(state.lastSeq.rawValue))]
    switch kind {
    case .command(let command):
      members.append(("command", command.goldenJSON))
    case .rejected(let command, let rejection):
      members.append(("command", command.goldenJSON))
      members.append(("rejected", .string(rejection.description)))
    case .crash:
      members.append(("crash", crashJSON(state)))
    case .resume(let checkpointSeq, let checkpointBytes, let tailEvents):
      members.append(
        (
          "resume",
          .object([
            ("checkpoint_seq", .uint(checkpointSeq.rawValue)),
            ("checkpoint_bytes", .uint(UInt64(checkpointBytes))),
            ("tail_events", .uint(UInt64(tailEvents))),
          ])
        ))
    case .forkPoint(let origin):
      members.append(("fork_point", origin.json))
    }
    members.append(("effects", .array(effects.map(\.goldenJSON))))
    members.append(("digest", .string(state.digest)))
    members.append(("state", state.goldenJSON))
    return JSONValue.object(members).text
  }

  var line: String { Self.line(kind, effects: effects, state: state) }

  /// What was in flight when the process died: the running tools and the pending approvals.
  static func crashJSON(_ state: SessionState) -> JSONValue {
    let running: [JSONValue] = state.tools.active.compactMap { run in
      guard case .running(let processID) = run.status else { return nil }
      return .object([
        ("call_id", .string(run.callID.rawValue)),
        ("command", .array(run.command.map { .string($0) })),
        ("process_id", .int(Int64(processID))),
      ])
    }
    let pending: [JSONValue] = state.approvals.pending.map { approval in
      .object([
        ("call_id", .string(approval.callID.rawValue)),
        ("reason", .string(approval.reason)),
      ])
    }
    return .object([
      ("running_turn", state.turns.current.map { .string($0.turnID.rawValue) } ?? .null),
      ("running_tools", .array(running)),
      ("pending_approvals", .array(pending)),
    ])
  }
}
