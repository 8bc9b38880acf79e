import ArgumentParser
import CairnCodex

/// `cairn mcp-server`: Cairn itself as an MCP server on stdio.
struct McpServerCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "mcp-server", abstract: "Serve Cairn's agent as an MCP server on stdin/stdout.")

  static let codexParity = CodexParity.notSupported(reason: "Cairn's MCP server is not built yet")

  @OptionGroup var strictConfig: CodexStrictConfigOption
}
