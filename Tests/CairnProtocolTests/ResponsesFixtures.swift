import CairnProtocol
import Foundation

/// The recorded fixtures under Fixtures/: SSE bodies the scripted Responses server sent
/// (the streams real codex 0.147 accepted in CodexAgainstServerTests), and request bodies
/// real codex 0.147 sent to it, with long texts trimmed.
enum ResponsesFixtures {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

  static let streamNames = [
    "text-deltas.sse", "reasoning-function-call.sse", "custom-tool-call.sse", "failed.sse",
    "truncated.sse",
  ]

  static func bytes(_ name: String) throws -> [UInt8] {
    Array(try Data(contentsOf: directory.appendingPathComponent(name)))
  }

  /// Decodes `bytes` fed in the given chunk sizes (the last chunk takes the rest).
  static func events(_ bytes: [UInt8], chunks: [Int] = []) throws -> ([SSEEvent], SSEStreamEnd) {
    var decoder = SSEDecoder()
    var events: [SSEEvent] = []
    var start = 0
    for size in chunks where start < bytes.count {
      let end = min(bytes.count, start + size)
      try decoder.feed(Array(bytes[start..<end])) { events.append($0) }
      start = end
    }
    if start < bytes.count {
      try decoder.feed(Array(bytes[start...])) { events.append($0) }
    }
    return (events, decoder.finish())
  }

  static func streamEvents(_ name: String) throws -> [ResponseStreamEvent] {
    try events(try bytes(name)).0.map(ResponseStreamEventDecoder.decode)
  }
}

/// SplitMix64: a seeded generator, so a failing random split can be reproduced.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var value = state
    value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
    value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
    return value ^ (value >> 31)
  }
}
