import CairnCore
import CairnEngine
import CairnLogFormat
import CairnProtocol

/// Turns rollout lines into commands for a native session, following the mapping in
/// docs/CODEX_ROLLOUT.md ("Import mapping"): the model history from `response_item`, the
/// UI facts from `event_msg`, one source for each fact. Every command goes through
/// `SessionEngine.send`, so `decide` validates it and the engine's `SecretRedactor`
/// redacts it before it is appended, exactly as for a live session.
///
/// Two things are held back: `SessionCreated` until the first `turn_context` (it carries
/// the model and policies), and a turn's start until its `user_message` (Cairn's
/// `startTurn` records the turn and its prompt together).
public final class CodexImportFold {
  /// What an incremental import needs to continue the fold (the rest is in the session's
  /// own state).
  public struct Persisted: Equatable, Sendable {
    /// Turns started so far (task-started and inferred): numbers inferred turn ids.
    var turnsStarted = 0
    /// Whether the open turn came from `task_started` (else it was inferred from a prompt).
    var openTurnFromTask = false
    /// A `task_started` turn whose `user_message` has not been read yet.
    var pendingTurnID: String?
    /// The last cumulative `total_token_usage` (input, cached, output, reasoning, total).
    var lastTotal: [Int64]?
  }

  private struct PendingTurn {
    var turnID: String
    var text: String?
    var fromTask: Bool
  }

  private struct PendingSession {
    var created: SessionCreated
    var effort: String?
  }

  let home: CairnHome
  let sessionID: SessionID
  let options: EngineOptions
  private(set) var engine: SessionEngine?
  private(set) var persisted: Persisted
  private(set) var report = CodexImportCounts()
  private let clock: ImportClock
  private var pendingSession: PendingSession?
  private var pendingTurn: PendingTurn?
  private var currentLine = 0

  /// A fresh import: the session is created from `meta` once its settings are known.
  init(
    home: CairnHome, sessionID: SessionID, meta: SessionMeta, options: EngineOptions,
    clock: ImportClock
  ) {
    self.home = home
    self.clock = clock
    self.sessionID = sessionID
    self.options = options
    persisted = Persisted()
    pendingSession = PendingSession(
      created: SessionCreated(
        sessionID: sessionID, cwd: meta.cwd ?? "", model: "unknown",
        provider: meta.modelProvider ?? "openai", approvalPolicy: .onRequest,
        sandboxMode: .workspaceWrite, origin: nil),
      effort: nil)
  }

  /// An incremental import: continues an imported session.
  init(engine: SessionEngine, persisted: Persisted, clock: ImportClock) {
    self.clock = clock
    home = engine.home
    sessionID = engine.sessionID
    options = engine.options
    self.engine = engine
    self.persisted = persisted
    if let id = persisted.pendingTurnID {
      pendingTurn = PendingTurn(turnID: id, text: nil, fromTask: true)
    }
  }

  // MARK: - Lines

  func add(_ record: RolloutRecord) throws {
    currentLine = record.lineNumber
    if let milliseconds = record.timestampMilliseconds {
      clock.nanoseconds = milliseconds &* 1_000_000
    }
    report.linesImported += 1
    switch record.line {
    case .sessionMeta:
      // Line 1 made the session; a later one (a fork's copy of its parent) adds nothing.
      if record.lineNumber > 1 { report.skip("session_meta") }
    case .turnContext(let context): try turnContext(context)
    case .worldState: report.skip("world_state")
    case .responseItem(let item): try responseItem(item, record: record)
    case .eventMsg(let message): try eventMessage(message)
    case .compacted(let compacted):
      try recordCompaction(
        id: "codex-compacted-\(record.lineNumber)", summary: compacted.message?.text)
    case .unknown(let type): report.unknown(type, line: record.lineNumber)
    }
  }

  /// At the end of what is there. A turn still open stays open: the rollout may still be
  /// written, and the next import continues it. Nil when the session cannot be created
  /// yet (no `turn_context` so far): nothing was appended, and the next import starts
  /// again from line 1, so a file read mid-write imports the same as a finished one.
  func finish() throws -> SessionEngine? {
    guard let engine else { return nil }
    persisted.pendingTurnID = pendingTurn?.turnID
    return engine
  }

  // MARK: - Session and turns

  @discardableResult
  private func requireSession() throws -> SessionEngine {
    if let engine { return engine }
    let pending = pendingSession!
    pendingSession = nil
    let created = try SessionEngine.create(
      home: home, pending.created, options: options, clock: clock.now)
    engine = created
    report.eventsAppended += 1
    if let effort = pending.effort {
      try send(
        .changeSettings(
          SettingsChanged(
            model: nil, reasoningEffort: effort, approvalPolicy: nil, sandboxMode: nil, cwd: nil)))
    }
    return created
  }

