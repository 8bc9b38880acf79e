/// Which composer edit a key means. Keys that are not editing keys map to nil: they are
/// the controller's (submit, interrupt, quit, popups, overlays).
///
/// | key | edit | notes |
/// |---|---|---|
/// | a character, alone or with Shift | `insert(character)` | `?` in an empty composer: nil (shortcut help) |
/// | Ctrl+J, Ctrl+M (kitty), Shift/Alt/Ctrl+Enter | `insertNewline` | plain Enter: nil (submit) |
/// | Backspace, Shift+Backspace, Ctrl+H | `deleteBackward` | |
/// | Delete | `deleteForward` | |
/// | Ctrl+D | `deleteForward` | in an empty composer: nil (quit) |
/// | Alt+Backspace, Ctrl+Backspace, Ctrl+W | `deleteWordBackward` | into the kill buffer |
/// | Alt+D, Alt+Delete, Ctrl+Delete | `deleteWordForward` | into the kill buffer |
/// | ←, Ctrl+B | `moveLeft` | one grapheme |
/// | →, Ctrl+F | `moveRight` | one grapheme |
/// | Alt+←, Ctrl+←, Alt+B | `moveWordLeft` | |
/// | Alt+→, Ctrl+→, Alt+F | `moveWordRight` | |
/// | Home, Ctrl+A | `moveLineStart` | |
/// | End, Ctrl+E | `moveLineEnd` | |
/// | ↑, Ctrl+P | `moveUp` | on the first line: history (`ComposerHistory.moveUp`) |
/// | ↓, Ctrl+N | `moveDown` | on the last line: history (`ComposerHistory.moveDown`) |
/// | Ctrl+K | `killToLineEnd` | at a line's end: the line break |
/// | Ctrl+U | `killToLineStart` | at a line's start: the line break before it |
/// | Ctrl+Y | `yank` | |
/// | Enter, Esc, Tab, Shift+Tab, Ctrl+C, Ctrl+T, Ctrl+R, Ctrl+G, Ctrl+V, Ctrl+L, PgUp, PgDn, F-keys, Alt+, Alt+., other Ctrl/Alt/Super keys | nil | the controller's |
///
/// Arrows, Home and End also move with Shift held (there is no selection). Key releases
/// map to nil; presses and repeats to their edit.
public enum ComposerKeymap {
  /// The edit `press` means in a composer that is empty or not.
  public static func edit(for press: KeyPress, composerIsEmpty: Bool) -> ComposerEdit? {
    guard press.kind != .release else { return nil }
    let modifiers = press.modifiers
    let plain = modifiers.isSubset(of: .shift)
    let wordModifier = modifiers == .alt || modifiers == .control
    switch press.key {
    case .character(let character):
      if plain {
        if character == "?" && composerIsEmpty { return nil }
        return .insert(String(character))
      }
      if modifiers == .control { return controlEdit(character, composerIsEmpty: composerIsEmpty) }
      if modifiers == .alt { return altEdit(character) }
      return nil
    case .enter:
      return modifiers.isEmpty || modifiers.contains(.super) ? nil : .insertNewline
    case .backspace:
      return plain ? .deleteBackward : wordModifier ? .deleteWordBackward : nil
    case .delete:
      return modifiers.isEmpty ? .deleteForward : wordModifier ? .deleteWordForward : nil
    case .left:
      return plain ? .moveLeft : wordModifier ? .moveWordLeft : nil
    case .right:
      return plain ? .moveRight : wordModifier ? .moveWordRight : nil
    case .home:
      return plain ? .moveLineStart : nil
    case .end:
      return plain ? .moveLineEnd : nil
    case .up:
      return plain ? .moveUp : nil
    case .down:
      return plain ? .moveDown : nil
    case .tab, .escape, .pageUp, .pageDown, .insert, .function:
      return nil
    }
  }

  static func controlEdit(_ character: Character, composerIsEmpty: Bool) -> ComposerEdit? {
    switch character {
    case "a": .moveLineStart
    case "e": .moveLineEnd
    case "b": .moveLeft
    case "f": .moveRight
    case "p": .moveUp
    case "n": .moveDown
    case "h": .deleteBackward
    case "d": composerIsEmpty ? nil : .deleteForward
    case "w": .deleteWordBackward
    case "k": .killToLineEnd
    case "u": .killToLineStart
    case "y": .yank
    case "j", "m": .insertNewline
    default: nil
    }
  }

  static func altEdit(_ character: Character) -> ComposerEdit? {
    switch character {
    case "b": .moveWordLeft
    case "f": .moveWordRight
    case "d": .deleteWordForward
    default: nil
    }
  }
}
