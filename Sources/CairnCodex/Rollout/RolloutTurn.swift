/// One turn of a rollout as the summary sees it.
public struct RolloutTurn: Sendable, Equatable {
  /// How the turn's start was recognized: a `task_started` event (0.106+), or a
  /// `user_message` event outside such a turn (older versions, which write no task events).
  public enum Origin: String, Sendable, Equatable {
    case taskStarted = "task_started"
    case userMessage = "user_message"
  }

  /// 1-based, in file order.
  public var index: Int
  public var turnID: String?
  public var origin: Origin
  /// The line that opened it.
  public var startLine: Int
  public var startMilliseconds: Int64?
  /// The last timestamp seen while the turn was open.
  public var lastMilliseconds: Int64?
  /// `task_complete.duration_ms` when Codex wrote it, else last − start timestamps.
  public var durationMilliseconds: Int64?
  public var toolCalls = 0
  public var sawUserMessage = false
  public var completed = false
  public var aborted = false
  public var failed = false
}
