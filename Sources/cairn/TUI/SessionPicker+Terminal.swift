import ArgumentParser
import CairnCodex
import CairnCore
import CairnEngine
import CairnLogFormat
import CairnTerminal
import CairnUI

#if canImport(Glibc)
  import Glibc
#endif

/// What the resume or fork picker was left with.
enum PickedSession {
  case session(SessionID)
  /// Esc: start a new session instead, as Codex's picker does.
  case new
  /// Ctrl+C: leave.
  case quit
}

extension SessionPicker {
  /// `cairn resume` / `cairn fork` on a terminal: the session named, the latest with
  /// `--last`, or the one chosen in the full-screen picker; then the terminal UI on it.
  func runInTerminal(
    root: Cairn, run: CodexRunOptions, remote: CodexRemoteOptions,
    interactive: CodexInteractiveOptions, fork: Bool
  ) throws {
    try InteractiveLaunch.checkSupported(run: run, remote: remote, interactive: interactive)
    try reportingExecFailures(prefix: "cairn") {
      let launch = try InteractiveLaunch(
        request: InteractiveLaunch.configRequest(root: root, run: run), run: run,
        interactive: interactive, cairnHome: options.home.home)
      let mixed = try MixedSessions.load(options)
      let picked: PickedSession
      if let sessionID {
        picked = .session(try native(try mixed.resolve(sessionID, scope: "", where: { _ in true })))
      } else if last {
        guard let newest = mixed.sessions.first(where: filter.includes) else {
          throw ExecFailure(
            "no session to \(verb)"
              + (filter.all ? "" : " in \(filter.cwd) (--all looks in every directory)"))
        }
        picked = .session(try native(newest))
      } else {
        let rows = mixed.sessions.filter { filter.includes($0) && $0.kind == .native }.map {
          SessionPickerRow(
            id: $0.id, updatedAt: $0.updatedAtNanoseconds,
            createdAt: $0.createdAtMilliseconds * 1_000_000, cwd: $0.cwd,
            firstMessage: $0.preview, title: $0.name.isEmpty ? nil : $0.name)
        }
        picked = try PickerLoop(
          rows: rows, fork: fork, cwd: launch.settings.cwd, all: filter.all,
          alternateScreen: launch.alternateScreen
        ).run()
      }
      switch picked {
      case .quit: return 0
      case .new: return try launch.run(.new, prompt: prompt)
      case .session(let id): return try launch.run(fork ? .fork(id) : .resume(id), prompt: prompt)
      }
    }
  }

  private func native(_ target: ListedSession) throws -> SessionID {
    guard target.kind == .native else {
      throw ExecFailure(
        "\(target.id) is a Codex session: import it first with `cairn import codex "
          + "\(target.path)`, then `cairn \(verb)` the native session")
    }
    return SessionID(target.id)
  }
}

/// The full-screen resume or fork picker before any session is open. Its keys are the
/// controller's; the UI facts it records go into a scratch state, not into a log (there is
/// no session yet to log them in).
struct PickerLoop {
  let rows: [SessionPickerRow]
  let fork: Bool
  let cwd: String
  let all: Bool
  /// Off (`--no-alt-screen`): the picker is drawn inline, from the bottom row up, and
  /// erased when it closes.
  var alternateScreen = true

  func run() throws -> PickedSession {
    try FullScreenTerminal.run(alternateScreen: alternateScreen) { device, wake in
      try pick(device: device, wake: wake)
    } ?? .quit
  }

  private func pick(device: TerminalDevice, wake: SignalPipe) throws -> PickedSession {
    let start = device.size() ?? (rows: 24, columns: 80)
    var inline =
      alternateScreen
      ? nil
      : InlineViewport(screenRows: start.rows, columns: start.columns, cursorRow: start.rows - 1)
    if inline == nil { try device.write(AlternateScreen.enter) }
    defer {
      if var viewport = inline { try? device.write(viewport.leave()) }
    }
    var state = SessionState()
    state.ui.overlay = fork ? .forkPicker : .resumePicker
    var controller = WorkstationController(state: state)
    if all { controller.setPickerFilter(.all) }
    var decoder = KeyDecoder()
    var previous: Frame?
    let info = WorkstationInfo(version: "", cwd: cwd, pickerRows: rows)
    while true {
      let size = device.size() ?? (rows: 24, columns: 80)
      let now = wallClockNanoseconds()
      guard
        let frame = WorkstationScreen.overlay(
          state, columns: size.columns, rows: size.rows, now: now, info: info,
          transient: WorkstationTransient(controller))
      else { return .new }
      if inline != nil {
        try device.write(inline!.draw(frame))
      } else {
        try device.write(
          previous == nil
            ? FrameRenderer.full(frame) : FrameRenderer.diff(from: previous, to: frame))
      }
      previous = frame
      let woken = try FullScreenTerminal.wait(device: device, wake: wake, decoder: &decoder)
      if woken.ended { return .quit }
      if woken.repaint {
        previous = nil
        if inline != nil, let size = device.size() {
          try device.write(inline!.resize(rows: size.rows, columns: size.columns))
        }
      }
      let events = woken.events
      let later = wallClockNanoseconds()
      for event in events {
        if case .key(let press) = event, press.modifiers.contains(.control),
          press.key == .character("c")
        {
          return .quit
        }
        let context = WorkstationContext(
          turnRunning: false, now: later, columns: size.columns, rows: size.rows,
          pickerRows: rows, cwd: cwd)
        for intent in controller.handle(event, state: state, context: context) {
          switch intent {
          case .record(let command):
            guard case .success(let events) = state.decide(command) else { continue }
            for event in events {
              _ = SessionState.evolve(
                &state,
                Envelope(
                  seq: state.lastSeq.next, recordedAtNanoseconds: later, causation: .none,
                  event: event))
            }
          case .openSession(let id, _): return .session(SessionID(id))
          case .quit: return .quit
          default: break
          }
        }
        if state.ui.overlay == .none { return .new }
      }
    }
  }
}
