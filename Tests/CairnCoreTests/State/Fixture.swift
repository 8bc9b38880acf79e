import CairnLogFormat

@testable import CairnCore

/// Names and event makers for the reducer tests: short to read, with every field stated.
enum Fixture {
  static let sessionID = SessionID("0199c0de-0000-7000-8000-00000000c41b")
  static let cwd = "/home/ada/cairn"
  static let model = "gpt-5-codex"
  static let provider = "openai"

  static let turn1 = TurnID("turn-1")
  static let turn2 = TurnID("turn-2")
  static let turn3 = TurnID("turn-3")
  static let call1 = CallID("call-1")
  static let call2 = CallID("call-2")
  static let call3 = CallID("call-3")
  static let call4 = CallID("call-4")
  static let message1 = ItemID("msg-1")
  static let message2 = ItemID("msg-2")
  static let reasoning1 = ItemID("rs-1")
  static let reasoning2 = ItemID("rs-2")
  static let shellItem1 = ItemID("fc-1")
  static let patchItem1 = ItemID("ctc-1")

  static let listFiles = ["ls", "-la"]
  static let removeBuild = ["rm", "-rf", "build"]
  static let runTests = ["swift", "test"]

  // MARK: Session

  static func sessionCreated(origin: SessionOrigin? = nil) -> Event {
    .sessionCreated(
      SessionCreated(
        sessionID: sessionID, cwd: cwd, model: model, provider: provider,
        approvalPolicy: .onRequest, sandboxMode: .workspaceWrite, origin: origin))
  }

  /// The session projection `sessionCreated(origin:)` makes when it is the record `seq`.
  static func createdProjection(seq: Seq = Seq(1), origin: SessionOrigin? = nil)
    -> SessionProjection
  {
    SessionProjection(
      sessionID: sessionID, createdAtNanoseconds: TestSession.recordedAtNanoseconds(seq), cwd: cwd,
      model: model, provider: provider, reasoningEffort: nil, approvalPolicy: .onRequest,
      sandboxMode: .workspaceWrite, origin: origin, title: nil, archived: false)
  }

  static func settingsChanged(
    model: String? = nil, reasoningEffort: String? = nil, approvalPolicy: ApprovalPolicy? = nil,
    sandboxMode: SandboxMode? = nil, cwd: String? = nil
  ) -> Event {
    .settingsChanged(
      SettingsChanged(
        model: model, reasoningEffort: reasoningEffort, approvalPolicy: approvalPolicy,
        sandboxMode: sandboxMode, cwd: cwd))
  }

  static func renamed(_ title: String) -> Event { .sessionRenamed(SessionRenamed(title: title)) }
  static let archived = Event.sessionArchived(SessionArchived())
  static let unarchived = Event.sessionUnarchived(SessionUnarchived())

  // MARK: Turns and transcript

  static func turnStarted(_ turn: TurnID) -> Event { .turnStarted(TurnStarted(turnID: turn)) }

  static func turnCompleted(_ turn: TurnID) -> Event {
    .turnCompleted(TurnCompleted(turnID: turn))
  }

  static func turnFailed(_ turn: TurnID, _ message: String) -> Event {
    .turnFailed(TurnFailed(turnID: turn, message: message))
  }

  static func turnInterrupted(_ turn: TurnID, _ reason: String) -> Event {
    .turnInterrupted(TurnInterrupted(turnID: turn, reason: reason))
  }

  static func userMessage(_ turn: TurnID, _ text: String, images: [ImageReference] = [])
    -> Event
  {
    .userMessageAdded(UserMessageAdded(turnID: turn, text: text, images: images))
  }

  static func responseStarted(_ turn: TurnID, _ responseID: String = "resp-1") -> Event {
    .modelResponseStarted(ModelResponseStarted(turnID: turn, responseID: responseID))
  }

  static func textDelta(_ turn: TurnID, _ item: ItemID, _ delta: String) -> Event {
    .outputTextAppended(OutputTextAppended(turnID: turn, itemID: item, delta: delta))
  }

  static func reasoningDelta(_ turn: TurnID, _ item: ItemID, part: UInt32, _ delta: String)
    -> Event
  {
    .reasoningSummaryAppended(
      ReasoningSummaryAppended(turnID: turn, itemID: item, summaryIndex: part, delta: delta))
  }

  static func messageCompleted(_ turn: TurnID, _ item: ItemID, _ text: String) -> Event {
    .messageCompleted(MessageCompleted(turnID: turn, itemID: item, text: text))
  }

  static func reasoningCompleted(_ turn: TurnID, _ item: ItemID, _ summary: [String]) -> Event {
    .reasoningCompleted(
      ReasoningCompleted(
        turnID: turn, itemID: item, summary: summary, encryptedContent: "gAAAA-opaque"))
  }

  static func functionCall(
    _ turn: TurnID, _ item: ItemID, _ call: CallID, name: String, arguments: String
  ) -> Event {
    .functionCallCompleted(
      FunctionCallCompleted(
        turnID: turn, itemID: item, callID: call, name: name, arguments: arguments))
  }

