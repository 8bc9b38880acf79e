import CairnCore
import CairnLogFormat

/// A seeded generator of plausible sessions: turns with user messages, streamed text and
/// reasoning, tool calls with approvals, output, input, resizes, signals and exits,
/// interrupts, failures, superseded turns, usage, compactions, settings and UI events.
///
/// Beside each event it says what the reducer must answer, from its own small model of the
/// session: the effects, and the approvals pending and tools running after the event (what
/// a crash at that point and a resume must show).
struct PlausibleSession {
  struct Step {
    var event: Event
    var effects: [Effect]
    /// Pending approvals after the event, in the order they were requested.
    var pending: [CallID]
    /// Running tools after the event, in the order they were planned.
    var running: [CallID]
  }

  private enum Phase: Equatable {
    case needsApproval
    case awaitingApproval
    case ready
    case running
  }

  private struct Tool {
    var callID: CallID
    var turnID: TurnID
    var command: [String]
    var phase: Phase
  }

  private enum Action: CaseIterable {
    case startTurn, supersedeTurn, userMessage, responseStarted, textDelta, completeMessage
    case reasoningDelta, completeReasoning, callTool, requestApproval, decide, startTool
    case output, omitOutput, stdin, resizeTool, signal, exitTool, usage, completeTurn, failTurn
    case interruptTurn, ui, metadata, compaction, context, retry, toolResult, fileChange
    case rollBack
    case mcpServerStatus, mcpToolResult
  }

  /// Commands whose space-joined forms are all different.
  private static let commands: [[String]] = [
    ["ls", "-la"], ["git", "status"], ["rm", "-rf", "build"], ["swift", "build"],
    ["cat", "README.md"], ["make", "test"],
  ]

  private var values: ArbitraryValues
  private(set) var steps: [Step] = []
  private var turn: TurnID?
  private var turnCount = 0
  private var callCount = 0
  private var itemCount = 0
  private var openMessage: ItemID?
  private var openReasoning: ItemID?
  private var tools: [Tool] = []
  private var pending: [CallID] = []
  private var approvedForSession: Set<[String]> = []
  private var processID: Int32 = 1_000
  /// Calls that exited and whose result text the model has not been given yet.
  private var unreported: [CallID] = []

  private init(seed: UInt64) { values = ArbitraryValues(seed: seed) }

  /// At least `count` steps of the session seeded by `seed`, starting with its creation.
  static func steps(seed: UInt64, count: Int) -> [Step] {
    var session = PlausibleSession(seed: seed)
    session.emit(
      .sessionCreated(
        SessionCreated(
          sessionID: SessionID("plausible-\(seed)"), cwd: "/work", model: "gpt-5-codex",
          provider: "openai", approvalPolicy: .onRequest, sandboxMode: .workspaceWrite,
          origin: nil)))
    while session.steps.count < count { session.act() }
    return session.steps
  }

  // MARK: Choosing

  private func weight(_ action: Action) -> Int {
    let inTurn = turn != nil
    let running = tools.contains { $0.phase == .running }
    switch action {
    case .startTurn: return inTurn ? 0 : 8
    case .supersedeTurn: return inTurn ? 1 : 0
    case .userMessage, .responseStarted, .usage: return inTurn ? 2 : 0
    case .textDelta: return inTurn ? 10 : 0
    case .completeMessage: return openMessage == nil ? 0 : 3
    case .reasoningDelta: return inTurn ? 5 : 0
    case .completeReasoning: return openReasoning == nil ? 0 : 2
    case .callTool: return inTurn ? 4 : 0
    case .requestApproval: return tools.contains { $0.phase == .needsApproval } ? 6 : 0
    case .decide: return pending.isEmpty ? 0 : 5
    case .startTool: return tools.contains { $0.phase == .ready } ? 8 : 0
    case .output: return running ? 10 : 0
    case .stdin: return running ? 2 : 0
    case .resizeTool, .signal, .omitOutput, .fileChange, .mcpToolResult:
      return running ? 1 : 0
    case .mcpServerStatus: return 1
    case .exitTool: return running ? 4 : 0
    case .completeTurn:
      guard let turn else { return 0 }
      return tools.contains { $0.turnID == turn } ? 1 : 5
    case .failTurn, .interruptTurn: return inTurn ? 1 : 0
    case .ui: return 3
    case .metadata, .compaction: return 1
    case .context, .retry: return inTurn ? 1 : 0
    case .toolResult: return unreported.isEmpty ? 0 : 3
    case .rollBack: return inTurn || turnCount == 0 ? 0 : 1
    }
  }

