extension KeyDecoder {
  /// `ESC [` parameters, intermediates, a final byte: a CSI sequence.
  static func csiStep(
    _ input: [UInt8], at index: Int, final: Bool, expectingCursorPosition: Bool
  ) -> DecodeStep {
    var cursor = index + 2
    while cursor < input.count {
      if cursor - index >= sequenceBytesMax { return cut(input, at: index) }
      let byte = input[cursor]
      if (0x40...0x7E).contains(byte) {
        if byte == UInt8(ascii: "[") && cursor == index + 2 {
          return linuxConsoleFunctionKey(input, at: index, final: final)
        }
        let sequence = Array(input[index...cursor])
        let parameters = CSIParameters(input[(index + 2)..<cursor])
        let next = cursor + 1
        guard
          let decoded = decodeCSI(
            parameters, final: byte, expectingCursorPosition: expectingCursorPosition)
        else {
          return .event(.unknown(sequence), next: next)
        }
        switch decoded {
        case .event(let event): return .event(event, next: next)
        case .pasteStart: return .pasteStart(next: next)
        }
      }
      if byte < 0x20 || byte > 0x7E {
        // Not a CSI after all: what came before is unknown, the byte starts afresh.
        if cursor == index + 2 { return altIntroducer(input, at: index) }
        return .event(.unknown(Array(input[index..<cursor])), next: cursor)
      }
      cursor += 1
    }
    if input.count - index >= sequenceBytesMax { return cut(input, at: index) }
    if !final { return .incomplete }
    if cursor == index + 2 { return altIntroducer(input, at: index) }
    return .event(.unknown(Array(input[index...])), next: input.count)
  }

  /// The first `sequenceBytesMax` bytes of an unterminated sequence, given back as unknown.
  static func cut(_ input: [UInt8], at index: Int) -> DecodeStep {
    let end = index + sequenceBytesMax
    return .event(.unknown(Array(input[index..<end])), next: end)
  }

  /// The Linux console's F1…F5: `ESC [ [ A` … `ESC [ [ E`.
  static func linuxConsoleFunctionKey(_ input: [UInt8], at index: Int, final: Bool)
    -> DecodeStep
  {
    guard index + 3 < input.count else {
      if final { return .event(.unknown(Array(input[index...])), next: input.count) }
      return .incomplete
    }
    let letter = input[index + 3]
    guard (UInt8(ascii: "A")...UInt8(ascii: "E")).contains(letter) else {
      return .event(.unknown(Array(input[index..<index + 3])), next: index + 3)
    }
    let number = Int(letter - UInt8(ascii: "A")) + 1
    return .event(.key(KeyPress(.function(number))), next: index + 4)
  }

  /// What a complete CSI sequence means; nil when nothing we know.
  enum CSIMeaning {
    case event(InputEvent)
    case pasteStart
  }

  static func decodeCSI(
    _ parameters: CSIParameters, final: UInt8, expectingCursorPosition: Bool
  ) -> CSIMeaning? {
    guard !parameters.hasIntermediates else { return nil }
    switch (parameters.marker, final) {
    case (UInt8(ascii: "?"), UInt8(ascii: "u")):
      return .event(.keyboardFlags(UInt8(clamping: parameters.value(0) ?? 0)))
    case (UInt8(ascii: "?"), UInt8(ascii: "c")):
      return .event(.deviceAttributes)
    case (nil, UInt8(ascii: "u")):
      return KittyKeys.key(parameters).map { .event(.key($0)) }
    case (nil, UInt8(ascii: "~")):
      if parameters.value(0) == 200 && parameters.fields.count == 1 { return .pasteStart }
      return tildeKey(parameters).map { .event(.key($0)) }
    case (nil, UInt8(ascii: "R")):
      return cursorReportOrF3(parameters, expectingCursorPosition: expectingCursorPosition)
        .map { .event($0) }
    case (nil, UInt8(ascii: "I")) where parameters.fields.isEmpty:
      return .event(.focusGained)
    case (nil, UInt8(ascii: "O")) where parameters.fields.isEmpty:
      return .event(.focusLost)
    case (nil, UInt8(ascii: "Z")):
      return modifiedKey(.tab, parameters, adding: .shift).map { .event(.key($0)) }
    case (nil, _):
      guard let key = letterKey(final) else { return nil }
      return modifiedKey(key, parameters).map { .event(.key($0)) }
    default:
      return nil
    }
  }

  /// The keys of `CSI 1 ; modifiers <letter>` and `SS3 <letter>`.
  static func letterKey(_ letter: UInt8) -> Key? {
    switch letter {
    case UInt8(ascii: "A"): .up
    case UInt8(ascii: "B"): .down
    case UInt8(ascii: "C"): .right
    case UInt8(ascii: "D"): .left
    case UInt8(ascii: "H"): .home
    case UInt8(ascii: "F"): .end
    case UInt8(ascii: "P"): .function(1)
    case UInt8(ascii: "Q"): .function(2)
    case UInt8(ascii: "R"): .function(3)
    case UInt8(ascii: "S"): .function(4)
    default: nil
    }
  }