  static func customToolCall(
    _ turn: TurnID, _ item: ItemID, _ call: CallID, name: String, input: String
  ) -> Event {
    .customToolCallCompleted(
      CustomToolCallCompleted(turnID: turn, itemID: item, callID: call, name: name, input: input))
  }

  static func item(_ seq: Seq, _ turn: TurnID, _ entry: TranscriptEntry) -> TranscriptItem {
    TranscriptItem(seq: seq, turnID: turn, entry: entry)
  }

  // MARK: Tools and approvals

  static func planned(
    _ turn: TurnID, _ call: CallID, _ command: [String], needsApproval: Bool = false,
    risk: RiskLevel = .safe, reasons: [String] = [], workdir: String? = nil
  ) -> Event {
    .toolCallPlanned(
      ToolCallPlanned(
        turnID: turn, callID: call, tool: "shell", command: command, workdir: workdir,
        risk: risk, reasons: reasons, needsApproval: needsApproval))
  }

  /// The run `planned(...)` adds when it is the record `seq`.
  static func plannedRun(
    _ turn: TurnID, _ call: CallID, _ command: [String], seq: Seq, risk: RiskLevel = .safe,
    reasons: [String] = [], workdir: String? = nil
  ) -> ToolRun {
    ToolRun(
      callID: call, turnID: turn, tool: "shell", command: command, workdir: workdir, risk: risk,
      reasons: reasons, status: .planned, plannedSeq: seq)
  }

  static func approvalRequested(_ call: CallID, _ reason: String) -> Event {
    .approvalRequested(ApprovalRequested(callID: call, reason: reason))
  }

  static func decided(_ call: CallID, _ decision: ApprovalDecision) -> Event {
    .approvalDecided(ApprovalDecided(callID: call, decision: decision))
  }

  static func toolStarted(_ call: CallID, processID: Int32, tty: Bool = false) -> Event {
    .toolStarted(ToolStarted(callID: call, processID: processID, tty: tty))
  }

  static func output(_ call: CallID, _ stream: OutputStream, _ chunk: [UInt8]) -> Event {
    .toolOutputReceived(ToolOutputReceived(callID: call, stream: stream, chunk: chunk))
  }

  static func output(_ call: CallID, _ stream: OutputStream, _ text: String) -> Event {
    output(call, stream, Array(text.utf8))
  }

  static func stdinWritten(_ call: CallID, _ bytes: [UInt8]) -> Event {
    .toolStdinWritten(ToolStdinWritten(callID: call, bytes: bytes))
  }

  static func toolResized(_ call: CallID, rows: UInt16, columns: UInt16) -> Event {
    .toolResized(ToolResized(callID: call, rows: rows, columns: columns))
  }

  static func signalled(_ call: CallID, _ signal: Int32) -> Event {
    .toolSignalled(ToolSignalled(callID: call, signal: signal))
  }

  static func exited(
    _ call: CallID, exitCode: Int32?, signal: Int32? = nil, durationNanoseconds: UInt64 = 1_500
  ) -> Event {
    .toolExited(
      ToolExited(
        callID: call, exitCode: exitCode, signal: signal, durationNanoseconds: durationNanoseconds))
  }

  // MARK: Usage and compaction

  static func usage(
    _ turn: TurnID, input: UInt64, cached: UInt64 = 0, output: UInt64, reasoning: UInt64 = 0
  ) -> Event {
    .tokenUsageRecorded(
      TokenUsageRecorded(
        turnID: turn, inputTokens: input, cachedInputTokens: cached, outputTokens: output,
        reasoningOutputTokens: reasoning))
  }

  static func compaction(_ artifactID: String, _ kind: CompactionKind, checkpoint: Seq) -> Event {
    .compactionArtifactRecorded(
      CompactionArtifactRecorded(
        artifactID: artifactID, kind: kind, checkpointSeq: checkpoint,
        ranges: [SeqRange(first: Seq(1), last: checkpoint)],
        summary: kind == .semanticSummary ? "The user asked for a build." : nil))
  }

  // MARK: UI

  static func terminalResized(rows: UInt16, columns: UInt16) -> Event {
    .terminalResized(TerminalResized(rows: rows, columns: columns))
  }

  static func focus(_ target: FocusTarget) -> Event { .focusChanged(FocusChanged(target: target)) }

  static func scrolled(_ linesFromBottom: UInt32) -> Event {
    .transcriptScrolled(TranscriptScrolled(linesFromBottom: linesFromBottom))
  }

  static func paletteOpened(_ query: String) -> Event {
    .paletteOpened(PaletteOpened(query: query))
  }

  static let paletteClosed = Event.paletteClosed(PaletteClosed())

  static func composerEdited(_ text: String, cursor: UInt32) -> Event {
    .composerEdited(ComposerEdited(text: text, cursor: cursor))
  }
}
