import ArgumentParser
import CairnCodex

private let mcpReason =
  "managing MCP servers in config.toml is not built yet"

/// `cairn mcp`: the MCP servers Codex's config names.
struct McpCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "mcp", abstract: "Manage the external MCP servers the agent may use.",
    subcommands: [
      McpListCommand.self, McpGetCommand.self, McpAddCommand.self, McpRemoveCommand.self,
      McpLoginCommand.self, McpLogoutCommand.self,
    ])

  static let codexParity = CodexParity.notSupported(reason: mcpReason)
}

/// `cairn mcp list`.
struct McpListCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "List the configured MCP servers.")

  static let codexParity = CodexParity.notSupported(reason: mcpReason)

  @Flag(help: "Print the list as JSON.")
  var json = false
}

/// `cairn mcp get NAME`.
struct McpGetCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "get", abstract: "Show one MCP server's configuration.")

  static let codexParity = CodexParity.notSupported(reason: mcpReason)

  @Argument(help: ArgumentHelp("The server's name.", valueName: "NAME"))
  var name: String

  @Flag(help: "Print the configuration as JSON.")
  var json = false
}

/// `cairn mcp add NAME (--url URL | -- COMMAND...)`.
struct McpAddCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "add", abstract: "Add an MCP server to the configuration.",
    usage: "cairn mcp add [<options>] <NAME> (--url <URL> | -- <COMMAND>...)")

  static let codexParity = CodexParity.notSupported(reason: mcpReason)

  @Argument(help: ArgumentHelp("The name to give the server.", valueName: "NAME"))
  var name: String

  @Argument(
    parsing: .postTerminator,
    help: ArgumentHelp(
      "The command that starts a stdio server, after `--` (or use --url).", valueName: "COMMAND"))
  var command: [String] = []

  @Option(
    help: ArgumentHelp(
      "An environment variable for a stdio server; repeatable.", valueName: "KEY=VALUE"))
  var env: [String] = []

  @Option(help: ArgumentHelp("The URL of a streamable HTTP server.", valueName: "URL"))
  var url: String?

  @Option(
    help: ArgumentHelp(
      "The environment variable holding a bearer token for an HTTP server.",
      valueName: "ENV_VAR"))
  var bearerTokenEnvVar: String?

  @Option(
    help: ArgumentHelp("The OAuth client id to use for this server.", valueName: "CLIENT_ID"))
  var oauthClientId: String?

  @Option(
    help: ArgumentHelp(
      "The OAuth resource parameter to send when logging in.", valueName: "RESOURCE"))
  var oauthResource: String?
}

/// `cairn mcp remove NAME`.
struct McpRemoveCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "remove", abstract: "Remove an MCP server from the configuration.")

  static let codexParity = CodexParity.notSupported(reason: mcpReason)

  @Argument(help: ArgumentHelp("The server's name.", valueName: "NAME"))
  var name: String
}

/// `cairn mcp login NAME`.
struct McpLoginCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "login", abstract: "Sign in to an HTTP MCP server with OAuth.")

  static let codexParity = CodexParity.notSupported(reason: mcpReason)

  @Argument(help: ArgumentHelp("The server's name.", valueName: "NAME"))
  var name: String

  @Option(
    help: ArgumentHelp(
      "The OAuth scopes to ask for, separated by commas.", valueName: "SCOPE,SCOPE"))
  var scopes: String?
}

/// `cairn mcp logout NAME`.
struct McpLogoutCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "logout", abstract: "Delete the OAuth credentials stored for an MCP server.")

  static let codexParity = CodexParity.notSupported(reason: mcpReason)

  @Argument(help: ArgumentHelp("The server's name.", valueName: "NAME"))
  var name: String
}