  private mutating func pick(_ count: Int) -> Int { Int(values.next() % UInt64(count)) }

  private mutating func act() {
    let weights = Action.allCases.map { weight($0) }
    var roll = pick(weights.reduce(0, +))
    for (action, weight) in zip(Action.allCases, weights) {
      if roll < weight {
        perform(action)
        return
      }
      roll -= weight
    }
  }

  private mutating func emit(_ event: Event, _ effects: [Effect] = []) {
    steps.append(
      Step(
        event: event, effects: effects, pending: pending,
        running: tools.filter { $0.phase == .running }.map(\.callID)))
  }

  private mutating func newItem(_ prefix: String) -> ItemID {
    itemCount += 1
    return ItemID("\(prefix)-\(itemCount)")
  }

  /// The index in `tools` of a random tool in `phase`.
  private mutating func anyTool(_ phase: Phase) -> Int {
    let indexes = tools.indices.filter { tools[$0].phase == phase }
    return indexes[pick(indexes.count)]
  }

  // MARK: Acting

  private mutating func perform(_ action: Action) {
    switch action {
    case .startTurn, .supersedeTurn:
      // Starting over a running turn ends it: its calls that never ran are dropped and
      // its running ones are to be stopped.
      let ended = turn.map { endToolsOfTurn($0) } ?? []
      turnCount += 1
      let next = TurnID("turn-\(turnCount)")
      turn = next
      openMessage = nil
      openReasoning = nil
      emit(.turnStarted(TurnStarted(turnID: next)), ended)
    case .userMessage:
      let images =
        values.chance() ? [ImageReference(path: "/tmp/a.png", mimeType: "image/png")] : []
      emit(
        .userMessageAdded(UserMessageAdded(turnID: turn!, text: values.string(), images: images)))
    case .responseStarted:
      emit(
        .modelResponseStarted(
          ModelResponseStarted(turnID: turn!, responseID: "resp-\(steps.count)")))
    case .textDelta:
      if openMessage == nil || pick(8) == 0 { openMessage = newItem("msg") }
      emit(
        .outputTextAppended(
          OutputTextAppended(turnID: turn!, itemID: openMessage!, delta: values.string())))
    case .completeMessage:
      emit(
        .messageCompleted(
          MessageCompleted(turnID: turn!, itemID: openMessage!, text: values.string())))
      openMessage = nil
    case .reasoningDelta:
      if openReasoning == nil || pick(8) == 0 { openReasoning = newItem("rs") }
      let part = pick(20) == 0 ? values.integer(UInt32.self) : UInt32(pick(3))
      emit(
        .reasoningSummaryAppended(
          ReasoningSummaryAppended(
            turnID: turn!, itemID: openReasoning!, summaryIndex: part, delta: values.string())))
    case .completeReasoning:
      emit(
        .reasoningCompleted(
          ReasoningCompleted(
            turnID: turn!, itemID: openReasoning!, summary: values.list { $0.string() },
            encryptedContent: values.chance() ? "opaque" : nil)))
      openReasoning = nil
    case .callTool:
      callTool()
    case .requestApproval:
      let index = anyTool(.needsApproval)
      tools[index].phase = .awaitingApproval
      pending.append(tools[index].callID)
      emit(
        .approvalRequested(ApprovalRequested(callID: tools[index].callID, reason: "needs a yes")),
        [.promptForApproval(tools[index].callID)])
    case .decide:
      decide()
    case .startTool:
      let index = anyTool(.ready)
      processID += 1
      tools[index].phase = .running
      emit(
        .toolStarted(
          ToolStarted(callID: tools[index].callID, processID: processID, tty: values.chance())))
    case .output:
      let index = anyTool(.running)
      let chunk =
        pick(30) == 0
        ? (0..<3_000).map { UInt8(truncatingIfNeeded: $0) } : values.bytes()
      emit(
        .toolOutputReceived(
          ToolOutputReceived(
            callID: tools[index].callID, stream: values.outputStream(), chunk: chunk)))
    case .omitOutput:
      let index = anyTool(.running)
      emit(
        .toolOutputOmitted(
          ToolOutputOmitted(
            callID: tools[index].callID, stream: values.outputStream(),
            omittedBytes: 1 + UInt64(pick(1 << 20)))))
    case .stdin:
      let index = anyTool(.running)
      emit(.toolStdinWritten(ToolStdinWritten(callID: tools[index].callID, bytes: values.bytes())))
    case .mcpServerStatus:
      let status = MCPServerStatus.allCases[pick(MCPServerStatus.allCases.count)]
      let failed = status == .failed || status == .exited
      emit(
        .mcpServerStatusChanged(
          MCPServerStatusChanged(
            server: "server-\(pick(3))", status: status,
            toolCount: status == .ready ? UInt32(pick(20)) : 0,
            message: failed ? values.string() : nil)))
    case .mcpToolResult:
      let index = anyTool(.running)
      let answered = values.chance()
      emit(
        .mcpToolResultReceived(
          MCPToolResultReceived(
            callID: tools[index].callID, server: "server-\(pick(3))", tool: "tool",
            content: answered ? #"[{"type":"text","text":"ok"}]"# : nil,
            structuredContent: answered && values.chance() ? #"{"ok":true}"# : nil,
            isError: answered && values.chance(), error: answered ? nil : values.string())))
    case .fileChange:
      let index = anyTool(.running)
      let kind = values.fileChangeKind()
      emit(
        .fileChanged(
          FileChanged(
            callID: tools[index].callID, path: "/work/file-\(pick(20))", kind: kind,
            movePath: kind == .update && values.chance() ? "/work/moved" : nil,
            before: kind == .add ? nil : values.bytes(),
            after: kind == .delete ? nil : values.bytes())))
    case .resizeTool:
      let index = anyTool(.running)
      emit(
        .toolResized(
          ToolResized(
            callID: tools[index].callID, rows: UInt16(10 + pick(50)),
            columns: UInt16(40 + pick(160)))))
    case .signal:
      let index = anyTool(.running)
      emit(.toolSignalled(ToolSignalled(callID: tools[index].callID, signal: Int32(1 + pick(15)))))
    case .exitTool:
      let index = anyTool(.running)
      let tool = tools.remove(at: index)
      let signalled = pick(4) == 0
      emit(
        .toolExited(
          ToolExited(
            callID: tool.callID, exitCode: signalled ? nil : Int32(pick(3)),
            signal: signalled ? 15 : nil, durationNanoseconds: UInt64(pick(1_000_000)))),
        // The model hears a result only while the call's turn runs.
        tool.turnID == turn ? [.reportToolResult(tool.callID)] : [])
      unreported.append(tool.callID)
    case .usage:
      emit(
        .tokenUsageRecorded(
          TokenUsageRecorded(
            turnID: turn!, inputTokens: UInt64(pick(10_000)), cachedInputTokens: UInt64(pick(500)),
            outputTokens: UInt64(pick(2_000)), reasoningOutputTokens: UInt64(pick(300)))))
    case .completeTurn:
      emit(.turnCompleted(TurnCompleted(turnID: turn!)))
      endTurn()
    case .failTurn:
      let ended = endToolsOfTurn(turn!)
      emit(.turnFailed(TurnFailed(turnID: turn!, message: "stream error")), ended)
      endTurn()
    case .interruptTurn:
      interrupt(turn!, reason: "user pressed Esc")
    case .ui:
      ui()
    case .metadata:
      metadata()
    case .context:
      emit(
        .contextMessageAdded(
          ContextMessageAdded(
            turnID: turn!, role: values.chance() ? "developer" : "user", text: values.string())))
    case .retry:
      let attempt = UInt32(1 + pick(5))
      emit(
        .modelRequestRetried(
          ModelRequestRetried(
            turnID: turn!, streamLevel: values.chance(), attempt: attempt, maxAttempts: 5,
            reason: "stream closed before response.completed",
            delayMilliseconds: UInt64(pick(4_000)))))
    case .toolResult:
      let callID = unreported.remove(at: pick(unreported.count))
      emit(
        .toolResultRecorded(
          ToolResultRecorded(callID: callID, output: values.string(), success: values.chance())))
    case .compaction:
      emit(
        .compactionArtifactRecorded(
          CompactionArtifactRecorded(
            artifactID: "artifact-\(steps.count)", kind: values.compactionKind(),
            checkpointSeq: Seq(UInt64(steps.count)),
            ranges: [SeqRange(first: Seq(1), last: Seq(UInt64(steps.count)))],
            summary: nil)))
    case .rollBack:
      // Between turns, back to the start of one of the turns so far.
      emit(
        .turnsRolledBack(
          TurnsRolledBack(count: 1, fromSeq: Seq(UInt64(1 + pick(steps.count))))))
    }
  }

