import CairnCore
import CairnLogFormat
import CairnUI
import Testing

/// Drives a `WorkstationController` as the shell does: each input goes in with the state
/// and a context, the `.record` commands come back, are decided against the state and their
/// events folded (`SessionState.decide` + `SessionState.evolve`), and a `.changeSettings`
/// is logged too. The other intents (submit, interrupt, decide, quit…) are kept in
/// `effects` for the test to check.
struct WorkstationDriver {
  static let millisecond: Int64 = 1_000_000
  /// How far apart `type` sends characters by default: a person typing, not a paste.
  static let typingInterval: Int64 = 100 * millisecond

  private(set) var session: TranscriptSession
  private(set) var controller: WorkstationController
  var context: WorkstationContext
  /// Every intent that is not a UI fact, in order.
  private(set) var effects: [WorkstationIntent] = []

  var state: SessionState { session.state }
  var ui: UIProjection { session.state.ui }

  init(_ session: TranscriptSession = TranscriptSession(), context: WorkstationContext? = nil) {
    self.session = session
    controller = WorkstationController(state: session.state)
    self.context =
      context
      ?? WorkstationContext(
        turnRunning: false, now: 1_000 * Self.millisecond, columns: 80, rows: 24)
  }

  /// Sends `event` and applies what it asks; returns every intent it gave.
  @discardableResult
  mutating func send(_ event: InputEvent) -> [WorkstationIntent] {
    let intents = controller.handle(event, state: state, context: context)
    for intent in intents {
      switch intent {
      case .record(let command):
        log(command)
      case .changeSettings(let change):
        effects.append(intent)
        log(.changeSettings(change))
      default:
        effects.append(intent)
      }
    }
    return intents
  }

  /// A key press `after` nanoseconds past the previous input (the clock the burst reads).
  @discardableResult
  mutating func press(
    _ key: Key, _ modifiers: KeyModifiers = [], after: Int64 = typingInterval
  ) -> [WorkstationIntent] {
    context.now += after
    return send(.key(KeyPress(key, modifiers)))
  }

  /// Types `text` one character at a time, `interval` apart.
  mutating func type(_ text: String, interval: Int64 = typingInterval) {
    for character in text {
      press(.character(character), after: interval)
    }
  }

  /// Folds an event the test builds (a turn, an approval request) into the session.
  mutating func fold(_ event: Event) {
    session.fold(event)
  }

  mutating func build(_ change: (inout TranscriptSession) -> Void) {
    change(&session)
  }

  private mutating func log(_ command: Command) {
    switch state.decide(command) {
    case .success(let events):
      for event in events { session.fold(event) }
    case .failure(let rejection):
      Issue.record("the state rejected \(command): \(rejection)")
    }
  }
}

extension TranscriptSession {
  /// A finished turn: the prompt and its answer.
  mutating func exchange(_ turn: TurnID, _ prompt: String, answer: String) {
    start(turn, user: prompt)
    say(turn, answer)
    complete(turn)
  }

  /// A shell call planned and waiting for approval (the turn stays open).
  mutating func awaitApproval(_ turn: TurnID, _ call: CallID, _ argv: [String], reason: String) {
    fold(
      .functionCallCompleted(
        FunctionCallCompleted(
          turnID: turn, itemID: item(), callID: call, name: "exec_command",
          arguments: #"{"cmd":"ignored"}"#)))
    fold(
      .toolCallPlanned(
        ToolCallPlanned(
          turnID: turn, callID: call, tool: "exec_command", command: argv, workdir: nil,
          risk: .dangerous, reasons: [], needsApproval: true)))
    fold(.approvalRequested(ApprovalRequested(callID: call, reason: reason)))
  }
}
