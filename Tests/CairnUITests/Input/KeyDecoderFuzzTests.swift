import Testing

@testable import CairnUI

/// A seeded generator, so a failing case can be reproduced from its seed.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Random input and random splits: decoding in pieces equals decoding at once, and nothing
/// crashes, hangs or grows past its bound.
@Suite struct KeyDecoderFuzzTests {
  /// Fragments that steer random input into the decoder's corners.
  static let fragments: [[UInt8]] = [
    [0x1B], [0x1B, 0x5B], [0x1B, 0x4F], [0x1B, 0x5D], Array("[200~".utf8), Array("[201~".utf8),
    Array("\u{1B}[200~".utf8), Array("\u{1B}[201~".utf8), Array("1;5".utf8), Array(";".utf8),
    Array(":".utf8), Array("u".utf8), Array("~".utf8), Array("?".utf8), Array("R".utf8),
    Array("c".utf8), Array("11;rgb:ff/ff/ff".utf8), [0x07], Array("\\".utf8), [0x0D], [0x0A],
    [0x7F], [0x03], Array("é".utf8), Array("日".utf8), Array("👩‍💻".utf8), [0xF0, 0x9F],
    [0xE6], [0x80], [0xFF], Array("abc".utf8), Array("57399".utf8),
  ]

  static func randomInput(_ generator: inout SeededGenerator, length: Int) -> [UInt8] {
    var bytes: [UInt8] = []
    while bytes.count < length {
      if Bool.random(using: &generator) {
        bytes.append(UInt8.random(in: 0...255, using: &generator))
      } else {
        bytes += fragments.randomElement(using: &generator)!
      }
    }
    return bytes
  }

  static func kind(of event: InputEvent) -> String {
    switch event {
    case .key: "key"
    case .paste: "paste"
    case .focusGained, .focusLost: "focus"
    case .cursorPosition: "cursorPosition"
    case .keyboardFlags: "keyboardFlags"
    case .deviceAttributes: "deviceAttributes"
    case .colorReply: "colorReply"
    case .unknown: "unknown"
    }
  }

  static func decodeInPieces(
    _ bytes: [UInt8], _ generator: inout SeededGenerator, decoder: KeyDecoder
  ) -> (events: [InputEvent], decoder: KeyDecoder) {
    var decoder = decoder
    var events: [InputEvent] = []
    var start = 0
    var pendingMax = 0
    while start < bytes.count {
      let end = min(bytes.count, start + Int.random(in: 1...40, using: &generator))
      events += decoder.feed(bytes[start..<end], at: 0)
      pendingMax = max(pendingMax, decoder.pending.count)
      start = end
    }
    #expect(pendingMax < KeyDecoder.sequenceBytesMax)
    events += decoder.expire(at: Int64.max / 2)
    return (events, decoder)
  }

  @Test(arguments: 0..<8)
  func piecesDecodeLikeTheWhole(seed: UInt64) {
    var generator = SeededGenerator(seed: seed)
    var kinds = Set<String>()
    for round in 0..<150 {
      let bytes = KeyDecoderFuzzTests.randomInput(
        &generator, length: Int.random(in: 0...600, using: &generator))
      let expectingReport = Bool.random(using: &generator)
      var decoder = KeyDecoder(pasteBytesMax: Int.random(in: 16...64, using: &generator))
      decoder.expectingCursorPosition = expectingReport
      let whole = decodeAll(bytes, decoder: decoder)
      let (pieces, after) = KeyDecoderFuzzTests.decodeInPieces(bytes, &generator, decoder: decoder)
      #expect(pieces == whole, "seed \(seed) round \(round)")
      #expect(after.deadline == nil)
      #expect(after.pending.isEmpty)
      #expect(after.paste == nil)
      for event in whole {
        kinds.insert(KeyDecoderFuzzTests.kind(of: event))
        if case .paste(let text) = event {
          // The bound counts bytes as received; each gives at most one scalar (invalid
          // ones become U+FFFD, three bytes of UTF-8).
          #expect(text.unicodeScalars.count <= decoder.pasteBytesMax)
          #expect(!text.utf8.contains(0x0D))
        }
      }
    }
    // The input reaches the decoder's corners, not just plain characters.
    #expect(kinds.isSuperset(of: ["key", "paste", "unknown"]), "\(kinds)")
  }

  @Test func purelyRandomBytesNeverCrash() {
    var generator = SeededGenerator(seed: 0xC0FFEE)
    var decoder = KeyDecoder()
    var time: Int64 = 0
    var eventCount = 0
    for _ in 0..<2_000 {
      let count = Int.random(in: 0...64, using: &generator)
      let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
      time += Int64.random(in: 0...10_000_000, using: &generator)
      eventCount += decoder.feed(bytes, at: time).count
      if let deadline = decoder.deadline, Bool.random(using: &generator) {
        eventCount += decoder.expire(at: deadline).count
      }
      #expect(decoder.pending.count < KeyDecoder.sequenceBytesMax)
    }
    #expect(eventCount > 10_000)
  }
}
