import CairnCore
import CairnEngine
import CairnTools

/// A `cairn tool` run recorded in a session: every step of the call's life is a command
/// on the session's engine, in the order `ToolExecutor` sends them for the model's calls
/// (planned, approval, started, output, exited, result), inside a turn.
///
/// The turn: a run starts one whose user message is the command line, and completes it
/// when none of its calls is still waiting or running. A turn left open by a run that
/// stopped (a crash, or an approval nobody gave) is joined instead, with the command
/// line as a user context message: the engine holds the session's writer lock, so no
/// live writer owns that turn. docs/TOOLS.md, "`cairn tool`".
final class ToolSessionRecorder {
  let engine: SessionEngine
  let turnID: TurnID
  private var ids = UUIDv7Generator()

  private init(engine: SessionEngine, turnID: TurnID) {
    self.engine = engine
    self.turnID = turnID
  }

  /// Opens the session for append (`LogError.locked` when another process writes it),
  /// applies `policy` as a settings change when it differs from the session's, and finds
  /// the turn to record in.
  static func open(
    home: CairnHome, sessionID: SessionID, commandLine: String, policy: ApprovalPolicy?
  ) throws -> ToolSessionRecorder {
    let engine = try SessionEngine.open(
      home: home, sessionID: sessionID, clock: wallClockNanoseconds)
    if let policy, engine.state.session?.approvalPolicy != policy {
      try engine.send(
        .changeSettings(
          SettingsChanged(
            model: nil, reasoningEffort: nil, approvalPolicy: policy, sandboxMode: nil, cwd: nil)))
    }
    if let open = engine.state.turns.current {
      try engine.send(
        .addContextMessage(
          ContextMessageAdded(turnID: open.turnID, role: "user", text: commandLine)))
      return ToolSessionRecorder(engine: engine, turnID: open.turnID)
    }
    var ids = UUIDv7Generator()
    let turnID = TurnID(ids.next(unixNanoseconds: wallClockNanoseconds()))
    try engine.send(.startTurn(StartTurn(turnID: turnID, text: commandLine)))
    return ToolSessionRecorder(engine: engine, turnID: turnID)
  }

  /// Opens the session to continue call `callID`, which must still be active (waiting for
  /// its approval); records in the call's own turn.
  static func resume(home: CairnHome, sessionID: SessionID, callID: CallID) throws -> (
    ToolSessionRecorder, ToolRun
  ) {
    let engine = try SessionEngine.open(
      home: home, sessionID: sessionID, clock: wallClockNanoseconds)
    guard let index = engine.state.tools.activeIndex(callID) else {
      try engine.close()
      throw EngineError.rejected(.noSuchTool(callID))
    }
    let run = engine.state.tools.active[index]
    return (ToolSessionRecorder(engine: engine, turnID: run.turnID), run)
  }

  var policy: ApprovalPolicy { engine.state.session?.approvalPolicy ?? .onRequest }

  /// Plans a new call; the effects say whether it starts or waits for approval.
  func plan(
    tool: String, command: [String], workdir: String, risk: CommandRisk,
    needsApproval: Bool? = nil
  ) throws -> (CallID, [Effect]) {
    let callID = CallID("call_" + ids.next(unixNanoseconds: wallClockNanoseconds()))
    let effects = try engine.send(
      .planToolCall(
        PlanToolCall(
          turnID: turnID, callID: callID, tool: tool, command: command, workdir: workdir,
          risk: risk.level, reasons: risk.reasons, needsApproval: needsApproval)))
    return (callID, effects)
  }

  func pendingReason(_ callID: CallID) -> String? {
    engine.state.approvals.pending.first { $0.callID == callID }?.reason
  }

  func decide(_ callID: CallID, _ decision: ApprovalDecision) throws -> [Effect] {
    try engine.send(.decideApproval(DecideApproval(callID: callID, decision: decision)))
  }

  func started(_ callID: CallID, processID: Int32, tty: Bool) throws {
    try engine.send(.recordToolStart(ToolStarted(callID: callID, processID: processID, tty: tty)))
  }

  func output(_ callID: CallID, stream: OutputStream, bytes: [UInt8]) throws {
    guard !bytes.isEmpty else { return }
    try engine.send(
      .recordToolOutput(ToolOutputReceived(callID: callID, stream: stream, chunk: bytes)))
  }

  func wroteStdin(_ callID: CallID, bytes: [UInt8]) throws {
    try engine.send(.writeToolStdin(ToolStdinWritten(callID: callID, bytes: bytes)))
  }

  func resized(_ callID: CallID, to size: TerminalSize) throws {
    try engine.send(
      .resizeTool(ToolResized(callID: callID, rows: size.rows, columns: size.columns)))
  }

  func signalled(_ callID: CallID, signal: Int32) throws {
    try engine.send(.signalTool(ToolSignalled(callID: callID, signal: signal)))
  }

  func exited(_ callID: CallID, termination: ProcessTermination, durationNanoseconds: UInt64)
    throws
  {
    let (code, signal): (Int32?, Int32?)
    switch termination {
    case .exited(let value): (code, signal) = (value, nil)
    case .signaled(let value): (code, signal) = (nil, value)
    }
    try engine.send(
      .recordToolExit(
        ToolExited(
          callID: callID, exitCode: code, signal: signal,
          durationNanoseconds: durationNanoseconds)))
  }

  func result(_ callID: CallID, text: String, success: Bool) throws {
    try engine.send(
      .recordToolResult(ToolResultRecorded(callID: callID, output: text, success: success)))
  }

  /// The result the model would get for a call that was not run.
  func denied(_ callID: CallID, _ decision: ApprovalDecision) throws {
    let text = decision == .aborted ? "aborted" : "rejected by user: the command was not run"
    try result(callID, text: text, success: false)
  }

  /// Makes everything sent so far durable, so what the run printed is in the log.
  func commit() throws { try engine.commit() }

  /// Ends the turn when it is still open and none of its calls waits or runs: completed,
  /// or interrupted with `interruption`.
  func finishTurn(interruption: String? = nil) throws {
    guard engine.state.turns.current?.turnID == turnID else { return }
    guard !engine.state.tools.active.contains(where: { $0.turnID == turnID }) else { return }
    let outcome: EndTurn.Outcome = interruption.map { .interrupted(reason: $0) } ?? .completed
    try engine.send(.endTurn(EndTurn(turnID: turnID, outcome: outcome)))
  }

  func close() throws { try engine.close() }
}
