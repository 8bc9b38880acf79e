import CairnCodex
import CairnCore
import CairnEngine
import CairnTerminal
import CairnUI

/// Everything the interactive session is started with: configuration, settings, homes, and
/// the facts its screen shows that are not in the log.
struct InteractiveLaunch {
  var codexHome: CodexHome
  var config: CodexConfig
  var settings: ExecSettings
  var home: CairnHome
  var info: WorkstationInfo
  /// Whether full-screen overlays use the alternate screen (`--no-alt-screen` turns it off).
  var alternateScreen = true

  init(
    request: ConfigRequest, run: CodexRunOptions, interactive: CodexInteractiveOptions,
    cairnHome: String?
  ) throws {
    codexHome = request.home
    config = try ExecSettings.load(request, ignoreUserConfig: false, catalog: .embedded)
    settings = try ExecSettings(config: config, run: run)
    // The terminal UI asks before risky commands: Codex's default is on-request.
    if run.dangerouslyBypassApprovalsAndSandbox {
      settings.approvalPolicy = .never
    } else if let flag = interactive.askForApproval {
      settings.approvalPolicy =
        switch flag {
        case .untrusted: .untrusted
        case .onRequest: .onRequest
        case .never: .never
        }
    } else {
      settings.approvalPolicy =
        switch config.approvalPolicy {
        case .untrusted: .untrusted
        case .onFailure: .onFailure
        case .never: .never
        // Granular policies are Codex's per-category switches: asking is the safe reading.
        case .onRequest, .granular, nil: .onRequest
        }
    }
    home = CairnHome.resolve(explicit: cairnHome)
    alternateScreen = !interactive.noAltScreen
    let version = String(CairnVersionOption.version.split(separator: " ").last ?? "")
    let provider =
      (try? ModelProviderResolver.resolve(
        config: config, environment: ProcessEnvironment.current, codexHome: codexHome.path))
    let providerID = settings.providerID
    info = WorkstationInfo(
      version: version, cwd: settings.cwd,
      provider: provider.map { "\(providerID) - \($0.baseURL)" } ?? providerID,
      home: ProcessEnvironment.current["HOME"], contextWindow: UInt64(settings.contextWindow),
      models: InteractiveLaunch.models(current: settings.model))
  }

  /// The models `/model` offers: Codex's list, with the configured one first when it is
  /// not among them.
  static func models(current: String) -> [ModelChoice] {
    var models = [
      ModelChoice(
        slug: "gpt-5.5", description: "Latest frontier agentic coding model.", isDefault: true),
      ModelChoice(slug: "gpt-5.4", description: "Strong model for everyday coding."),
      ModelChoice(
        slug: "gpt-5.4-mini",
        description: "Small, fast, and cost-efficient model for simpler coding tasks."),
      ModelChoice(slug: "gpt-5.3-codex", description: "Coding-optimized model."),
      ModelChoice(
        slug: "gpt-5.2", description: "Optimized for professional work and long-running agents."),
    ]
    if !models.contains(where: { $0.slug == current }) {
      models.insert(ModelChoice(slug: current, description: "The configured model."), at: 0)
    }
    return models
  }

  /// Opens (or makes) the session the terminal UI works on.
  func engine(_ start: InteractiveStart) throws -> SessionEngine {
    var ids = UUIDv7Generator()
    switch start {
    case .new:
      return try SessionEngine.create(
        home: home,
        SessionCreated(
          sessionID: SessionID(ids.next(unixNanoseconds: wallClockNanoseconds())),
          cwd: settings.cwd, model: settings.model, provider: settings.providerID,
          approvalPolicy: settings.approvalPolicy, sandboxMode: settings.sandboxMode),
        clock: wallClockNanoseconds)
    case .resume(let id):
      let engine = try SessionEngine.open(home: home, sessionID: id, clock: wallClockNanoseconds)
      if let open = engine.state.turns.current {
        try engine.send(
          .endTurn(
            EndTurn(
              turnID: open.turnID, outcome: .interrupted(reason: "Cairn stopped while it ran"))))
      }
      try settings.apply(to: engine)
      return engine
    case .fork(let parent):
      let engine = try SessionFork.fork(
        home: home, parent: parent,
        child: SessionID(ids.next(unixNanoseconds: wallClockNanoseconds())),
        clock: wallClockNanoseconds)
      try settings.apply(to: engine)
      return engine
    }
  }

  /// Runs the interactive session on the terminal; the process's exit status.
  func run(_ start: InteractiveStart, prompt: String?) throws -> Int32 {
    guard let device = TerminalDevice.standard() else {
      throw ExecFailure(
        "the interactive session needs a terminal on stdin and stdout; use `cairn exec` in scripts")
    }
    let wake = try SignalPipe()
    defer { wake.releaseSignals() }
    let session = try InteractiveSession(
      device: device, wake: wake, launch: self, engine: try self.engine(start))
    // The session may have switched engines (/new, /fork, /resume): the last one closes.
    defer { try? session.engine.close() }
    let status = try session.run(firstPrompt: prompt)
    let engine = session.engine
    // As Codex, two plain lines stay in the scrollback after the screen is put back.
    let usage = engine.state.usage.cumulative
    let stdout = StandardOutput()
    if usage.totalTokens > 0 {
      try stdout.write(
        "Token usage: total=\(usage.totalTokens) input=\(usage.inputTokens) output=\(usage.outputTokens)\n"
      )
    }
    try stdout.write("To continue this session, run cairn resume \(engine.sessionID.rawValue)\n")
    try stdout.flush()
    return status
  }
}
