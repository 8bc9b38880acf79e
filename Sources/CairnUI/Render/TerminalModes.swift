/// The bytes that set the terminal up for Cairn and put it back, as Codex does (recorded in
/// shared/reference/codex-tui/README.md, "Terminal modes" and "Resize and exit"). Pure: the
/// driver writes them, and decides from the replies to `startupQueries` whether the
/// terminal speaks the kitty keyboard protocol.
///
/// ```swift
/// write(TerminalModes.startupQueries)            // replies: CPR, kitty flags, DA1
/// let modes = TerminalModes(kittyKeyboard: replies.hasKittyFlags)
/// write(modes.enter)
/// defer { write(modes.leave) }                   // every exit path
/// ```
public struct TerminalModes: Hashable, Sendable {
  /// Whether the terminal answered the `ESC[?u` query, so the kitty keyboard flags are
  /// pushed on enter and popped on leave.
  public var kittyKeyboard: Bool

  public init(kittyKeyboard: Bool) {
    self.kittyKeyboard = kittyKeyboard
  }

  /// Bracketed paste, modifyOtherKeys off, the kitty keyboard flags 7 (disambiguate, report
  /// events, alternate keys) when the terminal has them, focus events, the cursor hidden
  /// until a frame shows it, and the terminal's default cursor shape.
  public var enter: [UInt8] {
    var text = Self.csi + "?2004h" + Self.csi + ">4;0m"
    if kittyKeyboard { text += Self.csi + ">7u" }
    text += Self.csi + "?1004h" + Self.csi + "?25l" + Self.csi + "0 q"
    return Array(text.utf8)
  }

  /// Everything `enter` changed, undone, and the pen reset: safe to write twice (a signal
  /// arriving during a normal exit).
  public var leave: [UInt8] {
    var text = Self.csi + "0m"
    if kittyKeyboard { text += Self.csi + "<1u" }
    text += Self.csi + "?2004l" + Self.csi + "?1004l" + Self.csi + "0 q" + Self.csi + "?25h"
    return Array(text.utf8)
  }

  /// The queries written once at startup: the cursor position (`ESC[6n`, answered
  /// `ESC[row;colR`; where the inline viewport starts), the kitty keyboard flags
  /// (`ESC[?u`, answered `ESC[?flagsu` only by terminals that have them) and the primary
  /// device attributes (`ESC[c`, answered by every terminal: its reply after no `?u` reply
  /// means no kitty keyboard).
  public static let startupQueries = Array("\u{1B}[6n\u{1B}[?u\u{1B}[c".utf8)
  public static let cursorPositionQuery = Array("\u{1B}[6n".utf8)
  public static let kittyKeyboardQuery = Array("\u{1B}[?u".utf8)
  public static let primaryDeviceAttributesQuery = Array("\u{1B}[c".utf8)

  /// `OSC 0 ; title BEL`: sets the window and icon title. C0 and C1 controls and DEL are
  /// dropped from `title`, so it can never end the sequence early or start another one.
  public static func title(_ title: String) -> [UInt8] {
    var bytes = Array("\u{1B}]0;".utf8)
    for scalar in title.unicodeScalars {
      let value = scalar.value
      if value < 0x20 || (value >= 0x7F && value < 0xA0) { continue }
      bytes.append(contentsOf: String(scalar).utf8)
    }
    bytes.append(0x07)
    return bytes
  }

  static let csi = "\u{1B}["
}

/// The alternate screen, for full-screen overlays (Ctrl+T transcript, pickers, the
/// timeline): `?1049h` saves the cursor and switches to a blank screen, `?1007h` makes the
/// wheel scroll send arrow keys there (alternate scroll mode); `leave` undoes both and the
/// normal screen, with the inline viewport, comes back as it was.
public enum AlternateScreen {
  public static let enter = Array("\u{1B}[?1049h\u{1B}[?1007h".utf8)
  public static let leave = Array("\u{1B}[?1007l\u{1B}[?1049l".utf8)
}
