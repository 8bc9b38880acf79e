import CairnCore
import CairnEngine

/// What a server hears of one turn. Every callback runs on the turn's own thread, never
/// under a lock of the host: it may write to the client (and take the writer's lock).
struct TurnCallbacks: Sendable {
  /// Every envelope the turn appends, in log order, after the engine folded it.
  var onEnvelope: @Sendable (Envelope) -> Void = { _ in }
  /// A call that waits for the user's decision. Return the answer when it is known at
  /// once; return nil to answer later with `HostedThread.answer(_:_:)` from any thread (the
  /// turn blocks until then, or until `HostedThread.interrupt()`, which aborts it).
  var onApproval: @Sendable (ApprovalQuestion) -> ApprovalAnswer? = { _ in
    ApprovalAnswer(.denied)
  }
  /// The turn's end, after its last envelope. The thread already accepts a new turn here.
  var onEnd: @Sendable (TurnEnd) -> Void = { _ in }

  init() {}
}

/// A tool call waiting for approval, with what a client shows to decide.
struct ApprovalQuestion: Sendable {
  var threadID: SessionID
  var turnID: TurnID
  var callID: CallID
  /// The tool: `exec_command`, `shell`, `shell_command`, or `apply_patch`.
  var tool: String
  /// The command's argument vector; for apply_patch, `apply_patch` and the paths it writes.
  var command: [String]
  var workdir: String
  /// Why it is asked (the policy's words).
  var reason: String
  var risk: RiskLevel
  /// apply_patch's patch text, as the model sent it.
  var patch: String?

  var isPatch: Bool { tool == ToolExecutor.applyPatchTool }
}

/// A client's answer to an `ApprovalQuestion`.
struct ApprovalAnswer: Sendable, Equatable {
  var decision: ApprovalDecision
  /// For a denial: the reason, which the model gets as the call's output.
  var rejection: String?

  init(_ decision: ApprovalDecision, rejection: String? = nil) {
    self.decision = decision
    self.rejection = rejection
  }
}

/// How a turn ended.
struct TurnEnd: Sendable, Equatable {
  var threadID: SessionID
  var turnID: TurnID
  /// `completed` (with the last agent message), `failed` (with the error, also for a
  /// failure outside the runner such as a log write), or `interrupted` (an interrupt or
  /// an approval answered `abort`).
  var outcome: TurnRunner.Outcome
}

/// Why the host refused a request.
enum ThreadHostError: Error, CustomStringConvertible, Equatable {
  /// Not a session id (not a UUID).
  case invalidID(String)
  /// No session with this id in the Cairn home.
  case notFound(String)
  /// The thread runs a turn already.
  case busy(String)
  /// The settings do not resolve (a bad `config` override, a missing directory).
  case settings(String)
  /// The session could not be created or opened.
  case failed(String)

  var description: String {
    switch self {
    case .invalidID(let id): "invalid thread id: \(id)"
    case .notFound(let id): "thread not found: \(id)"
    case .busy(let id): "thread \(id) is running a turn already"
    case .settings(let text): text
    case .failed(let text): text
    }
  }
}
