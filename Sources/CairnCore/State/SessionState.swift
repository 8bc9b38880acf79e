import CairnLogFormat

/// All state of a session: a pure fold of its events (`SessionState.evolve`). Views render
/// it; the engine checkpoints it. Every part is bounded however long the session.
public struct SessionState: Equatable, Hashable, Sendable {
  /// The sequence number of the last event folded in.
  public var lastSeq: Seq = .none
  /// Nil until `sessionCreated`.
  public var session: SessionProjection?
  public var turns = TurnsProjection()
  public var transcript = TranscriptProjection()
  public var tools = ToolsProjection()
  public var approvals = ApprovalsProjection()
  public var usage = UsageProjection()
  public var compactions = CompactionsProjection()
  public var ui = UIProjection()
  /// Files changed by tool calls (apply_patch).
  public var fileChanges = FileChangesProjection()
  /// The session's MCP servers and their latest status.
  public var mcpServers = MCPServersProjection()
  /// Events that referred to something the state does not know (a tool, a turn) and so
  /// changed nothing. A log written by Cairn has none; a hand-made or damaged one may.
  public var ignoredEventCount: UInt64 = 0

  public init() {}
}
