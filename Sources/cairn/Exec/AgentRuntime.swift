import CairnCodex
import CairnCore
import CairnEngine
import CairnModel
import CairnProtocol
import CairnTools

/// What runs an agent session's turns, the same for `cairn exec` and the terminal UI: the
/// tool executor under the session's sandbox, rules and environment, and the turn runner
/// with the provider's endpoint and the run's model options.
struct AgentRuntime {
  let tools: ToolExecutor
  let cancel: CancellationFlag

  /// `mcp`: the session's MCP servers when they are already running (a runtime rebuilt
  /// after a settings change keeps them); nil starts those of the configuration, and
  /// returns when they are ready or failed, or at once with `mcpInBackground` (the terminal
  /// UI draws its first frame meanwhile; the first turn waits for them).
  init(
    settings: ExecSettings, config: CodexConfig, codexHome: CodexHome, mcp: MCPToolHost? = nil,
    mcpInBackground: Bool = false
  ) throws {
    let sandbox = AgentToolPermissions.sandboxPolicy(
      mode: settings.sandboxMode, writableRoots: settings.writableRoots, cwd: settings.cwd,
      config: config, environment: ProcessEnvironment.current,
      permissions: settings.permissionsPolicy)
    tools = ToolExecutor(
      sandbox: sandbox,
      execPolicy: try AgentToolPermissions.execPolicy(codexHome: codexHome.path),
      environment: try AgentToolPermissions.environment(config: config, sandbox: sandbox),
      clock: wallClockNanoseconds)
    if let mcp {
      tools.mcp = mcp
    } else {
      let start = mcpInBackground ? MCPToolHost.startInBackground : MCPToolHost.start
      tools.mcp = start(
        try config.mcpServerSpecs(), settings.cwd, ProcessEnvironment.current,
        Self.mcpClientVersion)
    }
    cancel = CancellationFlag()
  }

  /// The version Cairn gives MCP servers in `clientInfo`.
  static var mcpClientVersion: String {
    CairnVersionOption.version.split(separator: " ").last.map(String.init) ?? "0"
  }

  /// Records the MCP servers' status changes in `engine`'s log (`mcp_server_status_changed`):
  /// those so far, then each later one as it happens (a server that exits mid-session),
  /// calling `changed` after each. Once per session: a rebuilt runtime keeps its host.
  func recordMCPStatus(
    in engine: SessionEngine,
    changed: @escaping @Sendable (MCPServerStatusChanged) -> Void = { _ in }
  ) {
    tools.mcp.observeStatus { change in
      // The log refuses nothing here but a closed engine, when the session is ending.
      _ = try? engine.send(.recordMCPServerStatus(change))
      changed(change)
    }
  }

  /// The servers that failed to start, as the lines exec prints on stderr.
  var mcpFailureLines: [String] {
    tools.mcp.failures.map { "ERROR: \($0.message)\n" }
  }

  /// The runner for `engine` (`instructions` replaces Cairn's base instructions, as a
  /// server's `base-instructions` asks); throws when the provider cannot be resolved (no key, a bad
  /// provider), which callers report as a failed turn.
  func runner(
    engine: SessionEngine, history: ModelHistory, settings: ExecSettings, config: CodexConfig,
    codexHome: CodexHome, outputSchema: RawJSON? = nil, instructions: String? = nil
  ) throws -> TurnRunner {
    let provider = try ModelProviderResolver.resolve(
      config: config, environment: ProcessEnvironment.current, codexHome: codexHome.path)
    var options = TurnRuntimeOptions(
      model: settings.model, instructions: instructions ?? AgentDefaults.instructions,
      tools: AgentDefaults.tools() + tools.mcp.entries.map(\.responseTool))
    options.reasoningEffort = settings.requestEffort
    options.reasoningSummary = settings.reasoningSummary
    options.verbosity = settings.requestVerbosity
    options.outputSchema = outputSchema
    options.contextWindow = settings.contextWindow
    options.autoCompactTokenLimit = settings.autoCompactTokenLimit
    return TurnRunner(
      engine: engine, history: history,
      client: ModelClient(transport: ResponsesTransport(endpoint: provider.endpoint)),
      options: options,
      tools: tools,
      context: TurnRunner.RequestContext(
        apiKey: provider.endpoint.apiKey, userAgent: CairnUserAgent.value),
      streamMaxRetries: provider.endpoint.streamMaxRetries, cancel: cancel,
      clock: wallClockNanoseconds)
  }
}
