/// SHA-1 (FIPS 180-4), for the one place Codex uses it: the suffix that keeps an over-long
/// MCP tool name unique (`MCPToolName`). Not for anything that needs a secure hash.
enum SHA1 {
  /// The lowercase hex digest of `bytes`, e.g. `da39a3ee5e6b4b0d3255bfef95601890afd80709`
  /// for nothing.
  static func hexDigest(_ bytes: [UInt8]) -> String {
    var state: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
    var message = bytes
    let bitLength = UInt64(bytes.count) &* 8
    message.append(0x80)
    while message.count % 64 != 56 { message.append(0) }
    for shift in stride(from: 56, through: 0, by: -8) {
      message.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
    }
    var words = [UInt32](repeating: 0, count: 80)
    for blockStart in stride(from: 0, to: message.count, by: 64) {
      for index in 0..<16 {
        let offset = blockStart + index * 4
        words[index] =
          UInt32(message[offset]) << 24 | UInt32(message[offset + 1]) << 16
          | UInt32(message[offset + 2]) << 8 | UInt32(message[offset + 3])
      }
      for index in 16..<80 {
        words[index] = rotate(
          words[index - 3] ^ words[index - 8] ^ words[index - 14] ^ words[index - 16], by: 1)
      }
      var (a, b, c, d, e) = (state[0], state[1], state[2], state[3], state[4])
      for index in 0..<80 {
        let mixed: UInt32
        let constant: UInt32
        switch index {
        case 0..<20:
          mixed = (b & c) | (~b & d)
          constant = 0x5A82_7999
        case 20..<40:
          mixed = b ^ c ^ d
          constant = 0x6ED9_EBA1
        case 40..<60:
          mixed = (b & c) | (b & d) | (c & d)
          constant = 0x8F1B_BCDC
        default:
          mixed = b ^ c ^ d
          constant = 0xCA62_C1D6
        }
        let next = rotate(a, by: 5) &+ mixed &+ e &+ constant &+ words[index]
        (e, d, c, b, a) = (d, c, rotate(b, by: 30), a, next)
      }
      state[0] &+= a
      state[1] &+= b
      state[2] &+= c
      state[3] &+= d
      state[4] &+= e
    }
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    for word in state {
      for shift in stride(from: 28, through: 0, by: -4) {
        out.append(digits[Int((word >> UInt32(shift)) & 0xF)])
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  private static func rotate(_ value: UInt32, by count: UInt32) -> UInt32 {
    value << count | value >> (32 - count)
  }
}
