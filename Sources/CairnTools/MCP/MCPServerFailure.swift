/// A server whose tools the session goes without: it failed to start, or died later. The
/// message is Codex's wording (`MCP client for `NAME` failed to start: …`).
public struct MCPServerFailure: Sendable, Equatable {
  public var server: String
  public var message: String

  public init(server: String, message: String) {
    self.server = server
    self.message = message
  }

  /// The startup failure of `server` for `error`, worded as Codex words it (a timeout says
  /// which setting to raise).
  static func startup(server: String, error: MCPClientError, timeoutMilliseconds: Int)
    -> MCPServerFailure
  {
    if case .timedOut = error {
      return MCPServerFailure(
        server: server,
        message: """
          MCP client for `\(server)` timed out after \(max(timeoutMilliseconds / 1000, 1)) seconds. \
          Add or adjust `startup_timeout_sec` in your config.toml:
          [mcp_servers.\(server)]
          startup_timeout_sec = XX
          """)
    }
    return MCPServerFailure(
      server: server, message: "MCP client for `\(server)` failed to start: \(error)")
  }
}
