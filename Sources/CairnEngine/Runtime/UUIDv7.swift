/// Time-ordered UUIDs (RFC 9562 version 7), the ids Codex gives threads and turns: the
/// Unix time in milliseconds in the top 48 bits, then random bits. Ids made within one
/// millisecond by one generator still sort in order (the random part counts up).
public struct UUIDv7Generator {
  private var random: any RandomNumberGenerator
  private var lastMilliseconds: UInt64 = 0
  private var lastLow: UInt64 = 0
  private var lastMiddle: UInt16 = 0

  public init(random: any RandomNumberGenerator = SystemRandomNumberGenerator()) {
    self.random = random
  }

  /// A new id for the time `unixNanoseconds`.
  public mutating func next(unixNanoseconds: Int64) -> String {
    let milliseconds = UInt64(max(unixNanoseconds, 0) / 1_000_000) & 0xFFFF_FFFF_FFFF
    var middle = UInt16.random(in: 0...0x0FFF, using: &random)
    var low = UInt64.random(in: 0...UInt64.max, using: &random) & 0x3FFF_FFFF_FFFF_FFFF
    if milliseconds <= lastMilliseconds && lastMilliseconds != 0 {
      // Same (or an earlier) millisecond: continue from the last id so the order holds.
      middle = lastMiddle
      low = (lastLow &+ 1) & 0x3FFF_FFFF_FFFF_FFFF
      if low == 0 { middle = (lastMiddle &+ 1) & 0x0FFF }
      return format(lastMilliseconds, middle, low)
    }
    lastMilliseconds = milliseconds
    return format(milliseconds, middle, low)
  }

  private mutating func format(_ milliseconds: UInt64, _ middle: UInt16, _ low: UInt64) -> String {
    lastMiddle = middle
    lastLow = low
    let high = (milliseconds << 16) | 0x7000 | UInt64(middle)
    return Self.format(high: high, low: 0x8000_0000_0000_0000 | low)
  }

  /// The text form of a UUID given as its two 64-bit halves.
  public static func format(high: UInt64, low: UInt64) -> String {
    let hex = Self.hex(high, digits: 16) + Self.hex(low, digits: 16)
    let characters = Array(hex)
    return String(characters[0..<8]) + "-" + String(characters[8..<12]) + "-"
      + String(characters[12..<16]) + "-" + String(characters[16..<20]) + "-"
      + String(characters[20..<32])
  }

  private static func hex(_ value: UInt64, digits: Int) -> String {
    let text = String(value, radix: 16)
    return String(repeating: "0", count: digits - text.count) + text
  }
}
