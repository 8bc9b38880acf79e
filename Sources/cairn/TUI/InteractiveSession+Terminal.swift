import CairnTerminal
import CairnUI

#if canImport(Glibc)
  import Glibc
#endif

extension InteractiveSession {
  /// How long the terminal has to answer the startup queries; a terminal that answers none
  /// (DA1 is answered by all) is drawn from its bottom row without the kitty keyboard.
  static let queryReplyMilliseconds: Int64 = 500

  /// Raw mode, the startup queries (where the cursor is, whether the kitty keyboard is
  /// there), then Codex's modes. Input that arrives with the replies is kept for the loop.
  func setUpTerminal() throws -> TerminalModes {
    let fallback = TerminalModes(kittyKeyboard: true)
    // Crash restore bytes cover every mode Cairn may set (popping kitty flags that were
    // never pushed is harmless).
    try device.enterRawMode(restoreBytes: AlternateScreen.leave + fallback.leave)
    wake.catchSignals()
    try device.write(TerminalModes.startupQueries)
    decoder.expectingCursorPosition = true
    var cursorRow: Int?
    var kitty = false
    var answered = false
    let deadline = wallClockNanoseconds() + Self.queryReplyMilliseconds * 1_000_000
    while !answered {
      let left = (deadline - wallClockNanoseconds()) / 1_000_000
      guard left > 0 else { break }
      let ready = TerminalPoll.wait(
        input: device.input, wake: wake.readFD, timeoutMilliseconds: Int32(left))
      guard ready.input else { continue }
      let bytes = try device.readAvailable()
      if bytes.isEmpty { break }
      for event in decoder.feed(bytes, at: wallClockNanoseconds()) {
        switch event {
        case .cursorPosition(let row, _):
          cursorRow = row
          decoder.expectingCursorPosition = false
        case .keyboardFlags: kitty = true
        case .deviceAttributes: answered = true
        default: pendingInput.append(event)
        }
      }
    }
    decoder.expectingCursorPosition = false
    let modes = TerminalModes(kittyKeyboard: kitty)
    try device.write(modes.enter)
    let size = device.size() ?? (rows: 24, columns: 80)
    screen = TerminalScreen(
      rows: size.rows, columns: size.columns, cursorRow: max((cursorRow ?? size.rows) - 1, 0),
      alternateScreen: launch.alternateScreen)
    return modes
  }
}
