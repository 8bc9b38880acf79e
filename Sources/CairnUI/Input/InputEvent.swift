/// One thing the terminal told us, decoded from its input bytes by `KeyDecoder`.
///
/// Keys and pastes come from the user; the others are the terminal's replies to the queries
/// the driver sends at startup (see docs/TUI.md, "Terminal modes"):
///
/// ```text
/// ESC[5n…            → nothing (not queried)
/// ESC[12;40R         → .cursorPosition(row: 12, column: 40)      reply to ESC[6n
/// ESC[?7u            → .keyboardFlags(7)                         reply to ESC[?u
/// ESC[?62;22c        → .deviceAttributes                         reply to ESC[c (DA1)
/// ESC]11;rgb:1e1e/1e1e/2e2e ESC\ → .colorReply(slot: 11, …)      reply to OSC 11;?
/// ```
public enum InputEvent: Equatable, Sendable {
  /// A key press, repeat or release.
  case key(KeyPress)
  /// A bracketed paste (`ESC[200~ … ESC[201~`): the text as pasted, CR and CRLF made LF,
  /// never interpreted as keys. A paste longer than `KeyDecoder.pasteBytesMax` arrives as
  /// several `.paste` events in order.
  case paste(String)
  /// The terminal window gained focus (`ESC[I`, focus reporting mode 1004).
  case focusGained
  /// The terminal window lost focus (`ESC[O`).
  case focusLost
  /// A cursor position report (`ESC[row;columnR`), 1-based as the terminal sends it.
  case cursorPosition(row: Int, column: Int)
  /// The kitty keyboard protocol flags in force (`ESC[?flagsu`), the reply to `ESC[?u`.
  /// A terminal without the protocol does not answer; the DA1 reply that follows tells so.
  case keyboardFlags(UInt8)
  /// The primary device attributes reply (`ESC[?…c`). Its parameters are not kept: it
  /// only marks that every query sent before it has been answered.
  case deviceAttributes
  /// The reply to an OSC 10 (foreground, `slot` 10) or OSC 11 (background, `slot` 11)
  /// colour query, each channel scaled to 16 bits (`rgb:ff/80/00` → 0xFFFF, 0x8080, 0x0000).
  case colorReply(slot: Int, red: UInt16, green: UInt16, blue: UInt16)
  /// Bytes that form no event we know: an unknown or malformed sequence, an over-long
  /// unterminated one (cut at `KeyDecoder.sequenceBytesMax`), invalid UTF-8.
  case unknown([UInt8])
}