  private func send(_ command: Command) throws {
    let engine = try requireSession()
    let before = engine.state.lastSeq
    try engine.send(command)
    report.eventsAppended += Int(engine.state.lastSeq.rawValue - before.rawValue)
  }

  private func nextTurnID() -> String {
    persisted.turnsStarted += 1
    return "\(sessionID.rawValue):turn-\(persisted.turnsStarted)"
  }

  private func startPendingTurn() throws {
    guard let pending = pendingTurn else { return }
    pendingTurn = nil
    try requireSession()
    try endOpenTurn(reasonIfFromTask: nil)
    try send(
      .startTurn(StartTurn(turnID: TurnID(pending.turnID), text: pending.text ?? "")))
    persisted.openTurnFromTask = pending.fromTask
  }

  /// The open turn, starting a held-back one first; nil outside any turn.
  private func requireTurn() throws -> TurnID? {
    if pendingTurn != nil { try startPendingTurn() }
    return engine?.state.turns.current?.turnID
  }

  /// Ends the open turn before another starts: an inferred turn completes (pre-0.106
  /// rollouts mark no turn ends), a task-started one that never completed is interrupted.
  private func endOpenTurn(reasonIfFromTask: String?) throws {
    guard let current = engine?.state.turns.current?.turnID else { return }
    let outcome: EndTurn.Outcome =
      persisted.openTurnFromTask
      ? .interrupted(reason: reasonIfFromTask ?? "the rollout has no task_complete for it")
      : .completed
    try send(.endTurn(EndTurn(turnID: current, outcome: outcome)))
  }

  private func turnContext(_ context: TurnContext) throws {
    let approval = context.approvalPolicy.flatMap(ApprovalPolicy.init(rawValue:))
    let sandbox = context.sandboxMode.flatMap(SandboxMode.init(rawValue:))
    if var pending = pendingSession {
      if let model = context.model { pending.created.model = model }
      if let approval { pending.created.approvalPolicy = approval }
      if let sandbox { pending.created.sandboxMode = sandbox }
      if let cwd = context.cwd { pending.created.cwd = cwd }
      pending.effort = context.effort
      pendingSession = pending
      try requireSession()
      if pendingTurn?.text != nil { try startPendingTurn() }
      return
    }
    try changeSettings(
      model: context.model, effort: context.effort, approval: approval, sandbox: sandbox,
      cwd: context.cwd)
  }

  private func changeSettings(
    model: String?, effort: String?, approval: ApprovalPolicy?, sandbox: SandboxMode?,
    cwd: String?
  ) throws {
    if var pending = pendingSession {
      if let model { pending.created.model = model }
      pendingSession = pending
      return
    }
    guard let session = engine?.state.session else { return }
    let none = SettingsChanged(
      model: nil, reasoningEffort: nil, approvalPolicy: nil, sandboxMode: nil, cwd: nil)
    var change = none
    if let model, model != session.model { change.model = model }
    if let effort, effort != session.reasoningEffort { change.reasoningEffort = effort }
    if let approval, approval != session.approvalPolicy { change.approvalPolicy = approval }
    if let sandbox, sandbox != session.sandboxMode { change.sandboxMode = sandbox }
    if let cwd, cwd != session.cwd { change.cwd = cwd }
    if change != none { try send(.changeSettings(change)) }
  }

  // MARK: - event_msg

  private func eventMessage(_ message: EventMessage) throws {
    switch message {
    case .taskStarted(let started):
      try startPendingTurn()
      try endOpenTurn(reasonIfFromTask: nil)
      persisted.turnsStarted += 1
      let id = started.turnID ?? "\(sessionID.rawValue):turn-\(persisted.turnsStarted)"
      pendingTurn = PendingTurn(turnID: id, text: nil, fromTask: true)
    case .userMessage(let text, _):
      try userMessage(text?.text ?? "")
    case .tokenCount(let info):
      try tokenCount(info)
    case .taskComplete(let complete):
      guard let turn = try requireTurn() else { return report.skip("task_complete outside a turn") }
      let outcome: EndTurn.Outcome =
        complete.errorMessage.map { .failed(message: $0.text) } ?? .completed
      try send(.endTurn(EndTurn(turnID: turn, outcome: outcome)))
    case .turnAborted(_, let reason):
      guard let turn = try requireTurn() else { return report.skip("turn_aborted outside a turn") }
      try send(.endTurn(EndTurn(turnID: turn, outcome: .interrupted(reason: reason ?? "aborted"))))
    case .threadSettingsApplied(let model):
      try changeSettings(model: model, effort: nil, approval: nil, sandbox: nil, cwd: nil)
    case .threadNameUpdated(let name):
      if let name, name.contains(where: { !$0.isWhitespace }) {
        try send(.renameSession(SessionRenamed(title: name)))
      }
    case .agentMessage: report.skip("agent_message")
    case .agentReasoning, .agentReasoningRawContent: report.skip("agent_reasoning")
    case .error, .warning, .streamError: report.skip("error_or_warning")
    case .contextCompacted: report.skip("context_compacted")
    case .patchApplyEnd, .execCommandEnd, .mcpToolCallEnd, .webSearchEnd, .viewImageToolCall:
      report.skip("tool_end_event")
    case .enteredReviewMode, .exitedReviewMode, .undoCompleted, .threadRolledBack:
      report.skip("ui_event")
    case .unknown(let type): report.unknown("event_msg." + type, line: currentLine)
    }
  }

