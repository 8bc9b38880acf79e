import CairnLogFormat
import Testing

// Helpers shared by the format tests. The format target has no random number generator
// of its own, so the tests carry a copy of SplitMix64 (the same constants as the store's).

/// A seeded SplitMix64 generator, so every test input is reproducible from its seed.
struct SeededRandom: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var mixed = state
    mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
    mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
    return mixed ^ (mixed >> 31)
  }

  /// A value in `0..<bound`.
  mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

  /// `count` bytes of noise, which LZ4 cannot compress.
  mutating func bytes(_ count: Int) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: count)
    var index = 0
    while index < count {
      var word = next()
      for _ in 0..<8 where index < count {
        out[index] = UInt8(truncatingIfNeeded: word)
        word >>= 8
        index += 1
      }
    }
    return out
  }

  /// `count` bytes of words from a small vocabulary, which LZ4 compresses well.
  mutating func text(_ count: Int) -> [UInt8] {
    let words: [[UInt8]] = ["alpha ", "block ", "cairn ", "delta ", "event ", "frame "].map {
      Array($0.utf8)
    }
    var out: [UInt8] = []
    out.reserveCapacity(count + 8)
    while out.count < count { out.append(contentsOf: words[below(words.count)]) }
    out.removeLast(out.count - count)
    return out
  }
}

/// The defect `body` throws, or nil when it returns normally. Any other error fails the
/// test: the format code throws nothing but `FormatDefect`.
func defect<T>(_ body: () throws -> T) -> FormatDefect? {
  switch attempt(body) {
  case .success: return nil
  case .failure(let defect): return defect
  }
}

/// The value `body` returns or the defect it throws.
func attempt<T>(_ body: () throws -> T) -> Result<T, FormatDefect> {
  do {
    return .success(try body())
  } catch let defect as FormatDefect {
    return .failure(defect)
  } catch {
    Issue.record("expected a FormatDefect, got \(error)")
    return .failure(.malformedRecords(reason: "unexpected error \(error)"))
  }
}

extension FormatDefect {
  /// The case without its payload, for asserting the kind of a defect whose payload (a
  /// computed checksum, say) the test cannot know in advance.
  var caseName: String {
    switch self {
    case .incomplete: return "incomplete"
    case .badMagic: return "badMagic"
    case .badField: return "badField"
    case .unsupportedVersion: return "unsupportedVersion"
    case .lengthOutOfRange: return "lengthOutOfRange"
    case .checksumMismatch: return "checksumMismatch"
    case .decompressionFailed: return "decompressionFailed"
    case .malformedRecords: return "malformedRecords"
    }
  }
}

extension Array where Element == UInt8 {
  /// Overwrites a little-endian field at `offset`.
  mutating func storeLE<T: FixedWidthInteger>(_ value: T, at offset: Int) {
    Swift.withUnsafeBytes(of: value.littleEndian) { bytes in
      for (index, byte) in bytes.enumerated() { self[offset + index] = byte }
    }
  }

  /// Reads a little-endian field at `offset`.
  func loadLE<T: FixedWidthInteger>(at offset: Int, as type: T.Type) -> T {
    var value: T = 0
    for index in 0..<MemoryLayout<T>.size {
      value |= T(self[offset + index]) << (8 * index)
    }
    return value
  }

  /// A copy with bit `bit` (0 = least significant bit of byte 0) inverted.
  func flippingBit(_ bit: Int) -> [UInt8] {
    var copy = self
    copy[bit / 8] ^= UInt8(1) << UInt8(bit % 8)
    return copy
  }
}

/// The ASCII bytes of a magic number or other fixed text.
func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }
