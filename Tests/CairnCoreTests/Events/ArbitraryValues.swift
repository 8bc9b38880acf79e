import CairnCore

/// A seeded source of arbitrary field values, for property tests of every event kind.
/// Strings mix ASCII, multi-byte UTF-8 and control characters; sizes stay small.
struct ArbitraryValues: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var mixed = state
    mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
    mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
    return mixed ^ (mixed >> 31)
  }

  mutating func chance() -> Bool { next() & 1 == 1 }

  private static let pieces = [
    "a", "Z", "0", " ", "\n", "\t", "\"", "\\", "é", "日本", "🌍", "\u{1}", "{}", "sk",
  ]

  mutating func string() -> String {
    let count = Int(next() % 12)
    var text = ""
    for _ in 0..<count { text += Self.pieces[Int(next() % UInt64(Self.pieces.count))] }
    return text
  }

  mutating func bytes() -> [UInt8] {
    (0..<Int(next() % 40)).map { _ in UInt8(truncatingIfNeeded: next()) }
  }

  /// Integers biased to the edges of their type.
  mutating func integer<T: FixedWidthInteger>(_ type: T.Type) -> T {
    switch next() % 5 {
    case 0: return T.min
    case 1: return T.max
    case 2: return 0
    default: return T(truncatingIfNeeded: next())
    }
  }

  mutating func list<T>(_ make: (inout ArbitraryValues) -> T) -> [T] {
    (0..<Int(next() % 4)).map { _ in make(&self) }
  }
}
