import CairnCore
import CairnLogFormat
import Testing

// The golden scenarios, each built from commands with fixed ids, process ids and times.
// Changing one changes its goldens: regenerate them with `CAIRN_UPDATE_GOLDENS=1` and
// review the diff.

extension GoldenScenario {
  static let cwd = "/home/ada/cairn"

  static func sessionID(_ number: Int) -> SessionID {
    let digits = String(number)
    return SessionID(
      "0199f00d-0000-7000-8000-" + String(repeating: "0", count: 12 - digits.count) + digits)
  }

  static func create(_ number: Int, _ policy: ApprovalPolicy) -> Command {
    .createSession(
      SessionCreated(
        sessionID: sessionID(number), cwd: cwd, model: "gpt-5-codex", provider: "openai",
        approvalPolicy: policy, sandboxMode: .workspaceWrite))
  }

  // MARK: Turns

  static let plainTurn = GoldenScenario(
    name: "plain-turn",
    summary: """
      One turn with no tools: settings changed first (and an empty change refused), a user
      message with an image reference, a streamed reasoning summary and a streamed answer
      completed, token usage, the turn completed (and a second end refused). Then the
      session's metadata: renamed, archived (a second archive refused) and unarchived.
      """
  ) {
    var session = ScenarioRecorder()
    let turn = TurnID("turn-1")
    session.send(create(1, .onRequest))
    session.send(
      .changeSettings(
        SettingsChanged(
          model: nil, reasoningEffort: "high", approvalPolicy: nil, sandboxMode: nil, cwd: nil)))
    session.reject(
      .changeSettings(
        SettingsChanged(
          model: nil, reasoningEffort: nil, approvalPolicy: nil, sandboxMode: nil, cwd: nil)))
    session.send(
      .startTurn(
        StartTurn(
          turnID: turn, text: "What does Package.swift declare? The diagram may help.",
          images: [ImageReference(path: "\(cwd)/docs/targets.png", mimeType: "image/png")])))
    session.send(
      .recordModelResponseStart(ModelResponseStarted(turnID: turn, responseID: "resp-1")))
    let reasoning = ItemID("rs-1")
    session.send(
      .appendReasoningSummary(
        ReasoningSummaryAppended(
          turnID: turn, itemID: reasoning, summaryIndex: 0, delta: "Reading the manifest")))
    session.send(
      .appendReasoningSummary(
        ReasoningSummaryAppended(
          turnID: turn, itemID: reasoning, summaryIndex: 0, delta: " and its targets.")))
    session.send(
      .completeReasoning(
        ReasoningCompleted(
          turnID: turn, itemID: reasoning, summary: ["Reading the manifest and its targets."],
          encryptedContent: "gAAAAB-opaque-reasoning-state")))
    let message = ItemID("msg-1")
    session.send(
      .appendOutputText(
        OutputTextAppended(turnID: turn, itemID: message, delta: "It declares one executable, ")))
    session.send(
      .appendOutputText(
        OutputTextAppended(
          turnID: turn, itemID: message, delta: "`cairn`, and six library targets.")))
    session.send(
      .completeMessage(
        MessageCompleted(
          turnID: turn, itemID: message,
          text: "It declares one executable, `cairn`, and six library targets.")))
    session.send(usage(turn, input: 1_830, cached: 1_024, output: 212, reasoning: 96))
    session.send(.endTurn(EndTurn(turnID: turn, outcome: .completed)))
    session.reject(.endTurn(EndTurn(turnID: turn, outcome: .completed)))
    session.send(.renameSession(SessionRenamed(title: "Package overview")))
    session.send(.archiveSession)
    session.reject(.archiveSession)
    session.send(.unarchiveSession)
    return [session.log]
  }

