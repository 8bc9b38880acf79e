extension KeyDecoder {
  static let escape: UInt8 = 0x1B

  /// Decodes the one event that starts at `index`: a control key, a character, or
  /// something that starts with ESC.
  static func step(
    _ input: [UInt8], at index: Int, final: Bool, expectingCursorPosition: Bool
  ) -> DecodeStep {
    let byte = input[index]
    if byte == escape {
      return escapeStep(
        input, at: index, final: final, expectingCursorPosition: expectingCursorPosition)
    }
    return keyStep(input, at: index, final: final)
  }

  /// A key that does not start with ESC: a C0 control, DEL, or a UTF-8 character.
  static func keyStep(_ input: [UInt8], at index: Int, final: Bool) -> DecodeStep {
    let byte = input[index]
    if byte < 0x20 || byte == 0x7F {
      return .event(.key(controlKey(byte)), next: index + 1)
    }
    if byte < 0x80 {
      return .event(.key(KeyPress(.character(Character(Unicode.Scalar(byte))))), next: index + 1)
    }
    switch UTF8Scan.scalar(in: input, at: index) {
    case .scalar(let scalar, let length):
      // C1 controls (U+0080…U+009F) stand for no key.
      if scalar.value < 0xA0 {
        return .event(.unknown(Array(input[index..<index + length])), next: index + length)
      }
      return .event(.key(KeyPress(.character(Character(scalar)))), next: index + length)
    case .incomplete:
      if final { return .event(.unknown(Array(input[index...])), next: input.count) }
      return .incomplete
    case .invalid(let length):
      return .event(.unknown(Array(input[index..<index + length])), next: index + length)
    }
  }

  /// The key a C0 control byte or DEL stands for in legacy input.
  ///
  /// | byte | key |
  /// |---|---|
  /// | 0x00 | Ctrl+Space (`" "` with `.control`) |
  /// | 0x08, 0x7F | Backspace |
  /// | 0x09 | Tab |
  /// | 0x0D | Enter |
  /// | 0x1B | Escape |
  /// | 0x01…0x1A otherwise | Ctrl+a…z (0x0A is Ctrl+J, not Enter) |
  /// | 0x1C…0x1F | Ctrl+\ Ctrl+] Ctrl+^ Ctrl+_ |
  static func controlKey(_ byte: UInt8) -> KeyPress {
    switch byte {
    case 0x00: return KeyPress(.character(" "), [.control])
    case 0x08, 0x7F: return KeyPress(.backspace)
    case 0x09: return KeyPress(.tab)
    case 0x0D: return KeyPress(.enter)
    case 0x1B: return KeyPress(.escape)
    case 0x01...0x1A:
      return KeyPress(.character(Character(Unicode.Scalar(byte + 0x60))), [.control])
    default:
      return KeyPress(.character(Character(Unicode.Scalar(byte + 0x40))), [.control])
    }
  }

  /// What follows an ESC: a CSI, SS3 or OSC sequence, or a key with Alt.
  static func escapeStep(
    _ input: [UInt8], at index: Int, final: Bool, expectingCursorPosition: Bool
  ) -> DecodeStep {
    guard index + 1 < input.count else {
      return final ? .event(.key(KeyPress(.escape)), next: index + 1) : .incomplete
    }
    switch input[index + 1] {
    case UInt8(ascii: "["):
      return csiStep(
        input, at: index, final: final, expectingCursorPosition: expectingCursorPosition)
    case UInt8(ascii: "O"):
      return ss3Step(input, at: index, final: final)
    case UInt8(ascii: "]"):
      return oscStep(input, at: index, final: final)
    case escape:
      // ESC ESC: the first is the Escape key, the second starts afresh.
      return .event(.key(KeyPress(.escape)), next: index + 1)
    default:
      return altStep(input, at: index, final: final)
    }
  }

  /// ESC before a key: that key with Alt (ESC b is Alt+B, ESC DEL Alt+Backspace).
  static func altStep(_ input: [UInt8], at index: Int, final: Bool) -> DecodeStep {
    switch keyStep(input, at: index + 1, final: final) {
    case .event(.key(var press), let next):
      press.modifiers.insert(.alt)
      return .event(.key(press), next: next)
    case .event(.unknown(let bytes), let next):
      return .event(.unknown([escape] + bytes), next: next)
    case .event, .pasteStart:
      preconditionFailure("keyStep makes only keys and unknown bytes")
    case .incomplete:
      return .incomplete
    }
  }

  /// An ESC followed by one byte that starts no sequence of its own: that byte as a key
  /// with Alt (`ESC [` alone is Alt+[).
  static func altIntroducer(_ input: [UInt8], at index: Int) -> DecodeStep {
    let character = Character(Unicode.Scalar(input[index + 1]))
    return .event(.key(KeyPress(.character(character), [.alt])), next: index + 2)
  }
}

/// Scans one UTF-8 encoded scalar.
enum UTF8Scan {
  enum Result: Equatable {
    case scalar(Unicode.Scalar, length: Int)
    case incomplete
    /// Bytes that start no valid scalar: `length` of them make one `.unknown`.
    case invalid(length: Int)
  }

  static func scalar(in input: [UInt8], at index: Int) -> Result {
    let lead = input[index]
    let length: Int
    var value: UInt32
    switch lead {
    case 0xC2...0xDF: (length, value) = (2, UInt32(lead & 0x1F))
    case 0xE0...0xEF: (length, value) = (3, UInt32(lead & 0x0F))
    case 0xF0...0xF4: (length, value) = (4, UInt32(lead & 0x07))
    default: return .invalid(length: 1)
    }
    for offset in 1..<length {
      guard index + offset < input.count else { return .incomplete }
      let byte = input[index + offset]
      // The second byte's range excludes overlong forms, surrogates and values past
      // U+10FFFF, so a valid prefix can always be completed.
      let range: ClosedRange<UInt8> =
        switch (offset, lead) {
        case (1, 0xE0): 0xA0...0xBF
        case (1, 0xED): 0x80...0x9F
        case (1, 0xF0): 0x90...0xBF
        case (1, 0xF4): 0x80...0x8F
        default: 0x80...0xBF
        }
      guard range.contains(byte) else { return .invalid(length: offset) }
      value = value << 6 | UInt32(byte & 0x3F)
    }
    guard let scalar = Unicode.Scalar(value) else { return .invalid(length: length) }
    return .scalar(scalar, length: length)
  }
}
