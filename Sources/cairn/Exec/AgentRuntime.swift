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

  init(settings: ExecSettings, config: CodexConfig, codexHome: CodexHome) throws {
    let sandbox = AgentToolPermissions.sandboxPolicy(
      mode: settings.sandboxMode, writableRoots: settings.writableRoots, cwd: settings.cwd,
      config: config, environment: ProcessEnvironment.current,
      permissions: settings.permissionsPolicy)
    tools = ToolExecutor(
      sandbox: sandbox,
      execPolicy: try AgentToolPermissions.execPolicy(codexHome: codexHome.path),
      environment: try AgentToolPermissions.environment(config: config, sandbox: sandbox),
      clock: wallClockNanoseconds)
    cancel = CancellationFlag()
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
      tools: AgentDefaults.tools())
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
