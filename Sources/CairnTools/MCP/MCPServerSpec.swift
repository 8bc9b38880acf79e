/// One MCP server the agent starts with a session: the `[mcp_servers.NAME]` table of
/// config.toml, resolved. `CairnCodex` builds it from the configuration; the MCP client in
/// this module starts it and offers its tools to the model.
public struct MCPServerSpec: Sendable, Equatable {
  /// How the client reaches the server.
  public enum Transport: Sendable, Equatable {
    /// A child process speaking JSON-RPC lines on its stdin and stdout.
    /// `environmentPassthrough` names variables copied from Cairn's own environment
    /// (Codex's `env_vars`); `environment` sets the rest.
    case stdio(
      command: String, arguments: [String], environment: [String: String],
      environmentPassthrough: [String], workingDirectory: String?)
    /// MCP's streamable HTTP transport. `headersFromEnvironment` maps a header to the
    /// variable its value is read from (Codex's `env_http_headers`); the bearer token, when
    /// named, is read from `bearerTokenEnvironmentVariable` when the server starts, so it is
    /// never written to the configuration or the log.
    case streamableHTTP(
      url: String, headers: [String: String], headersFromEnvironment: [String: String],
      bearerTokenEnvironmentVariable: String?)
  }

  /// The table's name: the `SERVER` in the tool names the model sees (`mcp__SERVER__TOOL`).
  public var name: String
  public var transport: Transport
  /// Codex's `enabled` (default true): a disabled server is listed but never started.
  public var enabled: Bool
  /// Codex's `startup_timeout_sec` (default 10 s), in milliseconds.
  public var startupTimeoutMilliseconds: Int
  /// Codex's `tool_timeout_sec` (default 60 s), in milliseconds.
  public var toolTimeoutMilliseconds: Int
  /// Codex's `enabled_tools`: when set, only these tools are offered.
  public var enabledTools: [String]?
  /// Codex's `disabled_tools`: never offered.
  public var disabledTools: [String]

  public init(
    name: String, transport: Transport, enabled: Bool = true,
    startupTimeoutMilliseconds: Int = 10_000, toolTimeoutMilliseconds: Int = 60_000,
    enabledTools: [String]? = nil, disabledTools: [String] = []
  ) {
    self.name = name
    self.transport = transport
    self.enabled = enabled
    self.startupTimeoutMilliseconds = startupTimeoutMilliseconds
    self.toolTimeoutMilliseconds = toolTimeoutMilliseconds
    self.enabledTools = enabledTools
    self.disabledTools = disabledTools
  }

  /// Whether the model is offered `tool` from this server.
  public func offers(tool: String) -> Bool {
    if disabledTools.contains(tool) { return false }
    guard let enabledTools else { return true }
    return enabledTools.contains(tool)
  }
}
