import CairnCore
import CairnEngine
import CairnStore
import CairnUI

extension InteractiveSession {
  /// Carries out what the controller asked, in order.
  func execute(_ intents: [WorkstationIntent]) throws {
    for intent in intents {
      switch intent {
      case .record(.changeOverlay(let change))
      where change.overlay == .resumePicker || change.overlay == .forkPicker:
        info.pickerRows = pickerRows()
        do { try engine.send(.changeOverlay(change)) } catch EngineError.rejected { continue }
      case .record(let command):
        // A UI fact the state refuses (closing a popup that closed) changes nothing.
        do { try engine.send(command) } catch EngineError.rejected { continue } catch {
          throw error
        }
      case .submit(let prompt):
        try submit(prompt)
      case .interrupt:
        turns?.interrupt()
      case .decide(let callID, let decision):
        turns?.decide(callID, decision)
      case .changeSettings(let change):
        try engine.send(.changeSettings(change))
        if let model = change.model { settings.model = model }
        if let effort = change.reasoningEffort {
          settings.reasoningEffort = effort
          settings.requestEffort = effort
        }
        if let policy = change.approvalPolicy { settings.approvalPolicy = policy }
        if let sandbox = change.sandboxMode { settings.sandboxMode = sandbox }
        settingsChanged = true
      case .slashCommand(let name, let argument):
        try slashCommand(name, argument: argument)
      case .openSession(let id, let fork):
        try switchSession(fork ? .fork(SessionID(id)) : .resume(SessionID(id)))
      case .openTimeline:
        // Everything logged so far is readable; the live view is drawn whole on return.
        try engine.commit()
        let timeline = try SessionTimeline(home: launch.home, sessionID: engine.sessionID)
        // Inline (`--no-alt-screen`) the timeline is drawn where the pane is.
        let inline: ((Frame) -> [UInt8])? =
          launch.alternateScreen ? nil : { [self] frame in screen.drawInline(frame) }
        if try TimelineLoop(timeline: timeline, start: timeline.lastSeq).scrub(
          device: device, wake: wake, inline: inline)
        {
          quitting = true
        }
        screen.invalidate()
      case .quit:
        quitting = true
      }
    }
  }

  /// Builds the runner when there is none yet, or again when the settings changed.
  private func prepareRunner() throws {
    if settingsChanged, !(turns?.isRunning ?? false) {
      settingsChanged = false
      runtime = try AgentRuntime(
        settings: settings, config: launch.config, codexHome: launch.codexHome,
        mcp: runtime.tools.mcp)
      try makeRunner()
    } else if runner == nil, runnerFailure == nil {
      try makeRunner()
    }
  }

  /// `/compact`: the model summarizes the conversation on the turn thread, as a turn.
  private func compact() throws {
    guard !(turns?.isRunning ?? false) else {
      controller.show(.text("a turn is running: wait for it or interrupt it first"))
      return
    }
    try prepareRunner()
    guard let turns else {
      controller.show(.text("/compact needs a model provider: \(runnerFailure ?? "none")"))
      return
    }
    turnStartedAt = wallClockNanoseconds()
    compacting = turns.startCompaction()
  }

  private func submit(_ prompt: String) throws {
    try prepareRunner()
    guard let runner, let turns else {
      // No provider: the turn fails the way exec reports it, in the log and on screen.
      var ids = UUIDv7Generator()
      let turnID = TurnID(ids.next(unixNanoseconds: wallClockNanoseconds()))
      try engine.send(.startTurn(StartTurn(turnID: turnID, text: prompt)))
      try engine.send(
        .endTurn(
          EndTurn(turnID: turnID, outcome: .failed(message: runnerFailure ?? "no model provider"))))
      return
    }
    let messages = settings.contextMessages(history: runner.history, now: wallClockNanoseconds())
    turnStartedAt = wallClockNanoseconds()
    if !turns.start(prompt: prompt, contextMessages: messages) {
      controller.show(.text("a turn is running"))
    }
  }

  /// The native sessions of the home's catalog, for the resume and fork pickers (this
  /// one left out).
  func pickerRows() -> [SessionPickerRow] {
    let entries = SessionCatalog.load(home: launch.home.root)?.entries ?? []
    return entries.filter { !$0.archived && $0.sessionID != engine.sessionID.rawValue }.map {
      SessionPickerRow(
        id: $0.sessionID, updatedAt: $0.updatedAtNanoseconds, createdAt: $0.createdAtNanoseconds,
        cwd: $0.cwd, firstMessage: "", title: $0.title.isEmpty ? nil : $0.title)
    }
  }

  /// Leaves the current session (closed, its live tools ended) for another: a new one, a
  /// fork, or a resumed one. Its header and history print below what is on screen.
  func switchSession(_ start: InteractiveStart, clearingScreen: Bool = false) throws {
    guard !(turns?.isRunning ?? false) else {
      controller.show(.text("a turn is running: wait for it or interrupt it first"))
      return
    }
    let next = try launch.engine(start)
    try? runtime.tools.finishLiveSessions(engine: engine)
    try? engine.close()
    engine = next
    runner = nil
    turns = nil
    runnerFailure = nil
    turnStartedAt = nil
    controller = WorkstationController(state: engine.state)
    if clearingScreen {
      try device.write(screen.resize(rows: screen.rows, columns: screen.columns))
    } else {
      screen.restartHistory()
    }
    try recordSize()
  }

  private func slashCommand(_ name: String, argument: String) throws {
    switch name {
    case "new":
      try switchSession(.new)
    case "clear":
      try switchSession(.new, clearingScreen: true)
    case "fork":
      try switchSession(.fork(engine.sessionID))
    case "rename":
      guard !argument.isEmpty else {
        controller.show(.text("usage: /rename NEW NAME"))
        return
      }
      try engine.send(.renameSession(SessionRenamed(title: argument)))
      controller.show(.text("renamed to \(argument)"))
    case "compact":
      try compact()
    case "diff":
      let cwd = engine.state.session?.cwd ?? launch.settings.cwd
      try device.write(screen.printHistory(DiffOutput.lines(GitWorkingTreeDiff.run(cwd: cwd))))
    default:
      controller.show(.text("/\(name) is not supported yet in Cairn"))
    }
  }
}
