import CairnCore

/// What `/status` shows; the lead fills it from `state.session`, `state.usage` and its
/// configuration.
public struct StatusInfo: Hashable, Sendable {
  /// `0.1.0`: shown as `>_ Cairn (v0.1.0)`.
  public var version: String
  public var model: String
  /// `medium`; nil shows the model's default.
  public var reasoningEffort: String?
  /// `auto`, `none`…
  public var reasoningSummaries: String
  /// `OpenAI - https://api.openai.com/v1`.
  public var provider: String
  /// The working directory as shown (already `~`-abbreviated if wanted).
  public var directory: String
  /// `Workspace (Ask for approval)`: see `StatusCard.permissionsLabel`.
  public var permissions: String
  /// The AGENTS.md files in use; empty shows `<none>`.
  public var agentsFiles: [String]
  public var collaborationMode: String
  public var sessionID: String
  /// The session's tokens (`state.usage.cumulative`).
  public var usage: TokenCounts
  /// The tokens in the context now (the latest report's total, `state.usage.last`).
  public var contextTokens: UInt64
  /// The model's context window; nil hides the line.
  public var contextWindow: UInt64?
  /// The rate-limit line; nil shows `not available for this account`.
  public var limits: String?

  public init(
    version: String, model: String, reasoningEffort: String?, reasoningSummaries: String = "auto",
    provider: String, directory: String, permissions: String, agentsFiles: [String] = [],
    collaborationMode: String = "Default", sessionID: String, usage: TokenCounts,
    contextTokens: UInt64, contextWindow: UInt64?, limits: String? = nil
  ) {
    self.version = version
    self.model = model
    self.reasoningEffort = reasoningEffort
    self.reasoningSummaries = reasoningSummaries
    self.provider = provider
    self.directory = directory
    self.permissions = permissions
    self.agentsFiles = agentsFiles
    self.collaborationMode = collaborationMode
    self.sessionID = sessionID
    self.usage = usage
    self.contextTokens = contextTokens
    self.contextWindow = contextWindow
    self.limits = limits
  }
}
