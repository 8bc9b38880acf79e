import ArgumentParser
import CairnCore
import CairnEngine
import CairnLogFormat
import CairnTerminal
import CairnUI

#if canImport(Glibc)
  import Glibc
#endif

/// `cairn replay tui ID`: the timeline. Scrubs through a session's events showing the
/// screen as it was at each one; `--print` renders one such screen without a terminal.
struct ReplayTUICommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tui",
    abstract: "Scrub through a session's events, seeing the screen as it was at each one.",
    discussion: """
      Shows the terminal screen of the session at one of its events — the frame Cairn drew \
      then, at the size the session's terminal had — above a scrubber. Keys: ←/→ one \
      event, ↑/↓ ten, PgUp/PgDn a hundred, [ and ] a turn, Home/End the ends, g then a \
      number and Enter a sequence number, q to leave (docs/TUI.md, "The timeline"). \
      With --print, writes the screen at --at (default: the last event) as text, or as \
      JSON with --json, or as the terminal bytes that draw it with --ansi, and exits.
      """)

  @OptionGroup var options: HomeOptions

  @Argument(help: "The session id (or a unique prefix or name).")
  var id: String

  @Option(help: "The event (sequence number) to start at, or to print; default: the last.")
  var at: UInt64?

  @Flag(help: "Print the screen at --at instead of opening the timeline.")
  var print = false

  @Flag(help: "With --print: the terminal bytes that draw the screen instead of its text.")
  var ansi = false

  @Option(help: "With --print: the screen's columns (default: the session's terminal).")
  var columns: Int?

  @Option(help: "With --print: the screen's rows (default: the session's terminal).")
  var rows: Int?

  func validate() throws {
    if let columns, columns < 10 { throw ValidationError("--columns must be at least 10") }
    if let rows, rows < 4 { throw ValidationError("--rows must be at least 4") }
  }

  func run() throws {
    try reportingSessionFailures {
      let (home, sessionID) = try existingSession(options, id)
      let timeline = try SessionTimeline(home: home, sessionID: sessionID)
      let start = at.map { Seq($0) } ?? timeline.lastSeq
      if print || options.json {
        try printScreen(timeline, at: start)
      } else {
        try TimelineLoop(timeline: timeline, start: start).run()
      }
    }
  }

  private func printScreen(_ timeline: SessionTimeline, at seq: Seq) throws {
    let screen = try TimelineScreen(timeline: timeline)
    let recorded = try screen.recorded(at: seq, columns: columns, rows: rows)
    let stdout = StandardOutput()
    if options.json {
      try stdout.write(
        JSONValue.object([
          ("seq", .uint(recorded.seq.rawValue)), ("kind", .string(recorded.kind)),
          ("columns", .int(Int64(recorded.frame.columns))),
          ("rows", .int(Int64(recorded.frame.rows))),
          ("text", .string(recorded.frame.plainText)),
        ]).text + "\n")
    } else if ansi {
      try stdout.write(String(decoding: FrameRenderer.full(recorded.frame), as: UTF8.self))
    } else {
      try stdout.write(recorded.frame.plainText + "\n")
    }
    try stdout.flush()
  }
}

/// The screen of a session at one of its events.
struct TimelineScreen {
  let timeline: SessionTimeline
  let info: WorkstationInfo
  let firstRecordedAt: Int64

  struct Recorded {
    var seq: Seq
    var kind: String
    var frame: Frame
    var elapsed: Int64
  }

  init(timeline: SessionTimeline) throws {
    self.timeline = timeline
    info = WorkstationInfo(
      version: String(CairnVersionOption.version.split(separator: " ").last ?? ""),
      home: ProcessEnvironment.current["HOME"])
    firstRecordedAt = try timeline.envelope(at: .first)?.recordedAtNanoseconds ?? 0
  }

  /// The frame on screen right after record `seq`, at the recorded size unless given one.
  func recorded(at seq: Seq, columns: Int? = nil, rows: Int? = nil) throws -> Recorded {
    let state = try timeline.state(at: seq)
    let envelope = try timeline.envelope(at: state.lastSeq)
    let now = envelope?.recordedAtNanoseconds ?? firstRecordedAt
    let turnStartedAt = try state.turns.current.flatMap {
      try timeline.envelope(at: $0.startedSeq)?.recordedAtNanoseconds
    }
    let frame = WorkstationScreen.frame(
      state, columns: columns ?? Int(state.ui.columns), rows: rows ?? Int(state.ui.rows),
      now: now, turnStartedAt: turnStartedAt, info: info)
    return Recorded(
      seq: state.lastSeq, kind: envelope?.event.kind.name ?? "", frame: frame,
      elapsed: now - firstRecordedAt)
  }
}

/// The interactive timeline on the alternate screen.
struct TimelineLoop {
  let timeline: SessionTimeline
  let start: Seq

  func run() throws {
    let ran = try FullScreenTerminal.run { device, wake in
      try scrub(device: device, wake: wake)
    }
    if ran == nil {
      throw ExecFailure("the timeline needs a terminal; use --print to write one screen")
    }
  }

  /// The timeline on the alternate screen of a terminal already in raw mode (the live
  /// session's F2 comes here too); returns when the user leaves it, true when a signal
  /// asked the process to end. `inline` draws each frame in the normal screen instead
  /// (the live session's `--no-alt-screen`: its pane).
  @discardableResult
  func scrub(device: TerminalDevice, wake: SignalPipe, inline: ((Frame) -> [UInt8])? = nil)
    throws -> Bool
  {
    let screen = try TimelineScreen(timeline: timeline)
    if inline == nil { try device.write(AlternateScreen.enter) }
    defer { if inline == nil { try? device.write(AlternateScreen.leave) } }
    var decoder = KeyDecoder()
    var controller = TimelineController()
    var seq = start
    var previous: Frame?
    var turnStarts: [Seq]?
    var quit = false
    while !quit {
      let size = device.size() ?? (rows: 24, columns: 80)
      let recorded = try screen.recorded(at: seq)
      let starts = try turnStarts ?? timeline.turnStarts()
      turnStarts = starts
      let turn = starts.lastIndex { $0 <= recorded.seq }.map { $0 + 1 }
      let last = Double(max(timeline.lastSeq.rawValue, 2) - 1)
      let stop = TimelineStop(
        seq: recorded.seq, lastSeq: timeline.lastSeq, kind: recorded.kind,
        elapsed: recorded.elapsed, turn: turn, turnCount: starts.count,
        turnMarks: starts.map { Double($0.rawValue - 1) / last })
      let frame = TimelineView.frame(
        screen: recorded.frame, stop: stop, jumpText: controller.jumpText,
        columns: size.columns, rows: size.rows)
      if let inline {
        try device.write(inline(frame))
      } else {
        try device.write(
          previous == nil
            ? FrameRenderer.full(frame) : FrameRenderer.diff(from: previous, to: frame))
      }
      previous = frame
      let woken = try FullScreenTerminal.wait(device: device, wake: wake, decoder: &decoder)
      if woken.ended { return true }
      if woken.repaint { previous = nil }
      let events = woken.events
      for event in events {
        guard case .key(let press) = event else { continue }
        let move = controller.handle(press)
        if move == .quit { quit = true }
        if let target = TimelineController.target(
          of: move, from: seq, lastSeq: timeline.lastSeq, turnStarts: starts)
        {
          seq = target
        }
      }
    }
    return false
  }
}
