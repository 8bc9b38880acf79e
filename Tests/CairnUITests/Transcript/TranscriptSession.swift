import CairnCore
import CairnLogFormat

/// A session state for transcript tests, folded from events with `SessionState.evolve`:
/// each event gets the next sequence number (1, 2, 3, …) and a fixed time.
struct TranscriptSession {
  static let cwd = "/home/user/work"

  private(set) var state = SessionState()
  private var nextSeq: UInt64 = 1
  private var nextItem = 1

  init() {
    fold(
      .sessionCreated(
        SessionCreated(
          sessionID: SessionID("0199c0de-0000-7000-8000-00000000c41b"), cwd: Self.cwd,
          model: "gpt-5.5", provider: "openai", approvalPolicy: .onRequest,
          sandboxMode: .workspaceWrite, origin: nil)))
  }

  mutating func fold(_ event: Event) {
    let envelope = Envelope(
      seq: Seq(nextSeq), recordedAtNanoseconds: 1_750_000_000_000_000_000 + Int64(nextSeq),
      event: event)
    nextSeq += 1
    _ = SessionState.evolve(&state, envelope)
  }

  mutating func item() -> ItemID {
    defer { nextItem += 1 }
    return ItemID("item-\(nextItem)")
  }

  mutating func start(_ turn: TurnID, user text: String) {
    fold(.turnStarted(TurnStarted(turnID: turn)))
    fold(.userMessageAdded(UserMessageAdded(turnID: turn, text: text, images: [])))
  }

  mutating func complete(_ turn: TurnID) {
    fold(.turnCompleted(TurnCompleted(turnID: turn)))
  }

  /// A whole assistant message (streamed in one delta, then completed).
  mutating func say(_ turn: TurnID, _ text: String) {
    let id = item()
    fold(.outputTextAppended(OutputTextAppended(turnID: turn, itemID: id, delta: text)))
    fold(.messageCompleted(MessageCompleted(turnID: turn, itemID: id, text: text)))
  }

  /// Text still streaming: deltas without the completion.
  mutating func stream(_ turn: TurnID, _ deltas: [String]) {
    let id = item()
    for delta in deltas {
      fold(.outputTextAppended(OutputTextAppended(turnID: turn, itemID: id, delta: delta)))
    }
  }

  mutating func reason(_ turn: TurnID, _ summary: [String]) {
    fold(
      .reasoningCompleted(
        ReasoningCompleted(
          turnID: turn, itemID: item(), summary: summary, encryptedContent: "opaque")))
  }

  /// A shell call through `exec_command`: planned, maybe approved, run with `output`, exited
  /// with `exitCode` (nil: still running).
  mutating func run(
    _ turn: TurnID, _ call: CallID, _ argv: [String], output: String = "",
    decision: ApprovalDecision? = nil, exitCode: Int32? = 0
  ) {
    fold(
      .functionCallCompleted(
        FunctionCallCompleted(
          turnID: turn, itemID: item(), callID: call, name: "exec_command",
          arguments: #"{"cmd":"ignored"}"#)))
    fold(
      .toolCallPlanned(
        ToolCallPlanned(
          turnID: turn, callID: call, tool: "exec_command", command: argv, workdir: nil,
          risk: decision == nil ? .safe : .dangerous, reasons: [], needsApproval: decision != nil)))
    if let decision {
      fold(.approvalRequested(ApprovalRequested(callID: call, reason: "needs network")))
      fold(.approvalDecided(ApprovalDecided(callID: call, decision: decision)))
      if decision == .denied || decision == .aborted { return }
    }
    fold(.toolStarted(ToolStarted(callID: call, processID: 4242, tty: false)))
    if !output.isEmpty {
      fold(
        .toolOutputReceived(
          ToolOutputReceived(callID: call, stream: .stdout, chunk: Array(output.utf8))))
    }
    if let exitCode {
      fold(
        .toolExited(
          ToolExited(
            callID: call, exitCode: exitCode, signal: nil, durationNanoseconds: 12_000_000)))
    }
  }

  /// An apply_patch call whose run changed `changes` (path, kind, before, after).
  mutating func patch(
    _ turn: TurnID, _ call: CallID,
    _ changes: [(path: String, kind: FileChangeKind, before: String?, after: String?)]
  ) {
    fold(
      .customToolCallCompleted(
        CustomToolCallCompleted(
          turnID: turn, itemID: item(), callID: call, name: "apply_patch", input: "*** Begin Patch")
      ))
    fold(
      .toolCallPlanned(
        ToolCallPlanned(
          turnID: turn, callID: call, tool: "apply_patch",
          command: ["apply_patch"] + changes.map(\.path), workdir: nil, risk: .risky, reasons: [],
          needsApproval: false)))
    fold(.toolStarted(ToolStarted(callID: call, processID: 0, tty: false)))
    for change in changes {
      fold(
        .fileChanged(
          FileChanged(
            callID: call, path: change.path, kind: change.kind, movePath: nil,
            before: change.before.map { Array($0.utf8) }, after: change.after.map { Array($0.utf8) }
          )))
    }
    fold(
      .toolExited(
        ToolExited(callID: call, exitCode: 0, signal: nil, durationNanoseconds: 1_000_000)))
  }

  mutating func plan(_ turn: TurnID, _ call: CallID, arguments: String) {
    fold(
      .functionCallCompleted(
        FunctionCallCompleted(
          turnID: turn, itemID: item(), callID: call, name: "update_plan", arguments: arguments)))
  }
}
