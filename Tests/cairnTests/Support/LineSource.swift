import CairnStore

/// A seeded stream of input lines for `cairn log append`: lengths from 0 to 2,000 bytes,
/// some compressible text and some random bytes, never a newline inside.
struct LineSource {
  private var random: SplitMix64

  init(seed: UInt64) { random = SplitMix64(seed: seed) }

  mutating func below(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }

  mutating func next() -> [UInt8] {
    let length: Int
    switch below(8) {
    case 0: length = below(17)  // empty and tiny lines
    case 1, 2: length = 1_200 + below(801)  // larger than a 512-byte block
    default: length = 17 + below(600)
    }
    if below(2) == 0 {
      // Text that LZ4 compresses: words from a small vocabulary.
      let words = ["tool_call", "output", "delta", "{\"tokens\":", "42}", "reasoning", " "]
      var line: [UInt8] = []
      while line.count < length { line += Array(words[below(words.count)].utf8) }
      return Array(line.prefix(length))
    }
    // Random bytes, invalid UTF-8 included, with newlines replaced.
    var line = [UInt8](repeating: 0, count: length)
    for index in line.indices {
      let byte = UInt8(truncatingIfNeeded: random.next())
      line[index] = byte == UInt8(ascii: "\n") ? 0x0B : byte
    }
    return line
  }
}

/// Lines joined with a newline after each.
func joinedLines(_ lines: [[UInt8]]) -> [UInt8] {
  var bytes: [UInt8] = []
  for line in lines {
    bytes += line
    bytes.append(UInt8(ascii: "\n"))
  }
  return bytes
}