  static let toolRunApproved = GoldenScenario(
    name: "tool-run-approved",
    summary: """
      Tool runs under the `untrusted` policy. Turn 1: `swift build` is planned as risky, the
      user is prompted and approves once; it starts, writes to stdout and stderr and exits
      0, and its result goes back to the model. Then `swift test` is approved for the
      session and runs. Turn 2: `swift test` again runs without a prompt (approved for the
      session) and exits 1. Causation links each approval to its request and each start to
      the record that asked for it.
      """
  ) {
    var session = ScenarioRecorder()
    let turn1 = TurnID("turn-1")
    let turn2 = TurnID("turn-2")
    session.send(create(2, .untrusted))
    session.send(
      .startTurn(StartTurn(turnID: turn1, text: "Build the package, then run the tests.")))
    session.send(
      .recordModelResponseStart(ModelResponseStarted(turnID: turn1, responseID: "resp-1")))
    session.runApprovedShellCommand(
      turn1, call: "call-1", item: "fc-1", ["swift", "build"], reasons: ["writes to .build"],
      decision: .approvedOnce, processID: 4101,
      output: [
        (.stdout, "Building for debugging...\n"),
        (.stderr, "warning: initialization of 'x' was never used\n"),
        (.stdout, "Build complete! (12.40s)\n"),
      ], exitCode: 0, seconds: 12)
    session.send(
      .recordModelResponseStart(ModelResponseStarted(turnID: turn1, responseID: "resp-2")))
    session.runApprovedShellCommand(
      turn1, call: "call-2", item: "fc-2", ["swift", "test"], reasons: ["runs the test suite"],
      decision: .approvedForSession, processID: 4102,
      output: [(.stdout, "Test run with 42 tests passed after 3.1 seconds.\n")], exitCode: 0,
      seconds: 4)
    session.send(
      .recordModelResponseStart(ModelResponseStarted(turnID: turn1, responseID: "resp-3")))
    session.reply(turn1, item: "msg-1", ["The build is clean ", "and all 42 tests pass."])
    session.send(usage(turn1, input: 5_210, cached: 4_096, output: 388, reasoning: 128))
    session.send(.endTurn(EndTurn(turnID: turn1, outcome: .completed)))

    session.send(.startTurn(StartTurn(turnID: turn2, text: "Run the tests again.")))
    session.send(
      .recordModelResponseStart(ModelResponseStarted(turnID: turn2, responseID: "resp-4")))
    let call3 = CallID("call-3")
    session.send(
      .completeFunctionCall(
        FunctionCallCompleted(
          turnID: turn2, itemID: ItemID("fc-3"), callID: call3, name: "exec_command",
          arguments: #"{"cmd":"swift test"}"#)))
    // Approved for the session: planned as needing approval, started without a prompt.
    let planned = session.send(
      .planToolCall(
        PlanToolCall(
          turnID: turn2, callID: call3, tool: "exec_command", command: ["swift", "test"],
          workdir: cwd, risk: .risky, reasons: ["runs the test suite"])))
    session.send(
      .recordToolStart(ToolStarted(callID: call3, processID: 4103, tty: false)),
      causation: planned[0])
    session.send(
      .recordToolOutput(
        ToolOutputReceived(
          callID: call3, stream: .stdout,
          chunk: Array(
            "Test run with 42 tests in 6 suites failed after 3.4 seconds with 1 issue.\n".utf8))))
    session.wait(seconds: 4)
    session.send(
      .recordToolExit(
        ToolExited(callID: call3, exitCode: 1, signal: nil, durationNanoseconds: 4_000_000_000)))
    session.send(
      .recordModelResponseStart(ModelResponseStarted(turnID: turn2, responseID: "resp-5")))
    session.reply(turn2, item: "msg-2", ["One test failed: `resumeAfterTornTail`."])
    session.send(.endTurn(EndTurn(turnID: turn2, outcome: .completed)))
    return [session.log]
  }

  static let approvalDenied = GoldenScenario(
    name: "approval-denied",
    summary: """
      Approvals refused under the `on-request` policy. Turn 1: `rm -rf build` is dangerous,
      the user is prompted and denies it: the call finishes as denied and the denial goes
      back to the model; starting it or deciding again is then refused; the model answers
      and the turn completes. Turn 2: `git push --force` is prompted and the user aborts:
      the decision also interrupts the turn (effects: report the denial, abort the turn),
      and the model's late output for that turn is refused.
      """
  ) {
    var session = ScenarioRecorder()
    let turn1 = TurnID("turn-1")
    let turn2 = TurnID("turn-2")
    let call1 = CallID("call-1")
    let call2 = CallID("call-2")
    session.send(create(3, .onRequest))
    session.send(.startTurn(StartTurn(turnID: turn1, text: "Clean the build folder.")))
    session.send(
      .recordModelResponseStart(ModelResponseStarted(turnID: turn1, responseID: "resp-1")))
    let requested1 = session.planShellCommand(
      turn1, call: "call-1", item: "fc-1", ["rm", "-rf", "build"], risk: .dangerous,
      reasons: ["deletes files recursively"])
    session.send(
      .decideApproval(DecideApproval(callID: call1, decision: .denied)), causation: requested1)
    session.reject(.recordToolStart(ToolStarted(callID: call1, processID: 4201, tty: false)))
    session.reject(.decideApproval(DecideApproval(callID: call1, decision: .approvedOnce)))
    session.send(
      .recordModelResponseStart(ModelResponseStarted(turnID: turn1, responseID: "resp-2")))
    session.reply(turn1, item: "msg-1", ["Understood: I left `build/` alone."])
    session.send(.endTurn(EndTurn(turnID: turn1, outcome: .completed)))

    session.send(.startTurn(StartTurn(turnID: turn2, text: "Force-push the branch.")))
    session.send(
      .recordModelResponseStart(ModelResponseStarted(turnID: turn2, responseID: "resp-3")))
    let requested2 = session.planShellCommand(
      turn2, call: "call-2", item: "fc-2", ["git", "push", "--force"], risk: .dangerous,
      reasons: ["rewrites the remote branch's history"])
    session.send(
      .decideApproval(DecideApproval(callID: call2, decision: .aborted)), causation: requested2)
    session.reject(
      .appendOutputText(
        OutputTextAppended(turnID: turn2, itemID: ItemID("msg-2"), delta: "Pushing anyway")))
    return [session.log]
  }

  static let turnInterrupted = GoldenScenario(
    name: "turn-interrupted",
    summary: """
      A turn interrupted while two tools run (`on-request` policy, so neither is prompted):
      `swift test` in a pseudo-terminal (resized, with input written to it) and
      `tail -f server.log`. The interrupt ends the turn and returns `stop_tools` for both;
      the shell signals them (SIGINT) and records their exits. A second turn then runs
      to completion.
      """
  ) {
    var session = ScenarioRecorder()
    let turn1 = TurnID("turn-1")
    let turn2 = TurnID("turn-2")
    let call1 = CallID("call-1")
    let call2 = CallID("call-2")
    session.send(create(4, .onRequest))
    session.send(
      .startTurn(StartTurn(turnID: turn1, text: "Run the tests and watch the server log.")))
    session.send(
      .recordModelResponseStart(ModelResponseStarted(turnID: turn1, responseID: "resp-1")))
    let planned1 = session.planShellCommand(
      turn1, call: "call-1", item: "fc-1", ["swift", "test"], risk: .risky,
      reasons: ["runs the test suite"])
    session.send(
      .recordToolStart(ToolStarted(callID: call1, processID: 4301, tty: true)),
      causation: planned1)
    session.send(.resizeTool(ToolResized(callID: call1, rows: 40, columns: 120)))
    let planned2 = session.planShellCommand(
      turn1, call: "call-2", item: "fc-2", ["tail", "-f", "server.log"], risk: .safe, reasons: [])
    session.send(
      .recordToolStart(ToolStarted(callID: call2, processID: 4302, tty: false)),
      causation: planned2)
    session.send(
      .recordToolOutput(
        ToolOutputReceived(
          callID: call1, stream: .pty, chunk: Array("[1/42] Compiling CairnCore\r\n".utf8))))
    session.send(
      .recordToolOutput(
        ToolOutputReceived(callID: call2, stream: .stdout, chunk: Array("GET /health 200\n".utf8))))
    session.send(.writeToolStdin(ToolStdinWritten(callID: call1, bytes: Array("\n".utf8))))
    let interrupted = session.send(
      .endTurn(EndTurn(turnID: turn1, outcome: .interrupted(reason: "interrupted by the user"))))
    let sigint: Int32 = 2
    session.send(
      .signalTool(ToolSignalled(callID: call1, signal: sigint)), causation: interrupted[0])
    session.send(
      .signalTool(ToolSignalled(callID: call2, signal: sigint)), causation: interrupted[0])
    session.wait(seconds: 1)
    session.send(
      .recordToolExit(
        ToolExited(callID: call1, exitCode: nil, signal: sigint, durationNanoseconds: 2_500_000_000)
      ))
    session.send(
      .recordToolExit(
        ToolExited(callID: call2, exitCode: 130, signal: nil, durationNanoseconds: 2_400_000_000)))
    session.reject(.signalTool(ToolSignalled(callID: call1, signal: 9)))

    session.send(.startTurn(StartTurn(turnID: turn2, text: "Only run the CairnCore tests.")))
    session.send(
      .recordModelResponseStart(ModelResponseStarted(turnID: turn2, responseID: "resp-2")))
    session.reply(turn2, item: "msg-1", ["Sure: `swift test --filter CairnCoreTests`."])
    session.send(.endTurn(EndTurn(turnID: turn2, outcome: .completed)))
    return [session.log]
  }

  static let crashMidToolResume = GoldenScenario(
    name: "crash-mid-tool-resume",
    summary: """
      A crash with a tool running and an approval pending (`untrusted` policy), then a
      resume. `swift build` is approved and starts; the engine checkpoints; output arrives
      and `rm -rf .build/cache` is prompted. The process dies: the `crash` line records the
      running tool and the pending approval, and its state equals a fold of the records
      before the cut. A new process decodes the checkpoint, folds the tail after it and
      goes on from that state (the `resume` line): it records that the orphaned build died
      with the old process (SIGKILL), the user denies the pending call, and the turn
      completes. Every line after the resume must equal a straight fold of the log.
      """
  ) {
    var session = ScenarioRecorder()
    let turn = TurnID("turn-1")
    let call1 = CallID("call-1")
    let call2 = CallID("call-2")
    session.send(create(5, .untrusted))
    session.send(.startTurn(StartTurn(turnID: turn, text: "Build it and clear the stale cache.")))
    session.send(
      .recordModelResponseStart(ModelResponseStarted(turnID: turn, responseID: "resp-1")))
    let requested = session.planShellCommand(
      turn, call: "call-1", item: "fc-1", ["swift", "build"], risk: .risky,
      reasons: ["writes to .build"])
    let approved = session.send(
      .decideApproval(DecideApproval(callID: call1, decision: .approvedOnce)),
      causation: requested)
    session.send(
      .recordToolStart(ToolStarted(callID: call1, processID: 4401, tty: false)),
      causation: approved[0])
    session.takeCheckpoint()
    session.send(
      .recordToolOutput(
        ToolOutputReceived(
          callID: call1, stream: .stdout, chunk: Array("[12/96] Compiling CairnStore\n".utf8))))
    session.planShellCommand(
      turn, call: "call-2", item: "fc-2", ["rm", "-rf", ".build/cache"], risk: .dangerous,
      reasons: ["deletes files recursively"])
    session.send(
      .recordToolOutput(
        ToolOutputReceived(
          callID: call1, stream: .stdout, chunk: Array("[31/96] Compiling CairnEngine\n".utf8))))
    try session.crashAndResume(downtimeSeconds: 30)
    let sigkill: Int32 = 9
    session.send(
      .recordToolExit(
        ToolExited(
          callID: call1, exitCode: nil, signal: sigkill, durationNanoseconds: 31_000_000_000)))
    session.send(.decideApproval(DecideApproval(callID: call2, decision: .denied)))
    session.send(
      .recordModelResponseStart(ModelResponseStarted(turnID: turn, responseID: "resp-2")))
    session.reply(
      turn, item: "msg-1", ["The build was cut short by a restart; ", "I left the cache alone."])
    session.send(.endTurn(EndTurn(turnID: turn, outcome: .completed)))
    return [session.log]
  }

  // MARK: Sessions

  static let fork = GoldenScenario(
    name: "fork",
    summary: """
      A fork. The parent (`trace.jsonl`) completes turn 1, then goes on with its own
      turn 2 and a rename. The child (`child/trace.jsonl`) forks at the end of turn 1, as
      `SessionFork` does: it reads the parent's records through the fork point (a replay
      takes them from the parent's trace, through the parent), then `fork_session` with
      the parent's settings logs its first own record, a `session_created` whose `origin`
      names the parent and the fork seq. The child's `fork_point` line has the parent's
      state and digest at that seq; from its `session_created` on, with its own model and
      its own turn 2, the child's state diverges from the parent's.
      """
  ) {
    var parent = ScenarioRecorder()
    let turn1 = TurnID("turn-1")
    let turn2 = TurnID("turn-2")
    parent.send(create(6, .onRequest))
    parent.send(.startTurn(StartTurn(turnID: turn1, text: "Draft a README for the project.")))
    parent.send(
      .recordModelResponseStart(ModelResponseStarted(turnID: turn1, responseID: "resp-1")))
    parent.reply(turn1, item: "msg-1", ["# Cairn\n\n", "A durable session log for coding agents."])
    parent.send(usage(turn1, input: 900, cached: 0, output: 120, reasoning: 0))
    parent.send(.endTurn(EndTurn(turnID: turn1, outcome: .completed)))
    let forkSeq = parent.state.lastSeq

    parent.send(.startTurn(StartTurn(turnID: turn2, text: "Make it shorter.")))
    parent.send(
      .recordModelResponseStart(ModelResponseStarted(turnID: turn2, responseID: "resp-2")))
    parent.reply(turn2, item: "msg-2", ["# Cairn\n\nDurable agent sessions."])
    parent.send(.endTurn(EndTurn(turnID: turn2, outcome: .completed)))
    parent.send(.renameSession(SessionRenamed(title: "README, short")))

    var child = ScenarioRecorder.fork(
      of: parent, at: forkSeq, child: sessionID(7),
      startNanoseconds: ScenarioRecorder.startNanoseconds + 3_600_000_000_000)
    child.send(
      .changeSettings(
        SettingsChanged(
          model: "gpt-5", reasoningEffort: nil, approvalPolicy: nil, sandboxMode: nil, cwd: nil)))
    child.send(
      .startTurn(StartTurn(turnID: turn2, text: "Make it longer, with an install section.")))
    child.send(.recordModelResponseStart(ModelResponseStarted(turnID: turn2, responseID: "resp-9")))
    child.reply(
      turn2, item: "msg-2",
      ["# Cairn\n\nA durable session log for coding agents.\n\n", "## Install\n\n`swift build`"])
    child.send(.endTurn(EndTurn(turnID: turn2, outcome: .completed)))
    child.send(.renameSession(SessionRenamed(title: "README, long")))
    return [parent.log, child.log]
  }

  static let compaction = GoldenScenario(
    name: "compaction",
    summary: """
      Compaction artifacts of both kinds. After turn 1, a `replay_seed` (a checkpoint
      reference and payload-free event ranges). Turn 2 fails (context window exceeded),
      then a `semantic_summary` (summary text and ranges) is recorded; one without an id is
      refused. Turn 3 completes, then a second `replay_seed`. `state.compactions` keeps
      the latest of each kind and counts all three.
      """
  ) {
    var session = ScenarioRecorder()
    let turn1 = TurnID("turn-1")
    let turn2 = TurnID("turn-2")
    let turn3 = TurnID("turn-3")
    session.send(create(8, .onRequest))
    session.send(.startTurn(StartTurn(turnID: turn1, text: "Summarise docs/LOG_FORMAT.md.")))
    session.send(
      .recordModelResponseStart(ModelResponseStarted(turnID: turn1, responseID: "resp-1")))
    session.reply(turn1, item: "msg-1", ["Segments hold LZ4 blocks with chained XXH3 checksums."])
    session.send(usage(turn1, input: 96_000, cached: 64_000, output: 1_400, reasoning: 512))
    session.send(.endTurn(EndTurn(turnID: turn1, outcome: .completed)))
    let seed1 = session.state.lastSeq
    session.send(
      .recordCompactionArtifact(
        CompactionArtifactRecorded(
          artifactID: "cmp-1", kind: .replaySeed, checkpointSeq: seed1,
          ranges: [SeqRange(first: Seq(2), last: seed1)], summary: nil)))

    session.send(.startTurn(StartTurn(turnID: turn2, text: "Now compare it with the checkpoints.")))
    session.send(
      .recordModelResponseStart(ModelResponseStarted(turnID: turn2, responseID: "resp-2")))
    session.send(usage(turn2, input: 271_000, cached: 96_000, output: 0, reasoning: 0))
    session.send(
      .endTurn(EndTurn(turnID: turn2, outcome: .failed(message: "context window exceeded"))))
    let summarised = session.state.lastSeq
    session.send(
      .recordCompactionArtifact(
        CompactionArtifactRecorded(
          artifactID: "cmp-2", kind: .semanticSummary, checkpointSeq: summarised,
          ranges: [SeqRange(first: Seq(2), last: summarised)],
          summary: "The user is reading docs/LOG_FORMAT.md: segments, blocks, checksums.")))
    session.reject(
      .recordCompactionArtifact(
        CompactionArtifactRecorded(
          artifactID: "", kind: .semanticSummary, checkpointSeq: summarised, ranges: [],
          summary: "no id")))

    session.send(.startTurn(StartTurn(turnID: turn3, text: "Now compare it with the checkpoints.")))
    session.send(
      .recordModelResponseStart(ModelResponseStarted(turnID: turn3, responseID: "resp-3")))
    session.reply(turn3, item: "msg-2", ["Checkpoints are whole states; segments are the events."])
    session.send(usage(turn3, input: 8_200, cached: 0, output: 300, reasoning: 64))
    session.send(.endTurn(EndTurn(turnID: turn3, outcome: .completed)))
    let seed2 = session.state.lastSeq
    session.send(
      .recordCompactionArtifact(
        CompactionArtifactRecorded(
          artifactID: "cmp-3", kind: .replaySeed, checkpointSeq: seed2,
          ranges: [
            SeqRange(first: Seq(2), last: summarised),
            SeqRange(first: summarised.next, last: seed2),
          ],
          summary: nil)))
    return [session.log]
  }

  static let uiFacts = GoldenScenario(
    name: "ui-facts",
    summary: """
      The terminal workstation's own facts, which a replay must reproduce: the terminal
      resized (a zero size refused), focus moved, the transcript scrolled and back, the
      palette opened, its query changed and closed (focus returns to the composer; closing
      it again is refused), and composer edits with the cursor moved, multi-byte text, a
      cursor past the end refused, and the composer cleared.
      """
  ) {
    var session = ScenarioRecorder()
    session.send(create(9, .onRequest))
    session.send(.resizeTerminal(ResizeTerminal(rows: 50, columns: 160)))
    session.reject(.resizeTerminal(ResizeTerminal(rows: 0, columns: 160)))
    session.send(.changeFocus(FocusChanged(target: .transcript)))
    session.send(.scrollTranscript(TranscriptScrolled(linesFromBottom: 12)))
    session.send(.scrollTranscript(TranscriptScrolled(linesFromBottom: 0)))
    session.send(.openPalette(PaletteOpened(query: "")))
    session.send(.openPalette(PaletteOpened(query: "arch")))
    session.send(.closePalette)
    session.reject(.closePalette)
    session.send(.editComposer(EditComposer(text: "fix the", cursor: 7)))
    session.send(.editComposer(EditComposer(text: "fix the build", cursor: 13)))
    session.send(.editComposer(EditComposer(text: "fix the build", cursor: 4)))
    session.send(.editComposer(EditComposer(text: "fix the naïve build", cursor: 11)))
    session.reject(.editComposer(EditComposer(text: "fix", cursor: 9)))
    session.send(.changeFocus(FocusChanged(target: .composer)))
    session.send(.editComposer(EditComposer(text: "", cursor: 0)))
    return [session.log]
  }

  static func usage(
    _ turn: TurnID, input: UInt64, cached: UInt64, output: UInt64, reasoning: UInt64
  ) -> Command {
    .recordTokenUsage(
      TokenUsageRecorded(
        turnID: turn, inputTokens: input, cachedInputTokens: cached, outputTokens: output,
        reasoningOutputTokens: reasoning))
  }
}

extension ScenarioRecorder {
  /// The model's answer: streamed `deltas`, then the completed message.
  mutating func reply(_ turn: TurnID, item: String, _ deltas: [String]) {
    for delta in deltas {
      send(.appendOutputText(OutputTextAppended(turnID: turn, itemID: ItemID(item), delta: delta)))
    }
    send(
      .completeMessage(
        MessageCompleted(turnID: turn, itemID: ItemID(item), text: deltas.joined())))
  }

  /// The model calls `exec_command` and the shell plans the call. Returns the sequence
  /// number of the plan's last record: the approval request when the policy asks, else
  /// the plan (the record whose effect starts the tool).
  @discardableResult
  mutating func planShellCommand(
    _ turn: TurnID, call: String, item: String, _ command: [String], risk: RiskLevel,
    reasons: [String]
  ) -> Seq {
    let line = command.joined(separator: " ")
    send(
      .completeFunctionCall(
        FunctionCallCompleted(
          turnID: turn, itemID: ItemID(item), callID: CallID(call), name: "exec_command",
          arguments: #"{"cmd":""# + line + #"","workdir":""# + GoldenScenario.cwd + #""}"#)))
    let planned = send(
      .planToolCall(
        PlanToolCall(
          turnID: turn, callID: CallID(call), tool: "exec_command", command: command,
          workdir: GoldenScenario.cwd, risk: risk, reasons: reasons)))
    return planned.last ?? .none
  }

  /// A risky shell command the user is asked about and approves with `decision`; it runs,
  /// writes `output` and exits after `seconds`.
  mutating func runApprovedShellCommand(
    _ turn: TurnID, call: String, item: String, _ command: [String], reasons: [String],
    decision: ApprovalDecision, processID: Int32, output: [(OutputStream, String)],
    exitCode: Int32, seconds: Int64
  ) {
    let callID = CallID(call)
    let requested = planShellCommand(
      turn, call: call, item: item, command, risk: .risky, reasons: reasons)
    let decided = send(
      .decideApproval(DecideApproval(callID: callID, decision: decision)), causation: requested)
    send(
      .recordToolStart(ToolStarted(callID: callID, processID: processID, tty: false)),
      causation: decided.first ?? .none)
    for (stream, text) in output {
      send(
        .recordToolOutput(
          ToolOutputReceived(callID: callID, stream: stream, chunk: Array(text.utf8))))
    }
    wait(seconds: seconds)
    send(
      .recordToolExit(
        ToolExited(
          callID: callID, exitCode: exitCode, signal: nil,
          durationNanoseconds: UInt64(seconds) * 1_000_000_000)))
  }
}