  private mutating func callTool() {
    callCount += 1
    let call = CallID("call-\(callCount)")
    let command = Self.commands[pick(Self.commands.count)]
    let needsApproval = values.chance()
    let item = newItem("fc")
    if values.chance() {
      emit(
        .functionCallCompleted(
          FunctionCallCompleted(
            turnID: turn!, itemID: item, callID: call, name: "shell",
            arguments: command.joined(separator: " "))))
    } else {
      emit(
        .customToolCallCompleted(
          CustomToolCallCompleted(
            turnID: turn!, itemID: item, callID: call, name: "apply_patch", input: values.string()))
      )
    }
    let startsNow = !needsApproval || approvedForSession.contains(command)
    tools.append(
      Tool(
        callID: call, turnID: turn!, command: command,
        phase: startsNow ? .ready : .needsApproval))
    emit(
      .toolCallPlanned(
        ToolCallPlanned(
          turnID: turn!, callID: call, tool: "shell", command: command, workdir: nil,
          risk: values.riskLevel(), reasons: [], needsApproval: needsApproval)),
      startsNow ? [.startTool(call)] : [])
  }

  private mutating func decide() {
    let call = pending.remove(at: pick(pending.count))
    let index = tools.firstIndex { $0.callID == call }!
    let decision = values.approvalDecision()
    let event = Event.approvalDecided(ApprovalDecided(callID: call, decision: decision))
    switch decision {
    case .approvedOnce:
      tools[index].phase = .ready
      emit(event, [.startTool(call)])
    case .approvedForSession:
      tools[index].phase = .ready
      approvedForSession.insert(tools[index].command)
      emit(event, [.startTool(call)])
    case .denied:
      tools.remove(at: index)
      emit(event, [.reportDenial(call, .denied)])
    case .aborted:
      let tool = tools.remove(at: index)
      emit(event, [.reportDenial(call, .aborted), .abortTurn(tool.turnID)])
      // The shell ends the turn, if it is still the current one.
      if tool.turnID == turn { interrupt(tool.turnID, reason: "aborted") }
    }
  }

