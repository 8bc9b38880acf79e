import CairnTerminal
import CairnUI

#if canImport(Glibc)
  import Glibc
#endif

/// The terminal taken over by a full-screen view that runs on its own (the timeline, the
/// resume and fork picker): raw mode and Codex's modes for the view's life, put back on
/// every way out, and one wait that yields the keys or says the view must end.
enum FullScreenTerminal {
  /// Runs `body` with the terminal in raw mode; nil when stdin and stdout are not one.
  /// `alternateScreen` off: the view draws inline, and leaving writes no `?1049l` (which
  /// would move the cursor to a position never saved).
  static func run<Result>(
    alternateScreen: Bool = true, _ body: (TerminalDevice, SignalPipe) throws -> Result
  ) throws -> Result? {
    guard let device = TerminalDevice.standard() else { return nil }
    let wake = try SignalPipe()
    let modes = TerminalModes(kittyKeyboard: false)
    try device.enterRawMode(restoreBytes: AlternateScreen.leave + modes.leave)
    wake.catchSignals()
    defer {
      try? device.write((alternateScreen ? AlternateScreen.leave : []) + modes.leave)
      device.restore()
      wake.releaseSignals()
    }
    try device.write(modes.enter)
    return try body(device, wake)
  }

  /// What one wait brought.
  struct Wake {
    var events: [InputEvent] = []
    /// A signal asked the process to end, or the input ended.
    var ended = false
    /// The terminal may no longer show the last frame (a resize): paint it whole.
    var repaint = false
  }

  /// Waits for keys or a signal. Wake-ups that are neither (a live turn's new events) only
  /// repaint.
  static func wait(device: TerminalDevice, wake: SignalPipe, decoder: inout KeyDecoder) throws
    -> Wake
  {
    var result = Wake()
    let ready = TerminalPoll.wait(
      input: device.input, wake: wake.readFD,
      timeoutMilliseconds: decoder.deadline == nil ? -1 : 50)
    if ready.wake {
      for byte in wake.drain() {
        switch Int32(byte) {
        case SIGTERM, SIGINT, SIGHUP, SIGQUIT: result.ended = true
        default: result.repaint = true
        }
      }
    }
    if ready.input {
      let bytes = try device.readAvailable()
      if bytes.isEmpty { result.ended = true }
      result.events += decoder.feed(bytes, at: wallClockNanoseconds())
    }
    let now = wallClockNanoseconds()
    if let deadline = decoder.deadline, deadline <= now { result.events += decoder.expire(at: now) }
    return result
  }
}