  /// A key with the modifiers and event kind of field 1 (`5`, `5:3`); nil when the first
  /// field is neither empty nor 1 (then it is not a key encoding we know).
  static func modifiedKey(_ key: Key, _ parameters: CSIParameters, adding extra: KeyModifiers = [])
    -> KeyPress?
  {
    if let first = parameters.value(0), first != 1 { return nil }
    var press = modifierField(parameters.field(1))
    press.key = key
    press.modifiers.formUnion(extra)
    return press
  }

  /// `modifiers:event` → a press (with a placeholder key) carrying them.
  static func modifierField(_ field: [Int?]) -> KeyPress {
    let encoded = (field.first ?? nil) ?? 1
    let bits = UInt8(truncatingIfNeeded: max(encoded - 1, 0)) & 0x0F
    let kind: KeyEventKind =
      switch field.count > 1 ? field[1] : nil {
      case 2: .repeat
      case 3: .release
      default: .press
      }
    return KeyPress(.escape, KeyModifiers(rawValue: bits), kind: kind)
  }

  /// `CSI number ; modifiers ~`: the editing keypad and function keys (xterm, vt220, rxvt,
  /// and kitty, which sends F3 as `13~`).
  static func tildeKey(_ parameters: CSIParameters) -> KeyPress? {
    guard let number = parameters.value(0) else { return nil }
    let key: Key
    switch number {
    case 1, 7: key = .home
    case 2: key = .insert
    case 3: key = .delete
    case 4, 8: key = .end
    case 5: key = .pageUp
    case 6: key = .pageDown
    case 11...15: key = .function(number - 10)
    case 17...21: key = .function(number - 11)
    case 23...26: key = .function(number - 12)
    case 28, 29: key = .function(number - 13)
    case 31...34: key = .function(number - 14)
    default: return nil
    }
    var press = modifierField(parameters.field(1))
    press.key = key
    return press
  }

  /// `CSI r ; c R` is a cursor position report, unless it can be F3 (`CSI 1 ; m R`) and no
  /// report is expected.
  static func cursorReportOrF3(_ parameters: CSIParameters, expectingCursorPosition: Bool)
    -> InputEvent?
  {
    let fields = parameters.fields
    if fields.count == 2, let row = parameters.value(0), let column = parameters.value(1),
      expectingCursorPosition || row != 1
    {
      return .cursorPosition(row: row, column: column)
    }
    return modifiedKey(.function(3), parameters).map { .key($0) }
  }

  /// `ESC O` then a key: xterm's application cursor and keypad keys, F1…F4.
  static func ss3Step(_ input: [UInt8], at index: Int, final: Bool) -> DecodeStep {
    var cursor = index + 2
    var modifier: Int?
    while cursor < input.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(input[cursor]) {
      if cursor - index >= 8 { return .event(.unknown(Array(input[index..<cursor])), next: cursor) }
      modifier = (modifier ?? 0) * 10 + Int(input[cursor] - UInt8(ascii: "0"))
      cursor += 1
    }
    guard cursor < input.count else {
      if !final { return .incomplete }
      if cursor == index + 2 { return altIntroducer(input, at: index) }
      return .event(.unknown(Array(input[index...])), next: input.count)
    }
    let letter = input[cursor]
    guard let key = ss3Key(letter) else {
      if modifier == nil { return altIntroducer(input, at: index) }
      return .event(.unknown(Array(input[index...cursor])), next: cursor + 1)
    }
    var press = modifierField([modifier])
    press.key = key
    return .event(.key(press), next: cursor + 1)
  }

  static func ss3Key(_ letter: UInt8) -> Key? {
    if let key = letterKey(letter) { return key }
    switch letter {
    case UInt8(ascii: "M"): return .enter
    case UInt8(ascii: "X"): return .character("=")
    case UInt8(ascii: "j")...UInt8(ascii: "y"):
      let keypad = Array("*+,-./0123456789")
      return .character(keypad[Int(letter - UInt8(ascii: "j"))])
    default: return nil
    }
  }
}

/// The parameters of a CSI sequence: an optional private marker (`?`, `>`, `<`, `=`), then
/// fields split by `;`, each split by `:` into numbers (nil where empty).
struct CSIParameters {
  var marker: UInt8?
  var fields: [[Int?]] = []
  /// Bytes 0x20…0x2F (or stray markers) appeared: not a sequence we decode.
  var hasIntermediates = false

  /// Numbers stop growing here, so a long run of digits cannot overflow.
  static let valueMax = 1 << 24

  init(_ bytes: ArraySlice<UInt8>) {
    var rest = bytes[...]
    if let first = rest.first, (0x3C...0x3F).contains(first) {
      marker = first
      rest = rest.dropFirst()
    }
    guard !rest.isEmpty else { return }
    var field: [Int?] = []
    var value: Int?
    for byte in rest {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        value = min((value ?? 0) * 10 + Int(byte - UInt8(ascii: "0")), CSIParameters.valueMax)
      case UInt8(ascii: ":"):
        field.append(value)
        value = nil
      case UInt8(ascii: ";"):
        field.append(value)
        fields.append(field)
        field = []
        value = nil
      default:
        hasIntermediates = true
      }
    }
    field.append(value)
    fields.append(field)
  }

  /// Field `index` (empty when absent).
  func field(_ index: Int) -> [Int?] { index < fields.count ? fields[index] : [] }

  /// The first number of field `index`.
  func value(_ index: Int) -> Int? { field(index).first ?? nil }
}
