/// A key, whatever the terminal encoding that reported it.
///
/// Control+letter arrives as the lower-case letter with `.control` (`0x03` →
/// `.character("c")`), Ctrl+J (`0x0A`) as `.character("j")` with `.control`, distinct from
/// Enter (`0x0D`). Keypad keys map to the keys they stand for (keypad 5 → `"5"`, keypad Enter
/// → `.enter`).
public enum Key: Hashable, Sendable {
  /// A key that stands for text: a letter, digit, punctuation, space, any Unicode character.
  case character(Character)
  /// Enter (Return): `\r`, `ESC[13u`, keypad Enter.
  case enter
  /// Tab; Shift+Tab is `.tab` with `.shift` (`ESC[Z`).
  case tab
  /// Backspace: `0x7F` or `0x08`.
  case backspace
  /// Escape, on its own after the ESC timeout, or `ESC[27u`.
  case escape
  /// Arrow up.
  case up
  /// Arrow down.
  case down
  /// Arrow left.
  case left
  /// Arrow right.
  case right
  /// Home.
  case home
  /// End.
  case end
  /// Page Up.
  case pageUp
  /// Page Down.
  case pageDown
  /// Insert.
  case insert
  /// Delete (forward delete).
  case delete
  /// A function key, F1 through F35.
  case function(Int)
}
