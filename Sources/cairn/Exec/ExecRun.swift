import CairnCodex
import CairnCore
import CairnEngine
import CairnLogFormat
import CairnModel
import CairnProtocol
import CairnStore

#if canImport(Glibc)
  import Glibc
#endif

/// One `cairn exec` (or `exec resume`) run: config, session, renderers, the turn. Returns
/// the process's exit status (0, or 1 when the turn failed, as Codex).
struct ExecRun {
  var codexHome: CodexHome
  var configRequest: ConfigRequest
  var run: CodexRunOptions
  var output: CodexExecOutputOptions
  var cairnHome: String?
  var prompt: String
  /// `--color`: always, never or auto (nil).
  var color: String?
  /// The session to continue; nil starts a new one.
  var resume: SessionID?

  func execute() throws -> Int32 {
    // The built-in Codex 0.147 catalog, not `resolveFeatureCatalog()`: asking a local codex
    // (`codex features list`) costs more than 100 ms at every start, twice the budget from
    // start to first request byte (docs/BENCHMARKS.md, exec).
    let config = try ExecSettings.load(
      configRequest, ignoreUserConfig: output.ignoreUserConfig, catalog: .embedded)
    let settings = try ExecSettings(config: config, run: run)
    if !output.skipGitRepoCheck && !GitRepository.contains(settings.cwd) {
      StandardError.write(
        "Not inside a trusted directory and --skip-git-repo-check was not specified.\n")
      return 1
    }
    let schema = try output.outputSchema.map(OutputSchemaFile.read)
    let images = try ExecImages.read(run.images)
    var ephemeralHome: String?
    let home: CairnHome
    if output.ephemeral {
      let directory = try EphemeralDirectory.make()
      ephemeralHome = directory
      home = CairnHome(root: directory)
    } else {
      home = CairnHome.resolve(explicit: cairnHome)
    }
    defer { if let ephemeralHome { EphemeralDirectory.remove(ephemeralHome) } }
    var ids = UUIDv7Generator()
    let engine: SessionEngine
    if let resume {
      engine = try SessionEngine.open(home: home, sessionID: resume, clock: wallClockNanoseconds)
      // A turn left open by a Cairn that was killed ends as interrupted, as Codex treats
      // an unfinished turn on resume; its pending approvals are withdrawn, and tools
      // recorded as running stay so (nothing knows how they ended).
      if let open = engine.state.turns.current {
        try engine.send(
          .endTurn(
            EndTurn(
              turnID: open.turnID, outcome: .interrupted(reason: "Cairn stopped while it ran"))))
      }
      try settings.apply(to: engine)
    } else {
      engine = try SessionEngine.create(
        home: home,
        SessionCreated(
          sessionID: SessionID(ids.next(unixNanoseconds: wallClockNanoseconds())),
          cwd: settings.cwd, model: settings.model, provider: settings.providerID,
          approvalPolicy: settings.approvalPolicy, sandboxMode: settings.sandboxMode),
        clock: wallClockNanoseconds)
    }
    defer { try? engine.close() }
    let history = try ModelHistory.load(directory: engine.directory, state: engine.state)
    let stdout = StandardOutput()
    let usage = engine.state.usage.cumulative
    var json = ExecEventRenderer(usage: usage)
    var human = ExecHumanRenderer(usage: usage, color: ExecColor.enabled(color))
    if output.json {
      try stdout.write(ExecEventRenderer.threadStarted(engine.sessionID).text + "\n")
      try stdout.flush()
    } else {
      StandardError.write(settings.banner(sessionID: engine.sessionID))
    }
    let runtime = try AgentRuntime(settings: settings, config: config, codexHome: codexHome)
    let tools = runtime.tools
    // The MCP servers stop with the run (their process groups are killed).
    defer { tools.mcp.shutdown() }
    for line in runtime.mcpFailureLines { StandardError.write(line) }
    // A server that dies mid-run is reported as one that failed to start is.
    runtime.recordMCPStatus(in: engine) { change in
      if change.status == .exited, let message = change.message {
        StandardError.write("ERROR: \(message)\n")
      }
    }
    // Live sessions end with the run; their last output and exit go in the log.
    defer { try? tools.finishLiveSessions(engine: engine) }
    let interrupts = InterruptWatcher(cancel: runtime.cancel, processes: tools.processCancellation)
    defer { interrupts.stop() }
    let runner: TurnRunner
    do {
      runner = try runtime.runner(
        engine: engine, history: history, settings: settings, config: config,
        codexHome: codexHome, outputSchema: schema)
    } catch {
      return try failBeforeRequest(
        engine: engine, message: "\(error)", json: &json, human: &human, stdout: stdout)
    }
    var writeFailure: Error?
    runner.onEnvelope = { envelope in
      if output.json {
        for line in json.lines(for: envelope) {
          do {
            try stdout.write(line.text + "\n")
            try stdout.flush()
          } catch { writeFailure = writeFailure ?? error }
        }
      } else {
        let text = human.text(for: envelope)
        if !text.isEmpty { StandardError.write(text) }
      }
    }
    let outcome = try runner.run(
      prompt: prompt, images: images.references, imageBytes: images.bytes,
      contextMessages: settings.contextMessages(
        history: runner.history, now: wallClockNanoseconds()))
    if let writeFailure { throw writeFailure }
    switch outcome {
    case .completed(let last):
      if let path = output.outputLastMessage { try LastMessageFile.write(last ?? "", to: path) }
      if !output.json, let last { try stdout.write(last + "\n") }
      try stdout.flush()
      return 0
    case .failed, .interrupted:
      if let path = output.outputLastMessage { try LastMessageFile.write("", to: path) }
      return 1
    }
  }

  /// A failure found before the first request (no key, a bad provider): Codex reports it
  /// as a failed turn, so the log and both renderings say the same.
  private func failBeforeRequest(
    engine: SessionEngine, message: String, json: inout ExecEventRenderer,
    human: inout ExecHumanRenderer, stdout: StandardOutput
  ) throws -> Int32 {
    var ids = UUIDv7Generator()
    let turnID = TurnID(ids.next(unixNanoseconds: wallClockNanoseconds()))
    var lines: [Envelope] = []
    engine.observer = { lines.append($0) }
    try engine.send(.startTurn(StartTurn(turnID: turnID, text: prompt)))
    try engine.send(.endTurn(EndTurn(turnID: turnID, outcome: .failed(message: message))))
    for envelope in lines {
      if output.json {
        for line in json.lines(for: envelope) { try stdout.write(line.text + "\n") }
      } else {
        StandardError.write(human.text(for: envelope))
      }
    }
    try stdout.flush()
    return 1
  }
}