  private mutating func interrupt(_ turnID: TurnID, reason: String) {
    let ended = endToolsOfTurn(turnID)
    emit(.turnInterrupted(TurnInterrupted(turnID: turnID, reason: reason)), ended)
    endTurn()
  }

  /// What the reducer does when a turn ends other than normally: calls of that turn that
  /// never ran are finished (their approvals withdrawn); running ones are to be stopped.
  private mutating func endToolsOfTurn(_ turnID: TurnID) -> [Effect] {
    let running = tools.filter { $0.turnID == turnID && $0.phase == .running }.map(\.callID)
    let dropped = tools.filter { $0.turnID == turnID && $0.phase != .running }.map(\.callID)
    tools.removeAll { dropped.contains($0.callID) }
    pending.removeAll { dropped.contains($0) }
    return running.isEmpty ? [] : [.stopTools(running)]
  }

  private mutating func endTurn() {
    turn = nil
    openMessage = nil
    openReasoning = nil
  }

  private mutating func ui() {
    let event: Event
    switch pick(8) {
    case 0:
      event = .terminalResized(
        TerminalResized(rows: UInt16(pick(100)), columns: UInt16(pick(300))))
    case 1: event = .focusChanged(FocusChanged(target: values.focusTarget()))
    case 2: event = .transcriptScrolled(TranscriptScrolled(linesFromBottom: UInt32(pick(500))))
    case 3: event = .paletteOpened(PaletteOpened(query: values.string()))
    case 4: event = .paletteClosed(PaletteClosed())
    case 5:
      event = .overlayChanged(
        OverlayChanged(
          overlay: Overlay.allCases[pick(Overlay.allCases.count)], query: values.string()))
    case 6: event = .selectionMoved(SelectionMoved(index: UInt32(pick(50))))
    default:
      event = .composerEdited(ComposerEdited(text: values.string(), cursor: UInt32(pick(40))))
    }
    emit(event)
  }

  private mutating func metadata() {
    let event: Event
    switch pick(4) {
    case 0:
      event = .settingsChanged(
        SettingsChanged(
          model: values.chance() ? "o4-mini" : nil,
          reasoningEffort: values.chance() ? "high" : nil,
          approvalPolicy: values.chance() ? values.approvalPolicy() : nil,
          sandboxMode: values.chance() ? values.sandboxMode() : nil, cwd: nil))
    case 1: event = .sessionRenamed(SessionRenamed(title: values.string()))
    case 2: event = .sessionArchived(SessionArchived())
    default: event = .sessionUnarchived(SessionUnarchived())
    }
    emit(event)
  }
}