  private func userMessage(_ text: String) throws {
    if var pending = pendingTurn, pending.text == nil {
      pending.text = text
      pendingTurn = pending
      if pendingSession == nil { try startPendingTurn() }
      return
    }
    if pendingTurn != nil { try startPendingTurn() }
    if let running = engine?.state.turns.current, persisted.openTurnFromTask {
      // Input typed while a task-started turn runs (Codex's steering): a user message of
      // that turn, as `turn/steer` records it.
      try send(.steerTurn(SteerTurn(turnID: running.turnID, text: text)))
      return
    }
    pendingTurn = PendingTurn(turnID: nextTurnID(), text: text, fromTask: false)
    if pendingSession == nil { try startPendingTurn() }
  }

  private func tokenCount(_ info: TokenCountInfo?) throws {
    guard let info, let total = info.total else {
      // `info: null` is the first count of a Codex process (up to 0.65 a resumed process
      // counts from zero again): the next total is new whatever its value.
      persisted.lastTotal = nil
      return report.skip("token_count_without_info")
    }
    let totals = [
      total.inputTokens, total.cachedInputTokens, total.outputTokens,
      total.reasoningOutputTokens, total.totalTokens,
    ]
    // Codex writes some counts twice (0.46–0.106 around tool calls; 0.87+ again when a
    // resumed process starts): a repeat of the previous total adds nothing.
    guard let turn = try requireTurn() else { return report.skip("token_count_outside_a_turn") }
    if totals == persisted.lastTotal { return report.skip("token_count_repeat") }
    let previous = persisted.lastTotal ?? [0, 0, 0, 0, 0]
    persisted.lastTotal = totals
    let last: [Int64] =
      info.last.map {
        [$0.inputTokens, $0.cachedInputTokens, $0.outputTokens, $0.reasoningOutputTokens]
      } ?? (0..<4).map { totals[$0] - previous[$0] }
    func count(_ value: Int64) -> UInt64 { UInt64(max(value, 0)) }
    try send(
      .recordTokenUsage(
        TokenUsageRecorded(
          turnID: turn, inputTokens: count(last[0]), cachedInputTokens: count(last[1]),
          outputTokens: count(last[2]), reasoningOutputTokens: count(last[3]))))
  }

  // MARK: - response_item

  private func itemID(_ id: String?) -> ItemID {
    ItemID(id ?? "codex-line-\(currentLine)")
  }

