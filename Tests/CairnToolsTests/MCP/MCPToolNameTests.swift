import Testing

@testable import CairnTools

/// Codex's naming of MCP tools for the model (`mcp__SERVER__TOOL`, sanitized, 64 at most).
struct MCPToolNameTests {
  @Test func sha1MatchesKnownDigests() {
    #expect(SHA1.hexDigest([]) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
    #expect(SHA1.hexDigest(Array("abc".utf8)) == "a9993e364706816aba3e25717850c26c9cd0d89d")
    #expect(
      SHA1.hexDigest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
        == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
  }

  @Test func plainNamesAreJoined() {
    #expect(MCPToolName.qualified(server: "test", tool: "add") == "mcp__test__add")
  }

  @Test func disallowedCharactersBecomeUnderscores() {
    #expect(
      MCPToolName.qualified(server: "docs", tool: "search.pages") == "mcp__docs__search_pages")
    // One `_` per Unicode scalar, as Rust's chars: `é` (U+00E9) and `/` make two.
    #expect(MCPToolName.qualified(server: "d", tool: "\u{E9}/x") == "mcp__d____x")
  }

  @Test func longNamesKeepA24CharacterPrefixAndTheDigestOfTheRawName() {
    let tool = String(repeating: "t", count: 80)
    let raw = "mcp__server__" + tool
    let name = MCPToolName.qualified(server: "server", tool: tool)
    #expect(name.count == 64)
    #expect(name == String(raw.prefix(24)) + SHA1.hexDigest(Array(raw.utf8)))
  }

  @Test func serverNamesFollowCodexPattern() {
    #expect(MCPToolName.isValidServerName("my-server_2"))
    #expect(!MCPToolName.isValidServerName("my server"))
    #expect(!MCPToolName.isValidServerName(""))
  }
}
