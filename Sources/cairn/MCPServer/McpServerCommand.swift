import ArgumentParser
import CairnCodex
import CairnEngine

#if canImport(Glibc)
  import Glibc
#endif

/// `cairn mcp-server`: Cairn itself as an MCP server on stdio, a drop-in for `codex
/// mcp-server` (docs/MCP.md). Each thread is a Cairn session in the Cairn home
/// (`$CAIRN_HOME`, else ~/.cairn); config comes from `$CODEX_HOME` with the global `-c`,
/// `--enable` and `--disable` applied.
struct McpServerCommand: ParsableCommand, CodexParityDescribed {
  static let configuration = CommandConfiguration(
    commandName: "mcp-server", abstract: "Serve Cairn's agent as an MCP server on stdin/stdout.",
    discussion: """
      Speaks JSON-RPC 2.0 lines on stdin/stdout (logs on stderr) and offers Codex's two \
      tools, `codex` and `codex-reply`; see docs/MCP.md. Ends with status 0 when stdin \
      closes, after the running turns end.
      """)

  static let codexParity = CodexParity.partial(
    missing:
      "raw_response_item events are not streamed; resources/list and prompts/list answer "
      + "method not found where Codex never answers")

  static let codexArgumentParity: [String: CodexParity] = [
    "--strict-config": .partial(missing: "accepted; unknown config.toml keys are not refused"),
    "--config": .implemented, "--enable": .implemented, "--disable": .implemented,
  ]

  @ParentCommand var root: Cairn
  @OptionGroup var strictConfig: CodexStrictConfigOption

  func run() throws {
    // A client that goes away while a turn streams must not kill the server mid-write.
    signal(SIGPIPE, SIG_IGN)
    var request = ConfigRequest(
      home: CodexHome.resolve(option: nil), overrides: root.overrides.config,
      enabledFeatures: root.overrides.enabledFeatures,
      disabledFeatures: root.overrides.disabledFeatures)
    request.profile = nil
    let host = ThreadHost(
      codexHome: request.home, cairnHome: CairnHome.resolve(explicit: nil), request: request)
    let status = MCPServer(host: host).serve()
    if status != 0 { throw ExitCode(status) }
  }
}
