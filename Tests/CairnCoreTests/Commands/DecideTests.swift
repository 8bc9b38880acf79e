import CairnCore
import CairnLogFormat
import Testing

/// `decide` turns commands into events or rejections; live (decide, then evolve) and
/// replay (evolve the logged events) reach the same state.
@Suite struct DecideTests {
  /// A live session: decides, logs (in memory) and folds, as the engine will.
  private struct Live {
    var state = SessionState()
    var log: [Envelope] = []
    var effects: [Effect] = []

    mutating func send(_ command: Command) -> CommandRejection? {
      switch state.decide(command) {
      case .failure(let rejection):
        return rejection
      case .success(let events):
        for event in events {
          let envelope = Envelope(
            seq: Seq(UInt64(log.count) + 1), recordedAtNanoseconds: Int64(log.count) * 1000,
            event: event)
          log.append(envelope)
          effects += SessionState.evolve(&state, envelope)
        }
        return nil
      }
    }
  }

  private let create = Command.createSession(
    SessionCreated(
      sessionID: SessionID("s-1"), cwd: "/work", model: "gpt-5-codex", provider: "openai",
      approvalPolicy: .untrusted, sandboxMode: .workspaceWrite))

  @Test func aRollbackDropsTheLatestTurnsAndIsRefusedWhereItCannotBeHonoured() {
    var live = Live()
    #expect(live.send(.rollBackTurns(RollBackTurns(count: 1))) == .noSession)
    #expect(live.send(create) == nil)
    var starts: [Seq] = []
    for index in 1...3 {
      let turn = TurnID("t-\(index)")
      #expect(live.send(.startTurn(StartTurn(turnID: turn, text: "prompt \(index)"))) == nil)
      starts.append(live.state.turns.current!.startedSeq)
      if index == 3 {
        #expect(
          live.send(.rollBackTurns(RollBackTurns(count: 1))) == .turnInProgress(turn))
      }
      #expect(live.send(.endTurn(EndTurn(turnID: turn, outcome: .completed))) == nil)
    }
    #expect(
      live.send(.rollBackTurns(RollBackTurns(count: 0)))
        == .invalidArgument("numTurns must be >= 1"))
    #expect(
      live.send(.rollBackTurns(RollBackTurns(count: 4)))
        == .invalidArgument("cannot roll back 4 turns: the thread has 3"))
    #expect(live.send(.rollBackTurns(RollBackTurns(count: 2))) == nil)
    #expect(
      live.log.last?.event == .turnsRolledBack(TurnsRolledBack(count: 2, fromSeq: starts[1])))
    #expect(live.state.turns.recent.map(\.turnID) == [TurnID("t-1")])
    #expect(live.state.turns.completedCount == 3)
    // Replay reaches the same state.
    var replayed = SessionState()
    for envelope in live.log { _ = SessionState.evolve(&replayed, envelope) }
    #expect(replayed == live.state)
    // A summary recorded after the remaining turn started: rolling back past it is refused.
    #expect(
      live.send(
        .recordCompactionArtifact(
          CompactionArtifactRecorded(
            artifactID: "a-1", kind: .semanticSummary, checkpointSeq: .none,
            ranges: [SeqRange(first: .first, last: live.state.lastSeq)], summary: "so far")))
        == nil)
    #expect(
      live.send(.rollBackTurns(RollBackTurns(count: 1)))
        == .invalidArgument(
          "cannot roll back past a compaction: the history before it is summarized"))
  }

  @Test func contextRetriesAndToolResultsAreCheckedAgainstTheTurnAndTheCall() {
    var live = Live()
    #expect(live.send(create) == nil)
    let turn = TurnID("t-1")
    let context = ContextMessageAdded(turnID: turn, role: "developer", text: "sandbox: read-only")
    #expect(live.send(.addContextMessage(context)) == .noSuchTurn(turn))
    #expect(live.send(.startTurn(StartTurn(turnID: turn, text: "go"))) == nil)
    #expect(live.send(.addContextMessage(context)) == nil)
    var assistant = context
    assistant.role = "assistant"
    #expect(
      live.send(.addContextMessage(assistant))
        == .invalidArgument("context messages are developer or user messages, not assistant"))
    let retry = ModelRequestRetried(
      turnID: turn, streamLevel: true, attempt: 6, maxAttempts: 5, reason: "closed",
      delayMilliseconds: 200)
    #expect(
      live.send(.recordModelRetry(retry)) == .invalidArgument("retry 6 of 5 is out of range"))
    var first = retry
    first.attempt = 1
    #expect(live.send(.recordModelRetry(first)) == nil)
    let call = CallID("call-1")
    #expect(
      live.send(
        .planToolCall(
          PlanToolCall(
            turnID: turn, callID: call, tool: "exec_command", command: ["ls"], risk: .safe,
            needsApproval: true)))
        == nil)
    let result = ToolResultRecorded(callID: call, output: "Output:\nREADME.md\n", success: true)
    // Waiting for approval, a call has nothing to answer yet.
    #expect(
      live.send(.recordToolResult(result))
        == .toolNotInState(call, expected: "decided, running or finished"))
    #expect(
      live.send(.decideApproval(DecideApproval(callID: call, decision: .approvedOnce))) == nil)
    #expect(live.send(.recordToolStart(ToolStarted(callID: call, processID: 9, tty: false))) == nil)
    // A live exec_command answers after its yield time while its process runs on.
    let running = ToolResultRecorded(
      callID: call, output: "Process running with session ID 4821\n", success: true)
    #expect(live.send(.recordToolResult(running)) == nil)
    #expect(
      live.send(
        .recordToolExit(
          ToolExited(callID: call, exitCode: 0, signal: nil, durationNanoseconds: 1_000)))
        == nil)
    #expect(live.send(.recordToolResult(result)) == nil)
    #expect(live.log.last?.event == .toolResultRecorded(result))
    #expect(TestSession.replay(live.log) == live.state)
  }

  @Test func aTurnWithAnApprovedToolRun() {
    var live = Live()
    #expect(live.send(create) == nil)
    #expect(live.send(create) == .sessionExists(SessionID("s-1")))
    let turn = TurnID("t-1")
    #expect(live.send(.startTurn(StartTurn(turnID: turn, text: "list files"))) == nil)
    #expect(
      live.send(.startTurn(StartTurn(turnID: TurnID("t-2"), text: "again")))
        == .turnInProgress(turn))
    let call = CallID("call-1")
    let plan = PlanToolCall(
      turnID: turn, callID: call, tool: "exec_command", command: ["rm", "-rf", "build"],
      risk: .risky, reasons: ["deletes files"])
    #expect(live.send(.planToolCall(plan)) == nil)
    #expect(live.send(.planToolCall(plan)) == .duplicateCall(call))
    #expect(live.effects == [.promptForApproval(call)])
    #expect(live.state.approvals.pending.map(\.callID) == [call])
    #expect(
      live.send(.recordToolStart(ToolStarted(callID: call, processID: 7, tty: false)))
        == .toolNotInState(call, expected: "ready to start"))
    #expect(
      live.send(.decideApproval(DecideApproval(callID: call, decision: .approvedForSession)))
        == nil)
    #expect(live.effects.last == .startTool(call))
    #expect(live.send(.recordToolStart(ToolStarted(callID: call, processID: 7, tty: false))) == nil)
    #expect(
      live.send(
        .recordToolOutput(ToolOutputReceived(callID: call, stream: .stdout, chunk: [65, 10])))
        == nil)
    #expect(
      live.send(
        .recordToolOutputOmitted(ToolOutputOmitted(callID: call, stream: .stdout, omittedBytes: 0)))
        == .invalidArgument("an omission records at least one byte"))
    #expect(
      live.send(
        .recordToolOutputOmitted(
          ToolOutputOmitted(callID: call, stream: .stdout, omittedBytes: 1_000))) == nil)
    #expect(live.state.tools.active.first?.omittedBytes == 1_000)
    #expect(
      live.send(.signalTool(ToolSignalled(callID: call, signal: 99)))
        == .invalidArgument("signal 99 is not a signal number (1–64)"))
    #expect(
      live.send(
        .recordToolExit(
          ToolExited(callID: call, exitCode: 0, signal: nil, durationNanoseconds: 5))) == nil)
    #expect(live.effects.last == .reportToolResult(call))
    #expect(live.state.tools.finished.last?.omittedBytes == 1_000)
    #expect(
      live.send(
        .recordToolOutputOmitted(ToolOutputOmitted(callID: call, stream: .stdout, omittedBytes: 1)))
        != nil)
    // The same command again runs without asking: it was approved for the session.
    let again = CallID("call-2")
    var second = plan
    second.callID = again
    #expect(live.send(.planToolCall(second)) == nil)
    #expect(live.effects.last == .startTool(again))
    #expect(live.state.approvals.pending.isEmpty)
    #expect(live.send(.endTurn(EndTurn(turnID: turn, outcome: .completed))) == nil)
    #expect(live.state.turns.completedCount == 1)

    var replayed = SessionState()
    for envelope in live.log { _ = SessionState.evolve(&replayed, envelope) }
    #expect(replayed == live.state)
  }

  @Test func abortingAnApprovalEndsTheTurn() {
    var live = Live()
    _ = live.send(create)
    let turn = TurnID("t")
    _ = live.send(.startTurn(StartTurn(turnID: turn, text: "push it")))
    let call = CallID("c")
    _ = live.send(
      .planToolCall(
        PlanToolCall(
          turnID: turn, callID: call, tool: "exec_command", command: ["git", "push"],
          risk: .risky)))
    #expect(live.send(.decideApproval(DecideApproval(callID: call, decision: .aborted))) == nil)
    #expect(live.state.turns.current == nil)
    #expect(live.state.turns.interruptedCount == 1)
    #expect(live.effects.suffix(2) == [.reportDenial(call, .aborted), .abortTurn(turn)])
    #expect(
      live.send(.decideApproval(DecideApproval(callID: call, decision: .denied)))
        == .noPendingApproval(call))
  }

  @Test func commandsWithoutASessionOrTurnAreRejected() {
    var live = Live()
    #expect(live.send(.archiveSession) == .noSession)
    #expect(live.send(.startTurn(StartTurn(turnID: TurnID("t"), text: "hi"))) == .noSession)
    _ = live.send(create)
    #expect(
      live.send(
        .appendOutputText(
          OutputTextAppended(turnID: TurnID("t"), itemID: ItemID("m"), delta: "x")))
        == .noSuchTurn(TurnID("t")))
    #expect(
      live.send(
        .changeSettings(
          SettingsChanged(
            model: nil, reasoningEffort: nil, approvalPolicy: nil, sandboxMode: nil, cwd: nil)))
        == .nothingToChange)
    #expect(live.send(.renameSession(SessionRenamed(title: "  "))) != nil)
    #expect(live.send(.unarchiveSession) == .invalidArgument("the session is not archived"))
    #expect(live.send(.archiveSession) == nil)
    #expect(live.send(.archiveSession) == .invalidArgument("the session is already archived"))
    #expect(live.send(.closePalette) == .invalidArgument("the palette is not open"))
    #expect(live.send(.editComposer(EditComposer(text: "é", cursor: 3))) != nil)
    #expect(live.send(.editComposer(EditComposer(text: "é", cursor: 2))) == nil)
    #expect(live.send(.resizeTerminal(ResizeTerminal(rows: 0, columns: 80))) != nil)
    #expect(live.log.count == 3)
  }

  @Test(arguments: [
    (ApprovalPolicy.untrusted, RiskLevel.safe, false), (.untrusted, .risky, true),
    (.onRequest, .risky, false), (.onRequest, .dangerous, true), (.never, .dangerous, false),
    (.onFailure, .dangerous, false),
  ])
  func approvalPolicies(policy: ApprovalPolicy, risk: RiskLevel, asks: Bool) {
    #expect(SessionState.policyAsks(policy, risk: risk) == asks)
  }
}