  private func responseItem(_ item: ResponseItem, record: RolloutRecord) throws {
    switch item {
    case .message(let message):
      guard message.role == "assistant" else { return report.skip("context_message") }
      guard let turn = try requireTurn() else { return report.skip("message_outside_a_turn") }
      let text = message.parts.compactMap { $0.text?.text }.joined()
      report.noteCut(message.parts.contains { $0.text?.isTruncated == true })
      try send(
        .completeMessage(MessageCompleted(turnID: turn, itemID: itemID(message.id), text: text)))
    case .reasoning(let reasoning):
      guard let turn = try requireTurn() else { return report.skip("reasoning_outside_a_turn") }
      try send(
        .completeReasoning(
          ReasoningCompleted(
            turnID: turn, itemID: itemID(reasoning.id),
            summary: reasoning.summary.compactMap { $0.text?.text }, encryptedContent: nil)))
    case .functionCall(let call):
      try toolCall(call, name: call.name ?? "function", arguments: call.input?.text ?? "")
    case .localShellCall(let call):
      let command = call.input?.text ?? ""
      try toolCall(
        call, name: "local_shell",
        arguments: JSONValue.object([("command", .string(command))]).text,
        command: command.split(separator: " ").map(String.init))
    case .customToolCall(let call):
      guard let turn = try requireTurn(), let callID = call.callID else {
        return report.skip("tool_call_outside_a_turn")
      }
      report.noteCut(call.input?.isTruncated == true)
      try send(
        .completeCustomToolCall(
          CustomToolCallCompleted(
            turnID: turn, itemID: itemID(call.id), callID: CallID(callID),
            name: call.name ?? "custom", input: call.input?.text ?? "")))
      try plan(turn: turn, callID: callID, tool: call.name ?? "custom", command: [])
    case .webSearchCall(let call), .toolSearchCall(let call), .imageGenerationCall(let call):
      guard let turn = try requireTurn() else { return report.skip("tool_call_outside_a_turn") }
      var arguments: [(String, JSONValue)] = []
      if let action = call.actionType { arguments.append(("type", .string(action))) }
      if let input = call.input { arguments.append(("query", .string(input.text))) }
      try send(
        .completeFunctionCall(
          FunctionCallCompleted(
            turnID: turn, itemID: itemID(call.id),
            callID: CallID(call.callID ?? call.id ?? "codex-line-\(currentLine)"),
            name: item.typeName, arguments: JSONValue.object(arguments).text)))
    case .functionCallOutput(let output), .customToolCallOutput(let output):
      try toolOutput(output)
    case .toolSearchOutput: report.skip("tool_search_output")
    case .ghostSnapshot: report.skip("ghost_snapshot")
    case .compaction:
      try recordCompaction(id: "codex-compaction-\(record.lineNumber)", summary: nil)
    case .unknown(let type): report.unknown("response_item." + type, line: currentLine)
    }
  }

  private func toolCall(
    _ call: ResponseItem.ToolCall, name: String, arguments: String, command: [String]? = nil
  ) throws {
    guard let turn = try requireTurn(), let callID = call.callID else {
      return report.skip("tool_call_outside_a_turn")
    }
    report.noteCut(call.input?.isTruncated == true)
    try send(
      .completeFunctionCall(
        FunctionCallCompleted(
          turnID: turn, itemID: itemID(call.id), callID: CallID(callID), name: name,
          arguments: arguments)))
    try plan(
      turn: turn, callID: callID, tool: name,
      command: command ?? CodexShellCommand.argv(tool: name, arguments: arguments))
  }

  private func plan(turn: TurnID, callID: String, tool: String, command: [String]) throws {
    guard let engine, engine.state.tools.activeIndex(CallID(callID)) == nil else {
      return report.skip("duplicate_call_id")
    }
    // Codex already ran (or refused) the call: it is recorded, never asked about again.
    try send(
      .planToolCall(
        PlanToolCall(
          turnID: turn, callID: CallID(callID), tool: tool, command: command,
          workdir: engine.state.session?.cwd, risk: .safe,
          reasons: [CodexImportFold.importedReason])))
  }

  /// The reason every imported tool call carries; an export recognizes imported outputs
  /// (Codex's own text, kept as the model saw it) by it.
  static let importedReason = "imported from Codex"

  private func toolOutput(_ output: ResponseItem.ToolOutput) throws {
    guard let engine, let callID = output.callID,
      let index = engine.state.tools.activeIndex(CallID(callID))
    else { return report.skip("output_without_call") }
    // The bytes the scanner validated go on to the log as they are: no `String` between.
    let bytes =
      output.output?.bytes ?? Array(output.parts.compactMap { $0.text?.text }.joined().utf8)
    report.noteCut(output.output?.isTruncated == true)
    let parsed = CodexToolOutput.parse(bytes)
    let id = CallID(callID)
    if engine.state.tools.active[index].status == .planned {
      try send(.recordToolStart(ToolStarted(callID: id, processID: 0, tty: false)))
    }
    guard case .running = engine.state.tools.active[index].status else {
      return report.skip("output_for_a_finished_call")
    }
    try send(
      .recordToolOutput(ToolOutputReceived(callID: id, stream: .stdout, chunk: bytes)))
    try send(
      .recordToolExit(
        ToolExited(
          callID: id, exitCode: parsed.exitCode, signal: nil,
          durationNanoseconds: parsed.durationNanoseconds)))
  }

  private func recordCompaction(id: String, summary: String?) throws {
    let engine = try requireSession()
    try send(
      .recordCompactionArtifact(
        CompactionArtifactRecorded(
          artifactID: id, kind: .semanticSummary, checkpointSeq: .none,
          ranges: [SeqRange(first: .first, last: engine.state.lastSeq)], summary: summary)))
  }
}

/// The envelope clock of an import: the time of the line being imported.
final class ImportClock: @unchecked Sendable {
  var nanoseconds: Int64 = 0
  func now() -> Int64 { nanoseconds }
}
