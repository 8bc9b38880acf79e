import CairnCodex
import CairnTools
import Testing

@Suite struct MCPServersConfigTests {
  @Test func stdioAndHTTPTablesBecomeSpecsInNameOrder() throws {
    try withCodexHome { home in
      try write(
        """
        # servers
        [mcp_servers.zeta]
        command = "python3"
        args = ["-m", "server"]
        env = { API_KEY = "k", LEVEL = "2" }
        env_vars = ["HOME", { name = "PATH", source = "local" }]
        cwd = "/srv"
        startup_timeout_sec = 12.5
        tool_timeout_sec = 30
        enabled_tools = ["a", "b"]
        disabled_tools = ["c"]

        [mcp_servers.alpha]
        url = "http://127.0.0.1:9/mcp"
        bearer_token_env_var = "ALPHA_TOKEN"
        http_headers = { "X-Key" = "h" }
        env_http_headers = { "X-Env" = "SOME_VAR" }
        enabled = false
        startup_timeout_ms = 2500
        """, to: home.configFile)
      let servers = try CodexConfig(try load(home)).mcpServerSpecs()
      #expect(servers.map(\.name) == ["alpha", "zeta"])
      #expect(
        servers[1]
          == MCPServerSpec(
            name: "zeta",
            transport: .stdio(
              command: "python3", arguments: ["-m", "server"],
              environment: ["API_KEY": "k", "LEVEL": "2"],
              environmentPassthrough: ["HOME", "PATH"],
              workingDirectory: "/srv"),
            enabled: true, startupTimeoutMilliseconds: 12_500, toolTimeoutMilliseconds: 30_000,
            enabledTools: ["a", "b"], disabledTools: ["c"]))
      #expect(
        servers[0]
          == MCPServerSpec(
            name: "alpha",
            transport: .streamableHTTP(
              url: "http://127.0.0.1:9/mcp", headers: ["X-Key": "h"],
              headersFromEnvironment: ["X-Env": "SOME_VAR"],
              bearerTokenEnvironmentVariable: "ALPHA_TOKEN"),
            enabled: false, startupTimeoutMilliseconds: 2_500))
      #expect(try CodexConfig(try load(home)).mcpServerSpec(named: "alpha")?.enabled == false)
      #expect(try CodexConfig(try load(home)).mcpServerSpec(named: "nope") == nil)
    }
  }

  @Test func defaultsAndSecondsWinOverMilliseconds() throws {
    try withCodexHome { home in
      try write(
        """
        [mcp_servers.a]
        command = "a"
        [mcp_servers.b]
        command = "b"
        startup_timeout_sec = 1
        startup_timeout_ms = 5
        """, to: home.configFile)
      let servers = try CodexConfig(try load(home)).mcpServerSpecs()
      #expect(servers[0].startupTimeoutMilliseconds == 10_000)
      #expect(servers[0].toolTimeoutMilliseconds == 60_000)
      #expect(
        servers[0].enabled && servers[0].enabledTools == nil && servers[0].disabledTools == [])
      #expect(servers[1].startupTimeoutMilliseconds == 1_000)
    }
  }

  @Test func noTableMeansNoServers() throws {
    try withCodexHome { home in
      let servers = try CodexConfig(try load(home)).mcpServerSpecs()
      #expect(servers.isEmpty)
    }
  }

  @Test func overridesAddAndChangeServers() throws {
    try withCodexHome { home in
      try write("[mcp_servers.a]\ncommand = \"a\"\n", to: home.configFile)
      let config = CodexConfig(
        try load(
          home,
          overrides: [
            "mcp_servers.a.enabled=false", "mcp_servers.b.url=\"https://example.test/m\"",
          ]
        ))
      let servers = try config.mcpServerSpecs()
      #expect(servers.map(\.name) == ["a", "b"])
      #expect(!servers[0].enabled)
    }
  }

  /// Each bad table, with the words its error must hold.
  @Test(arguments: [
    (
      "[mcp_servers.s]\ncommand = \"x\"\nurl = \"http://h/\"\n",
      ["both `command`", "`mcp_servers.s`", ":1:1:"]
    ),
    ("[mcp_servers.s]\nenabled = true\n", ["no transport", "`mcp_servers.s`"]),
    ("[mcp_servers.s]\ncommand = 5\n", ["`mcp_servers.s.command`", "expected a string", ":2:11"]),
    (
      "[mcp_servers.s]\ncommand = \"x\"\nhttp_headers = { A = \"1\" }\n",
      ["`mcp_servers.s.http_headers`", "streamable HTTP"]
    ),
    (
      "[mcp_servers.s]\nurl = \"http://h/\"\nenv = { A = \"1\" }\n",
      ["`mcp_servers.s.env`", "only a stdio server"]
    ),
    (
      "[mcp_servers.s]\nurl = \"http://h/\"\nbearer_token = \"tok\"\n",
      ["bearer_token_env_var", "`mcp_servers.s.bearer_token`"]
    ),
    ("[mcp_servers.s]\nurl = \"ftp://h/\"\n", ["`mcp_servers.s.url`", "http://"]),
    (
      "[mcp_servers.s]\ncommand = \"x\"\nstartup_timeout_sec = -1\n",
      ["`mcp_servers.s.startup_timeout_sec`", "≥ 0"]
    ),
    (
      "[mcp_servers.s]\ncommand = \"x\"\nargs = \"-v\"\n",
      ["`mcp_servers.s.args`", "array of strings"]
    ),
    (
      "[mcp_servers.s]\ncommand = \"x\"\nenv_vars = [{ nam = \"A\" }]\n",
      ["`mcp_servers.s.env_vars`"]
    ),
    (
      "[mcp_servers.s]\ncommand = \"x\"\nenv = { A = 1 }\n",
      ["`mcp_servers.s.env.A`", "found a integer"]
    ),
    (
      "[mcp_servers.s]\ncommand = \"x\"\nenabled = \"yes\"\n",
      ["`mcp_servers.s.enabled`", "true or false"]
    ),
    ("mcp_servers = 5\n", ["`mcp_servers`", "table of servers"]),
    ("[mcp_servers]\ns = 5\n", ["`mcp_servers.s`", "expected a table"]),
  ])
  func badTablesAreErrorsNamingFileAndKey(text: String, words: [String]) throws {
    try withCodexHome { home in
      try write(text, to: home.configFile)
      let config = CodexConfig(try load(home))
      var message = ""
      do {
        _ = try config.mcpServerSpecs()
      } catch {
        message = "\(error)"
      }
      #expect(message.contains(home.configFile), "\(message)")
      for word in words { #expect(message.contains(word), "\(word) not in \(message)") }
    }
  }

  @Test func secretsNeverAppearInErrors() throws {
    try withCodexHome { home in
      try write(
        """
        [mcp_servers.s]
        command = "x"
        bearer_token = "sk-VERYSECRET"
        env = { TOKEN = ["sk-ALSOSECRET"] }
        """, to: home.configFile)
      var message = ""
      do { _ = try CodexConfig(try load(home)).mcpServerSpecs() } catch { message = "\(error)" }
      #expect(message.contains("bearer_token") && message.contains("`mcp_servers.s.env.TOKEN`"))
      #expect(!message.contains("SECRET"))
    }
  }

  @Test func anOverrideIsNamedWhenItIsTheCulprit() throws {
    try withCodexHome { home in
      let config = CodexConfig(try load(home, overrides: ["mcp_servers.s.command=5"]))
      var message = ""
      do { _ = try config.mcpServerSpecs() } catch { message = "\(error)" }
      #expect(message.contains("`mcp_servers.s.command`") && message.contains("-c #1"))
    }
  }
}
