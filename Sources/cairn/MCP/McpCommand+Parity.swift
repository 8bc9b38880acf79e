import CairnCodex

// `mcp list|get|add|remove` behave as Codex 0.147's, with the differences docs/MCP.md
// lists (secrets masked in --json too; edits touch only the server named). The global
// -c/--enable/--disable they take are the root's.
private let globalOverrides: [String: CodexParity] = [
  "--config": .implemented, "--enable": .implemented, "--disable": .implemented,
]

extension McpCommand: CodexParityDescribed {
  static var codexParity: CodexParity { .partial(missing: "mcp login and mcp logout (OAuth)") }
  static var codexArgumentParity: [String: CodexParity] { globalOverrides }
}

extension McpListCommand: CodexParityDescribed {
  static var codexParity: CodexParity { .implemented }
  static var codexArgumentParity: [String: CodexParity] { globalOverrides }
}

extension McpGetCommand: CodexParityDescribed {
  static var codexParity: CodexParity { .implemented }
  static var codexArgumentParity: [String: CodexParity] { globalOverrides }
}

extension McpAddCommand: CodexParityDescribed {
  static var codexParity: CodexParity { .implemented }
  static var codexArgumentParity: [String: CodexParity] {
    globalOverrides.merging([
      "--oauth-client-id": .notSupported(reason: "OAuth for MCP servers is not built yet"),
      "--oauth-resource": .notSupported(reason: "OAuth for MCP servers is not built yet"),
    ]) { $1 }
  }
}

extension McpRemoveCommand: CodexParityDescribed {
  static var codexParity: CodexParity { .implemented }
  static var codexArgumentParity: [String: CodexParity] { globalOverrides }
}
