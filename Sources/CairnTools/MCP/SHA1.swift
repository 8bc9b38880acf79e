import Crypto

/// SHA-1, for the one place Codex uses it: the suffix that keeps an over-long MCP tool name
/// unique (`MCPToolName`). Not for anything that needs a secure hash.
enum SHA1 {
  /// The lowercase hex digest of `bytes`, e.g. `da39a3ee5e6b4b0d3255bfef95601890afd80709`
  /// for nothing.
  static func hexDigest(_ bytes: [UInt8]) -> String {
    Insecure.SHA1.hash(data: bytes).map { byte in
      let hex = String(byte, radix: 16)
      return byte < 16 ? "0" + hex : hex
    }.joined()
  }
}
