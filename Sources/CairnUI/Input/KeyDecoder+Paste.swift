extension KeyDecoder {
  /// `ESC[201~`, which ends a bracketed paste.
  static let pasteEnd: [UInt8] = [0x1B, 0x5B, 0x32, 0x30, 0x31, 0x7E]

  /// Reads paste content from `index`; returns where decoding goes on (after `ESC[201~`, or
  /// the end of the input while the paste is still open).
  mutating func consumePaste(_ input: [UInt8], from index: Int, into events: inout [InputEvent])
    -> Int
  {
    guard var open = paste else { return index }
    paste = nil
    defer { if open.isOpen { paste = open } }
    var cursor = index
    while cursor < input.count {
      if open.matched == 0 {
        // Copy the run up to the next ESC whole: pastes can be megabytes.
        let run = input[cursor...].firstIndex(of: KeyDecoder.escape) ?? input.count
        open.append(input[cursor..<run], into: &events)
        cursor = run
        guard cursor < input.count else { break }
        open.matched = 1
        cursor += 1
        continue
      }
      if input[cursor] == KeyDecoder.pasteEnd[open.matched] {
        open.matched += 1
        cursor += 1
        if open.matched == KeyDecoder.pasteEnd.count {
          events.append(contentsOf: open.finished(withHeldTerminator: false))
          return cursor
        }
      } else {
        // Not the end after all: the held bytes were content. The byte is looked at again.
        let held = KeyDecoder.pasteEnd[0..<open.matched]
        open.matched = 0
        open.append(held, into: &events)
      }
    }
    return cursor
  }
}

/// A bracketed paste being read.
struct PasteInProgress: Sendable {
  /// The longest `.paste` event in bytes.
  let bytesMax: Int
  /// Content not yet delivered; at most `bytesMax` bytes between calls.
  var content: [UInt8] = []
  /// How many bytes of `ESC[201~` have been seen and held back.
  var matched = 0
  /// Whether part of this paste has been delivered already.
  var delivered = false
  /// False once the paste has ended.
  var isOpen = true

  init(bytesMax: Int) { self.bytesMax = bytesMax }

  /// Adds content; delivers `bytesMax`-byte pieces while there is more than that. A piece
  /// ends on a UTF-8 boundary and never between a CR and the LF after it, so each piece
  /// converts on its own just as the whole would.
  mutating func append(_ bytes: some Collection<UInt8>, into events: inout [InputEvent]) {
    content.append(contentsOf: bytes)
    while content.count > bytesMax {
      var end = bytesMax
      // Back off continuation bytes (at most 3) so the piece ends on a scalar boundary.
      while end > bytesMax - 3 && content[end] & 0xC0 == 0x80 { end -= 1 }
      if content[end - 1] == 0x0D { end -= 1 }
      events.append(.paste(PasteInProgress.text(content[..<end])))
      content.removeFirst(end)
      delivered = true
    }
  }

  /// The last events of this paste: its remaining content (and, when it ends without its
  /// terminator, the terminator bytes held back, which were content after all).
  mutating func finished(withHeldTerminator: Bool) -> [InputEvent] {
    var events: [InputEvent] = []
    isOpen = false
    if withHeldTerminator { append(KeyDecoder.pasteEnd[0..<matched], into: &events) }
    matched = 0
    if !content.isEmpty || !delivered {
      events.append(.paste(PasteInProgress.text(content[...])))
      content = []
    }
    return events
  }

  /// Pasted bytes as text: invalid UTF-8 becomes U+FFFD, CRLF and CR become LF.
  static func text(_ bytes: ArraySlice<UInt8>) -> String {
    guard bytes.contains(0x0D) else { return String(decoding: bytes, as: UTF8.self) }
    var normalized: [UInt8] = []
    normalized.reserveCapacity(bytes.count)
    var previousWasCR = false
    for byte in bytes {
      if byte == 0x0A && previousWasCR {
        previousWasCR = false
        continue
      }
      previousWasCR = byte == 0x0D
      normalized.append(previousWasCR ? 0x0A : byte)
    }
    return String(decoding: normalized, as: UTF8.self)
  }
}
