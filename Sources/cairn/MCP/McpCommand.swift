import ArgumentParser
import CairnCodex

/// `cairn mcp`: the MCP servers of config.toml, as `codex mcp` (docs/MCP.md, "`cairn mcp`").
struct McpCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "mcp", abstract: "Manage the external MCP servers the agent may use.",
    discussion: """
      Servers are the [mcp_servers.NAME] tables of $CODEX_HOME/config.toml. Values that \
      may hold secrets (environment values, HTTP header values) are shown as *****, in \
      JSON too. See docs/MCP.md.
      """,
    subcommands: [
      McpListCommand.self, McpGetCommand.self, McpAddCommand.self, McpRemoveCommand.self,
      McpLoginCommand.self, McpLogoutCommand.self,
    ])
}

/// `cairn mcp list [--json]`.
struct McpListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "List the configured MCP servers.")

  @ParentCommand var root: Cairn
  @OptionGroup var homeOption: CodexHomeOption

  @Flag(help: "Print the configured servers as JSON.")
  var json = false

  func run() throws {
    try reportingConfigFailures {
      let servers = try MCPServerView.all(in: loadMCPConfig(homeOption.home, root.overrides))
      let output = StandardOutput()
      if json {
        try output.write(MCPServerText.pretty(.array(servers.map(\.listJSON))) + "\n")
      } else {
        try output.write(MCPServerText.list(servers))
      }
      try output.flush()
    }
  }
}

/// `cairn mcp get NAME [--json]`.
struct McpGetCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "get", abstract: "Show one MCP server's configuration.")

  @ParentCommand var root: Cairn
  @OptionGroup var homeOption: CodexHomeOption

  @Argument(help: ArgumentHelp("The name of the server to show.", valueName: "NAME"))
  var name: String

  @Flag(help: "Print the server's configuration as JSON.")
  var json = false

  func run() throws {
    try reportingConfigFailures {
      let servers = try MCPServerView.all(in: loadMCPConfig(homeOption.home, root.overrides))
      guard let server = servers.first(where: { $0.name == name }) else {
        throw MCPServerNotFound(name: name, known: servers.map(\.name)).reported()
      }
      let output = StandardOutput()
      if json {
        try output.write(MCPServerText.pretty(server.getJSON) + "\n")
      } else {
        try output.write(MCPServerText.details(server))
      }
      try output.flush()
    }
  }
}

/// `cairn mcp add NAME (--url URL | -- COMMAND...)`.
struct McpAddCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "add", abstract: "Add an MCP server to config.toml (or replace one).",
    usage: "cairn mcp add [<options>] <NAME> (--url <URL> | -- <COMMAND>...)")

  @ParentCommand var root: Cairn
  @OptionGroup var homeOption: CodexHomeOption

  @Argument(
    help: ArgumentHelp(
      "The name for the server: letters, digits, '-' and '_'.", valueName: "NAME"))
  var name: String

  @Argument(
    parsing: .postTerminator,
    help: ArgumentHelp(
      "The command that starts a stdio server, after `--` (or use --url).", valueName: "COMMAND"))
  var command: [String] = []

  @Option(
    help: ArgumentHelp(
      "An environment variable to set when starting a stdio server; repeatable.",
      valueName: "KEY=VALUE"))
  var env: [String] = []

  @Option(help: ArgumentHelp("The URL of a streamable HTTP server.", valueName: "URL"))
  var url: String?

  @Option(
    help: ArgumentHelp(
      "The environment variable holding a bearer token (streamable HTTP servers only).",
      valueName: "ENV_VAR"))
  var bearerTokenEnvVar: String?

  @Option(
    help: ArgumentHelp(
      "The OAuth client id to use for this server (not supported yet).", valueName: "CLIENT_ID"))
  var oauthClientId: String?

  @Option(
    help: ArgumentHelp(
      "The OAuth resource parameter to send when logging in (not supported yet).",
      valueName: "RESOURCE"))
  var oauthResource: String?

  func validate() throws {
    guard MCPServersEdit.isValidName(name) else {
      throw ValidationError("invalid server name '\(name)' (use letters, numbers, '-', '_')")
    }
    if url != nil && !command.isEmpty {
      throw ValidationError("give either --url or a command after `--`, not both")
    }
    if url == nil && command.isEmpty {
      throw ValidationError(
        "give the command that starts the server after `--`, or --url for an HTTP server")
    }
    if url != nil && !env.isEmpty {
      throw ValidationError("--env is for stdio servers; an HTTP server (--url) takes none")
    }
    if url == nil && bearerTokenEnvVar != nil {
      throw ValidationError("--bearer-token-env-var is for HTTP servers (--url) only")
    }
    for entry in env {
      guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
        throw ValidationError(
          "invalid --env '\(entry.prefix { $0 != "=" })…': entries must be KEY=VALUE")
      }
    }
    if let url, !MCPServersEdit.isHTTPURL(url) {
      throw ValidationError("--url must be an http:// or https:// URL with a host")
    }
  }

  func run() throws {
    if oauthClientId != nil || oauthResource != nil {
      throw CodexNotSupported(
        commandLine: "cairn mcp add --oauth-client-id/--oauth-resource",
        reason: "OAuth for MCP servers is not built yet; use --bearer-token-env-var"
      ).reported()
    }
    try reportingConfigFailures {
      _ = try loadMCPConfig(homeOption.home, root.overrides)
      let transport: MCPServersEdit.NewServer.Transport
      if let url {
        transport = .streamableHTTP(url: url, bearerTokenEnvironmentVariable: bearerTokenEnvVar)
      } else {
        // The last of repeated keys wins, in the order first given.
        var keys: [String] = []
        var values: [String: String] = [:]
        for entry in env {
          let equals = entry.firstIndex(of: "=")!
          let key = String(entry[..<equals])
          if values[key] == nil { keys.append(key) }
          values[key] = String(entry[entry.index(after: equals)...])
        }
        transport = .stdio(
          command: command[0], arguments: Array(command.dropFirst()),
          environment: keys.map { ($0, values[$0]!) })
      }
      _ = try MCPServersEdit.add(
        MCPServersEdit.NewServer(name: name, transport: transport), home: homeOption.home)
      print("Added global MCP server '\(name)'.")
    }
  }
}

