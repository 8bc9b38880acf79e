import CairnCore
import CairnLogFormat

/// Codex thread ids: UUIDs (UUIDv7 since 0.46). An exported session keeps its id when it
/// is one (every imported session); any other id maps to a UUIDv7-shaped id derived from
/// the session id and its creation time, the same on every export.
public enum CodexThreadID {
  /// Whether `text` is a UUID in the 8-4-4-4-12 lowercase or uppercase hex form.
  public static func isUUID(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    guard bytes.count == 36 else { return false }
    for (index, byte) in bytes.enumerated() {
      if [8, 13, 18, 23].contains(index) {
        if byte != UInt8(ascii: "-") { return false }
      } else if !isHexDigit(byte) {
        return false
      }
    }
    return true
  }

  /// A UUIDv7-shaped id: the creation time in milliseconds in the top 48 bits, version 7,
  /// the RFC 4122 variant, and the rest from XXH3 hashes of the session id.
  public static func derived(from sessionID: SessionID, createdAtNanoseconds: Int64) -> String {
    let milliseconds = UInt64(max(createdAtNanoseconds, 0) / 1_000_000) & 0xFFFF_FFFF_FFFF
    let bytes = Array(sessionID.rawValue.utf8)
    let high = Checksum.xxh3(bytes, seed: 0x7C0D)
    let low = Checksum.xxh3(bytes, seed: 0xE7A0)
    let first = (milliseconds << 16) | 0x7000 | (high & 0x0FFF)
    let second = (0b10 << 62) | (low & 0x3FFF_FFFF_FFFF_FFFF)
    let text = hex16(first) + hex16(second)
    let chars = Array(text)
    return String(chars[0..<8]) + "-" + String(chars[8..<12]) + "-" + String(chars[12..<16])
      + "-" + String(chars[16..<20]) + "-" + String(chars[20..<32])
  }

  private static func hex16(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }

  private static func isHexDigit(_ byte: UInt8) -> Bool {
    (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 70) || (byte >= 97 && byte <= 102)
  }
}
