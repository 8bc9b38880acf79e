import CairnCodex
import CairnCore
import CairnEngine
import CairnLogFormat
import CairnTerminal
import CairnUI

#if canImport(Glibc)
  import Glibc
#endif

/// How the interactive session starts.
enum InteractiveStart {
  case new
  case resume(SessionID)
  case fork(SessionID)
}

/// The terminal workstation's loop: input → controller → intents (UI facts logged, turns
/// started, approvals answered) → the engine's state → view → bytes. One direction of flow;
/// the turn runs on its own thread and wakes the loop through the signal pipe.
final class InteractiveSession {
  let device: TerminalDevice
  let wake: SignalPipe
  let launch: InteractiveLaunch
  var engine: SessionEngine
  var runtime: AgentRuntime
  var runner: TurnRunner?
  var runnerFailure: String?
  var turns: TurnThread?
  var controller: WorkstationController
  var decoder = KeyDecoder()
  /// Keys that arrived with the replies to the startup queries.
  var pendingInput: [InputEvent] = []
  var screen: TerminalScreen
  var info: WorkstationInfo
  var turnStartedAt: Int64?
  var settings: ExecSettings
  var settingsChanged = false
  var quitting = false
  var exitLines: [String] = []
  /// Redraws are capped (Codex: 120 a second); a burst of events makes one frame.
  var frames = FrameScheduler()
  /// Transcript items before the window, paged in from the log while the transcript
  /// overlay is open (`InteractiveSession+Paging.swift`), oldest first.
  var olderItems: [TranscriptItem] = []
  /// How many items were older than the window when `olderItems` was last extended: the
  /// loaded ones end there.
  var olderItemsEnd = 0
  var pager: TranscriptPager?
  /// The running turn is `/compact`'s.
  var compacting = false
  /// The footer's note once `/compact` summarized the conversation.
  static let compactedHint = "Context compacted: the next turn starts from the summary"
  /// The longest wait between two frames while something animates (the status row).
  static let animationMilliseconds: Int32 = 80

  init(device: TerminalDevice, wake: SignalPipe, launch: InteractiveLaunch, engine: SessionEngine)
    throws
  {
    self.device = device
    self.wake = wake
    self.launch = launch
    self.engine = engine
    settings = launch.settings
    // MCP servers start in the background: the first frame does not wait for them (the
    // first turn does), and their status changes wake the loop to be shown.
    runtime = try AgentRuntime(
      settings: launch.settings, config: launch.config, codexHome: launch.codexHome,
      mcpInBackground: true)
    runtime.recordMCPStatus(in: engine) { _ in wake.wake() }
    controller = WorkstationController(state: engine.state)
    let size = device.size() ?? (rows: 24, columns: 80)
    screen = TerminalScreen(
      rows: size.rows, columns: size.columns, cursorRow: size.rows - 1,
      alternateScreen: launch.alternateScreen)
    info = launch.info
  }

  /// (Re)builds the turn runner from the current settings, keeping the model history. The
  /// first build loads the history from the log: it waits for the first prompt, so a huge
  /// session's first frame does not wait for it.
  func makeRunner() throws {
    let history =
      try runner?.history ?? ModelHistory.load(directory: engine.directory, state: engine.state)
    do {
      let made = try runtime.runner(
        engine: engine, history: history, settings: settings, config: launch.config,
        codexHome: launch.codexHome)
      runner = made
      runnerFailure = nil
      turns = TurnThread(runner: made, wake: wake)
    } catch {
      runner = nil
      turns = nil
      runnerFailure = "\(error)"
    }
  }

