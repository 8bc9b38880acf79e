/// Where an MCP server of the session's configuration stands (`mcp_server_status_changed`,
/// docs/MCP.md). The raw values are the JSON strings.
public enum MCPServerStatus: String, Sendable, CaseIterable, Hashable {
  /// Its process or connection is being set up; its tools are not offered yet.
  case starting
  /// The handshake and `tools/list` succeeded; its tools are offered.
  case ready
  /// It never became ready (spawn, handshake or timeout failed).
  case failed
  /// It was ready and then went away (its process exited, its HTTP endpoint failed).
  case exited
}
