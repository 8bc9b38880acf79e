import CairnCore
import CairnEngine
import CairnStore

/// What `cairn session show` says of the calls a session left waiting or running: each
/// pending approval (command, reason, how to decide it) and each active tool (command,
/// pid, and whether Cairn stopped while it ran and the process still lives). A pending
/// approval and a running tool survive a crash exactly; this is where they are shown.
struct SessionShowCalls {
  var sessionID: SessionID
  var state: SessionState
  /// The process writing the session now; nil when none is (so an active tool's Cairn
  /// stopped while it ran).
  var writerPid: Int32?
  /// Whether a pid names a live process (I/O, asked at display time).
  var isAlive: (Int32) -> Bool

  init(sessionID: SessionID, state: SessionState, directory: String) {
    self.sessionID = sessionID
    self.state = state
    self.writerPid = LogWriter.activeWriterPid(directory: directory)
    self.isAlive = ProcessLiveness.isAlive
  }

  private func run(_ callID: CallID) -> ToolRun? {
    state.tools.active.first { $0.callID == callID }
  }

  var jsonMembers: [(String, JSONValue)] {
    let pending: [JSONValue] = state.approvals.pending.map { approval in
      let run = run(approval.callID)
      return .object([
        ("call_id", .string(approval.callID.rawValue)),
        ("turn_id", run.map { .string($0.turnID.rawValue) } ?? .null),
        ("tool", run.map { .string($0.tool) } ?? .null),
        ("command", .array((run?.command ?? []).map { .string($0) })),
        ("workdir", run?.workdir.map { .string($0) } ?? .null),
        ("risk", .string(approval.risk.rawValue)),
        ("reasons", .array(approval.reasons.map { .string($0) })),
        ("reason", .string(approval.reason)),
        ("requested_seq", .uint(approval.requestedSeq.rawValue)),
      ])
    }
    let active: [JSONValue] = state.tools.active.map { run in
      var pid: JSONValue = .null
      var alive: JSONValue = .null
      if case .running(let processID) = run.status {
        pid = .int(Int64(processID))
        alive = .bool(isAlive(processID))
      }
      return .object([
        ("call_id", .string(run.callID.rawValue)),
        ("turn_id", .string(run.turnID.rawValue)),
        ("tool", .string(run.tool)),
        ("command", .array(run.command.map { .string($0) })),
        ("workdir", run.workdir.map { .string($0) } ?? .null),
        ("status", .string(Self.statusName(run.status))),
        ("pid", pid),
        ("tty", .bool(run.tty)),
        ("stdout_bytes", .uint(run.stdoutBytes)),
        ("stderr_bytes", .uint(run.stderrBytes)),
        ("stdin_bytes", .uint(run.stdinBytes)),
        ("cairn_stopped", .bool(writerPid == nil)),
        ("process_alive", alive),
      ])
    }
    return [
      ("writer_pid", writerPid.map { .int(Int64($0)) } ?? .null),
      ("pending_approval_calls", .array(pending)),
      ("active_tool_calls", .array(active)),
    ]
  }

  /// Lines under the summary, aligned with it.
  var humanLines: [String] {
    var lines: [String] = []
    let indent = String(repeating: " ", count: 20)
    for approval in state.approvals.pending {
      let command = run(approval.callID).map { ShellQuoting.join($0.command) } ?? "?"
      lines.append("pending approval".padded(to: 20) + "\(approval.callID)  \(command)")
      lines.append(indent + "\(approval.risk.rawValue): \(approval.reason)")
      lines.append(
        indent + "decide: cairn tool decide \(sessionID) \(approval.callID) "
          + "approved|approved-for-session|denied|abort")
    }
    for run in state.tools.active where run.status != .awaitingApproval {
      let command = ShellQuoting.join(run.command)
      guard case .running(let pid) = run.status else {
        lines.append(
          "\(Self.statusName(run.status)) tool".padded(to: 20) + "\(run.callID)  \(command)")
        continue
      }
      lines.append(
        "running tool".padded(to: 20)
          + "\(run.callID)  \(command)  (pid \(pid)\(run.tty ? ", pty" : ""))")
      let process = isAlive(pid) ? "process \(pid) is still alive" : "process \(pid) is gone"
      if let writerPid {
        lines.append(indent + "running under Cairn process \(writerPid); \(process)")
      } else {
        lines.append(indent + "Cairn stopped while it ran; \(process)")
      }
    }
    return lines
  }

  static func statusName(_ status: ToolStatus) -> String {
    switch status {
    case .planned: return "planned"
    case .awaitingApproval: return "awaiting_approval"
    case .running: return "running"
    case .denied: return "denied"
    case .exited: return "exited"
    }
  }
}