  /// Runs until the user quits; returns the exit status.
  func run(firstPrompt: String?) throws -> Int32 {
    let modes = try setUpTerminal()
    defer {
      StandardStreamsRestore.run(device: device, modes: modes)
    }
    try recordSize()
    try draw(now: wallClockNanoseconds())
    let early = pendingInput
    pendingInput = []
    for event in early { try handle(event, now: wallClockNanoseconds()) }
    if let firstPrompt, !firstPrompt.isEmpty { try execute([.submit(firstPrompt)]) }
    while !quitting {
      let timeout = pollTimeout()
      let ready = TerminalPoll.wait(
        input: device.input, wake: wake.readFD, timeoutMilliseconds: timeout)
      let now = wallClockNanoseconds()
      if ready.wake { try handleWake(now: now) }
      if ready.input {
        let bytes = try device.readAvailable()
        if bytes.isEmpty {
          quitting = true
          break
        }
        for event in decoder.feed(bytes, at: now) { try handle(event, now: now) }
      }
      if decoder.deadline.map({ $0 <= now }) ?? false {
        for event in decoder.expire(at: now) { try handle(event, now: now) }
      }
      if let ending = turns?.takeEnding() { try finished(ending) }
      try pageInOlderItems()
      frames.request()
      let later = wallClockNanoseconds()
      if frames.decision(now: later) == .drawNow { try draw(now: later) }
    }
    turns?.interrupt()
    try? runtime.tools.finishLiveSessions(engine: engine)
    runtime.tools.mcp.shutdown()
    try device.write(screen.leave())
    return 0
  }

  /// How long to wait for input: until a lone Esc is due, the next allowed frame when one is
  /// wanted, or the status row's next step while a turn runs.
  private func pollTimeout() -> Int32 {
    var timeout: Int32 = frames.timeoutMilliseconds(now: wallClockNanoseconds()) ?? -1
    if let deadline = decoder.deadline {
      let left = Int32(clamping: max((deadline - wallClockNanoseconds()) / 1_000_000, 0))
      timeout = timeout < 0 ? left : min(timeout, left)
    }
    if turns?.isRunning ?? false {
      timeout = timeout < 0 ? Self.animationMilliseconds : min(timeout, Self.animationMilliseconds)
    }
    return timeout
  }

  private func handleWake(now: Int64) throws {
    for byte in wake.drain() {
      switch Int32(byte) {
      case SIGWINCH: try recordSize()
      case SIGTERM, SIGINT, SIGHUP, SIGQUIT: quitting = true
      default: break
      }
    }
  }

  private func handle(_ event: InputEvent, now: Int64) throws {
    let state = engine.state
    // Only the transcript overlay scrolls by lines: laying the whole window out costs
    // milliseconds, too much for every key typed in the composer.
    let overlayShown = state.ui.overlay == .transcript || state.ui.overlay == .backtrack
    let context = WorkstationContext(
      turnRunning: turns?.isRunning ?? false, now: now, columns: screen.columns,
      rows: screen.rows,
      transcriptLines: overlayShown ? transcriptLineCount(state) : 0,
      pickerRows: info.pickerRows, models: info.models)
    let intents = controller.handle(event, state: state, context: context)
    try execute(intents)
  }

  func recordSize() throws {
    guard let size = device.size() else { return }
    if size.rows != screen.rows || size.columns != screen.columns {
      try device.write(screen.resize(rows: size.rows, columns: size.columns))
    }
    let ui = engine.state.ui
    if Int(ui.rows) != size.rows || Int(ui.columns) != size.columns {
      try engine.send(
        .resizeTerminal(
          ResizeTerminal(rows: UInt16(clamping: size.rows), columns: UInt16(clamping: size.columns))
        ))
    }
  }

  func draw(now: Int64) throws {
    let bytes = screen.update(
      engine.state, now: now, turnStartedAt: turnStartedAt, info: info,
      transient: WorkstationTransient(controller), older: olderItems)
    frames.drew(at: now)
    if !bytes.isEmpty { try device.write(bytes) }
  }

  private func finished(_ ending: TurnThread.Ending) throws {
    turnStartedAt = nil
    if case .failure(let message) = ending {
      controller.show(.text("the turn stopped: \(message)"))
    }
    if compacting {
      compacting = false
      if case .outcome(.completed) = ending { controller.show(.text(Self.compactedHint)) }
    }
    if let next = controller.takeQueuedPrompt() { try execute([.submit(next)]) }
  }
}

/// Puts the terminal back: the pane erased, the modes Cairn set reset, raw mode left.
enum StandardStreamsRestore {
  static func run(device: TerminalDevice, modes: TerminalModes) {
    try? device.write(modes.leave)
    device.restore()
  }
}
