/// Where bytes stop being UTF-8, told in the words Rust's `from_utf8` uses (Codex reads
/// files with it, and the model sees its message when a file to update is not text).
enum UTF8Check {
  /// Nil for valid UTF-8; else e.g. `invalid utf-8 sequence of 1 bytes from index 4` or
  /// `incomplete utf-8 byte sequence from index 9`.
  static func problem(_ bytes: [UInt8]) -> String? {
    var index = 0
    while index < bytes.count {
      let lead = bytes[index]
      if lead < 0x80 {
        index += 1
        continue
      }
      // The continuation bytes the lead needs, and the range its first one must be in
      // (which rules out overlong forms, surrogates and values past U+10FFFF).
      let needed: Int
      let secondRange: ClosedRange<UInt8>
      switch lead {
      case 0xC2...0xDF: (needed, secondRange) = (1, 0x80...0xBF)
      case 0xE0: (needed, secondRange) = (2, 0xA0...0xBF)
      case 0xE1...0xEC, 0xEE...0xEF: (needed, secondRange) = (2, 0x80...0xBF)
      case 0xED: (needed, secondRange) = (2, 0x80...0x9F)
      case 0xF0: (needed, secondRange) = (3, 0x90...0xBF)
      case 0xF1...0xF3: (needed, secondRange) = (3, 0x80...0xBF)
      case 0xF4: (needed, secondRange) = (3, 0x80...0x8F)
      default: return "invalid utf-8 sequence of 1 bytes from index \(index)"
      }
      for offset in 1...needed {
        guard index + offset < bytes.count else {
          return "incomplete utf-8 byte sequence from index \(index)"
        }
        let byte = bytes[index + offset]
        let valid = offset == 1 ? secondRange.contains(byte) : (0x80...0xBF).contains(byte)
        guard valid else {
          return "invalid utf-8 sequence of \(offset) bytes from index \(index)"
        }
      }
      index += needed + 1
    }
    return nil
  }
}
