/// `event_msg`: a UI event, by `payload.type`. Only some event kinds are persisted, and
/// which depends on the version (docs/CODEX_ROLLOUT.md).
public enum EventMessage: Sendable, Equatable {
  /// What the user typed: the safe source of prompts and titles.
  case userMessage(text: JSONText?, imageCount: Int)
  case agentMessage(JSONText?)
  case agentReasoning(JSONText?)
  case agentReasoningRawContent(JSONText?)
  case tokenCount(TokenCountInfo?)
  /// `task_started` (also `turn_started`), 0.106+.
  case taskStarted(TaskStarted)
  /// `task_complete` (also `turn_complete`), 0.106+.
  case taskComplete(TaskComplete)
  case turnAborted(turnID: String?, reason: String?)
  case error(message: JSONText?)
  case warning(message: JSONText?)
  case streamError(message: JSONText?)
  case contextCompacted
  /// 0.147+: the first line appended on a resume.
  case threadSettingsApplied(model: String?)
  case patchApplyEnd(callID: String?, success: Bool?, changedFiles: Int?)
  case execCommandEnd(callID: String?, exitCode: Int64?)
  case mcpToolCallEnd(callID: String?)
  case webSearchEnd(callID: String?)
  case viewImageToolCall(callID: String?)
  case enteredReviewMode
  case exitedReviewMode
  case undoCompleted
  case threadRolledBack
  case threadNameUpdated(name: String?)
  /// A `payload.type` this reader does not know.
  case unknown(type: String)
}

public struct TaskStarted: Sendable, Equatable {
  public var turnID: String?
  /// Unix seconds (0.125+).
  public var startedAt: Int64?
  public var modelContextWindow: Int64?

  public init(turnID: String? = nil, startedAt: Int64? = nil, modelContextWindow: Int64? = nil) {
    self.turnID = turnID
    self.startedAt = startedAt
    self.modelContextWindow = modelContextWindow
  }
}

public struct TaskComplete: Sendable, Equatable {
  public var turnID: String?
  public var lastAgentMessage: JSONText?
  /// Unix seconds (`started_at` 0.147+, `completed_at` 0.125+).
  public var startedAt: Int64?
  public var completedAt: Int64?
  /// 0.125+.
  public var durationMilliseconds: Int64?
  public var timeToFirstTokenMilliseconds: Int64?
  /// `error.message` of a turn that failed.
  public var errorMessage: JSONText?

  public init() {}
}

/// `token_count.info`.
public struct TokenCountInfo: Sendable, Equatable {
  /// Cumulative over the session.
  public var total: TokenUsage?
  /// Of the last model request.
  public var last: TokenUsage?
  public var modelContextWindow: Int64?

  public init(total: TokenUsage? = nil, last: TokenUsage? = nil, modelContextWindow: Int64? = nil) {
    self.total = total
    self.last = last
    self.modelContextWindow = modelContextWindow
  }
}

/// Token counts as Codex reports them; absent keys are 0.
public struct TokenUsage: Sendable, Equatable {
  public var inputTokens: Int64 = 0
  public var cachedInputTokens: Int64 = 0
  /// 0.147+.
  public var cacheWriteInputTokens: Int64 = 0
  public var outputTokens: Int64 = 0
  public var reasoningOutputTokens: Int64 = 0
  public var totalTokens: Int64 = 0

  public init() {}
}
