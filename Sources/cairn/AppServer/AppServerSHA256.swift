import Crypto

/// SHA-256, for the config versions `config/read` reports and `config/value/write` checks.
enum AppServerSHA256 {
  /// The lowercase hex digest of `bytes`.
  static func hex(_ bytes: [UInt8]) -> String {
    SHA256.hash(data: bytes).map { byte in
      let hex = String(byte, radix: 16)
      return byte < 16 ? "0" + hex : hex
    }.joined()
  }
}
