/// The kitty keyboard protocol's `CSI code[:shifted[:base]] ; modifiers[:event] [; text] u`
/// (https://sw.kovidgoyal.net/kitty/keyboard-protocol/), as the driver pushes it with flags
/// 7: disambiguate escape codes (1), report event types (2), report alternate keys (4).
///
/// | sequence | key |
/// |---|---|
/// | `13u`, `13;2u` | Enter, Shift+Enter |
/// | `9u`, `27u`, `127u` | Tab, Escape, Backspace |
/// | `99;5u` | Ctrl+C (`.character("c")`, `.control`) |
/// | `97:65;2u` | Shift+A: `.character("A")`, `.shift` (the shifted key when reported) |
/// | `97;1:3u` | A released (`kind: .release`); `:2` is a repeat |
/// | `57376u`…`57398u` | F13…F35 |
/// | `57399u`…`57416u` | keypad 0…9 . / * - + Enter = , as the keys they stand for |
/// | `57417u`…`57426u` | keypad ← → ↑ ↓ PgUp PgDn Home End Insert Delete |
///
/// Other private-use codes (lock and modifier keys, media keys, keypad Begin; sent only
/// with flag 8, which Cairn does not push) decode as `.unknown`.
enum KittyKeys {
  static func key(_ parameters: CSIParameters) -> KeyPress? {
    let codes = parameters.field(0)
    guard let code = codes.first ?? nil else { return nil }
    var press = KeyDecoder.modifierField(parameters.field(1))
    let shifted = codes.count > 1 ? codes[1] : nil
    guard let key = key(code: code, shifted: press.modifiers.contains(.shift) ? shifted : nil)
    else { return nil }
    press.key = key
    return press
  }

  static func key(code: Int, shifted: Int?) -> Key? {
    switch code {
    case 9: return .tab
    case 13: return .enter
    case 27: return .escape
    case 8, 127: return .backspace
    case 57376...57398: return .function(code - 57376 + 13)
    case 57399...57416:
      let keypad = Array("0123456789./*-+\r=,")
      let character = keypad[code - 57399]
      return character == "\r" ? .enter : .character(character)
    case 57417...57426:
      let keys: [Key] = [
        .left, .right, .up, .down, .pageUp, .pageDown, .home, .end, .insert, .delete,
      ]
      return keys[code - 57417]
    case 0xE000...0xF8FF, 0..<0x20, 0x7F..<0xA0:
      return nil
    default:
      guard let scalar = Unicode.Scalar(UInt32(clamping: shifted ?? code)) else { return nil }
      return .character(Character(scalar))
    }
  }
}