/// `cairn mcp remove NAME`.
struct McpRemoveCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "remove", abstract: "Remove an MCP server from config.toml.")

  @ParentCommand var root: Cairn
  @OptionGroup var homeOption: CodexHomeOption

  @Argument(help: ArgumentHelp("The name of the server to remove.", valueName: "NAME"))
  var name: String

  func validate() throws {
    guard MCPServersEdit.isValidName(name) else {
      throw ValidationError("invalid server name '\(name)' (use letters, numbers, '-', '_')")
    }
  }

  func run() throws {
    try reportingConfigFailures {
      _ = try loadMCPConfig(homeOption.home, root.overrides)
      let outcome = try MCPServersEdit.remove(name, home: homeOption.home)
      // As Codex: removing a server that is not there is not an error.
      print(
        outcome.existed
          ? "Removed global MCP server '\(name)'." : "No MCP server named '\(name)' found.")
    }
  }
}

private let oauthReason = "OAuth sign-in for MCP servers is not built yet"

/// `cairn mcp login NAME`: not supported yet (exit 69).
struct McpLoginCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "login", abstract: "Sign in to an HTTP MCP server with OAuth (not supported yet).")

  static let codexParity = CodexParity.notSupported(reason: oauthReason)

  @Argument(help: ArgumentHelp("The server's name.", valueName: "NAME"))
  var name: String

  @Option(
    help: ArgumentHelp(
      "The OAuth scopes to ask for, separated by commas.", valueName: "SCOPE,SCOPE"))
  var scopes: String?
}

/// `cairn mcp logout NAME`: not supported yet (exit 69).
struct McpLogoutCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "logout",
    abstract: "Delete the OAuth credentials stored for an MCP server (not supported yet).")

  static let codexParity = CodexParity.notSupported(reason: oauthReason)

  @Argument(help: ArgumentHelp("The server's name.", valueName: "NAME"))
  var name: String
}

/// The effective config for the `mcp` commands; an invalid config is an error, as for Codex.
/// The embedded feature catalog checks `--enable`/`--disable`, so no `codex` is spawned.
func loadMCPConfig(_ home: CodexHome, _ overrides: CodexOverrideOptions) throws -> EffectiveConfig {
  let config = try ConfigLoader.load(
    ConfigRequest(home: home, overrides: overrides), catalog: .embedded)
  if config.hasErrors {
    throw ConfigError.invalid(config.diagnostics.filter { $0.severity == .error })
  }
  printWarnings(config.diagnostics)
  return config
}

/// `cairn mcp get` of a name no table has.
struct MCPServerNotFound: Error {
  var name: String
  var known: [String]

  func reported() -> ExitCode {
    let hint =
      known.isEmpty
      ? "no MCP servers are configured (add one with `cairn mcp add`)"
      : "configured: \(known.joined(separator: ", "))"
    StandardError.write("cairn: no MCP server named '\(name)' found; \(hint)\n")
    return ExitCode(1)
  }
}
