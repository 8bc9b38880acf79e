import CairnCodex
import Testing

@Suite struct ConfigLayeringTests {
  @Test func eachLayerOverridesTheOneBelowAndTheSourceFollows() throws {
    try withCodexHome { home in
      try write(
        """
        model = "gpt-5.5"
        sandbox_mode = "workspace-write"

        [sandbox_workspace_write]
        network_access = true
        writable_roots = ["/a", "/b"]
        """, to: home.configFile)
      try write("model = \"gpt-work\"\n", to: home.profileFile("work"))
      let config = try load(
        home, profile: "work", overrides: ["sandbox_workspace_write.writable_roots=[\"/c\"]"],
        enable: ["memories"])
      let file = ConfigSource.file(path: home.configFile)
      let profile = ConfigSource.profileFile(name: "work", path: home.profileFile("work"))
      #expect(config.value(at: path("model")) == .string("gpt-work"))
      #expect(config.source(of: path("model")) == profile)
      #expect(config.value(at: path("sandbox_mode")) == .string("workspace-write"))
      #expect(config.source(of: path("sandbox_mode")) == file)
      #expect(config.value(at: path("approval_policy")) == .string("on-request"))
      #expect(config.source(of: path("approval_policy")) == .defaultValue)
      // Tables merge key by key; arrays are replaced whole.
      #expect(
        config.value(at: path("sandbox_workspace_write", "network_access")) == .boolean(true))
      #expect(
        config.source(of: path("sandbox_workspace_write", "network_access")) == file)
      #expect(
        config.value(at: path("sandbox_workspace_write", "exclude_slash_tmp")) == .boolean(false))
      #expect(
        config.source(of: path("sandbox_workspace_write", "exclude_slash_tmp")) == .defaultValue)
      #expect(
        config.value(at: path("sandbox_workspace_write", "writable_roots"))
          == .array([.string("/c")]))
      #expect(
        config.source(of: path("sandbox_workspace_write", "writable_roots")) == .override(index: 1))
      #expect(config.value(at: path("features", "memories")) == .boolean(true))
      #expect(
        config.source(of: path("features", "memories")) == .featureFlag(flag: "--enable memories"))
      #expect(
        config.layers.map(\.source) == [
          .defaultValue, file, profile, .override(index: 1),
          .featureFlag(flag: "--enable memories"),
        ])
      #expect(config.diagnostics.isEmpty)
    }
  }

  @Test func leavesCarryTheirFilePositions() throws {
    try withCodexHome { home in
      try write(
        """
        # comment
        model = "gpt-5.5"

        [mcp_servers.docs]
        command = "docs"
        env = { TOKEN = "t" }
        """, to: home.configFile)
      let leaves = try load(home).leaves
      let model = leaves.first { $0.path == path("model") }
      #expect(model?.position == SourcePosition(line: 2, column: 9))
      #expect(model?.source == .file(path: home.configFile))
      let command = leaves.first { $0.path == path("mcp_servers", "docs", "command") }
      #expect(command?.position == SourcePosition(line: 5, column: 11))
      // A key inside an inline table points at the inline table's value.
      let token = leaves.first { $0.path == path("mcp_servers", "docs", "env", "TOKEN") }
      #expect(token?.position == SourcePosition(line: 6, column: 7))
      let provider = leaves.first { $0.path == path("model_provider") }
      #expect(provider?.source == .defaultValue)
      #expect(provider?.position == nil)
      // Leaves come in key order.
      let paths = leaves.map(\.path)
      #expect(paths == paths.sorted())
    }
  }

  @Test func aScalarOverrideReplacesATableAndItsSources() throws {
    try withCodexHome { home in
      try write("[history]\npersistence = \"none\"\nmax_bytes = 10\n", to: home.configFile)
      let config = try load(home, overrides: ["history=5", "history.max_bytes=7"])
      #expect(
        config.value(at: path("history")) == .table(ConfigTable([("max_bytes", .integer(7))])))
      #expect(config.source(of: path("history", "max_bytes")) == .override(index: 2))
      #expect(config.source(of: path("history", "persistence")) == nil)
      #expect(config.leaves.filter { $0.path.hasPrefix(path("history")) }.count == 1)
      // The first override was a wrong type while it stood.
      #expect(config.diagnostics.first?.file == "-c #1")
    }
  }

  @Test func noFileMeansDefaultsOnly() throws {
    try withCodexHome { home in
      let config = try load(home)
      #expect(config.layers.map(\.source) == [.defaultValue])
      #expect(config.leaves.allSatisfy { $0.source == .defaultValue })
      #expect(CodexConfig(config).modelProvider == "openai")
      #expect(CodexConfig(config).sandboxMode == .readOnly)
    }
  }

  @Test func typedAccessorsReadTheKeysUsersSet() throws {
    try withCodexHome { home in
      try write(
        """
        model = "gpt-5.5"
        model_provider = "mock"
        model_reasoning_effort = "high"
        model_verbosity = "low"
        approval_policy = "never"
        sandbox_mode = "workspace-write"
        web_search = "live"
        notify = ["notify-send", "done"]

        [model_providers.mock]
        name = "Mock"
        base_url = "http://127.0.0.1:9/v1"
        env_key = "MOCK_API_KEY"
        wire_api = "responses"
        request_max_retries = 2
        http_headers = { "X-A" = "1" }

        [sandbox_workspace_write]
        writable_roots = ["/data"]
        network_access = true

        [shell_environment_policy]
        inherit = "core"
        exclude = ["AWS_*"]
        set = { CI = "1" }

        [mcp_servers.docs]
        command = "docs-server"
        args = ["--stdio"]
        env = { LEVEL = "2" }
        startup_timeout_sec = 5

        [mcp_servers.remote]
        url = "http://127.0.0.1:9/mcp"
        bearer_token_env_var = "REMOTE_TOKEN"
        enabled = false

        [projects."/home/me/work"]
        trust_level = "trusted"

        [tools]
        view_image = true
        """, to: home.configFile)
      let config = CodexConfig(try load(home, disable: ["shell_snapshot"]))
      #expect(config.effective.diagnostics.isEmpty)
      #expect(config.model == "gpt-5.5")
      #expect(config.modelProvider == "mock")
      #expect(config.modelReasoningEffort == .high)
      #expect(config.modelVerbosity == .low)
      #expect(config.approvalPolicy == .never)
      #expect(config.sandboxMode == .workspaceWrite)
      #expect(config.webSearch == .live)
      #expect(config.notify == ["notify-send", "done"])
      #expect(config.toolsViewImage == true)
      let provider = try #require(config.modelProviders.first)
      #expect(provider.id == "mock")
      #expect(provider.baseURL == "http://127.0.0.1:9/v1")
      #expect(provider.envKey == "MOCK_API_KEY")
      #expect(provider.requestMaxRetries == 2)
      #expect(provider.httpHeaders == ["X-A": "1"])
      #expect(
        config.sandboxWorkspaceWrite
          == .init(
            writableRoots: ["/data"], networkAccess: true, excludeTmpdirEnvVar: false,
            excludeSlashTmp: false))
      #expect(config.shellEnvironmentPolicy.inherit == .core)
      #expect(config.shellEnvironmentPolicy.exclude == ["AWS_*"])
      #expect(config.shellEnvironmentPolicy.set == ["CI": "1"])
      let servers = config.mcpServers
      #expect(servers.count == 2)
      let docs = try #require(servers.first { $0.name == "docs" })
      #expect(
        docs.transport
          == .stdio(
            command: "docs-server", arguments: ["--stdio"], environment: ["LEVEL": "2"], cwd: nil))
      #expect(docs.startupTimeoutSeconds == 5)
      #expect(docs.enabled)
      let remote = try #require(servers.first { $0.name == "remote" })
      #expect(
        remote.transport
          == .streamableHTTP(
            url: "http://127.0.0.1:9/mcp", bearerTokenEnvVar: "REMOTE_TOKEN", httpHeaders: [:]))
      #expect(!remote.enabled)
      #expect(config.projects == [.init(path: "/home/me/work", trustLevel: .trusted)])
      #expect(config.featureSettings == ["shell_snapshot": false])
    }
  }

  @Test func codexHomeResolution() {
    #expect(
      CodexHome.resolve(option: "/x", environment: ["CODEX_HOME": "/y"])
        == CodexHome(path: "/x", origin: .option))
    #expect(
      CodexHome.resolve(option: nil, environment: ["CODEX_HOME": "/y", "HOME": "/h"])
        == CodexHome(path: "/y", origin: .environment))
    #expect(
      CodexHome.resolve(option: nil, environment: ["CODEX_HOME": "", "HOME": "/h"])
        == CodexHome(path: "/h/.codex", origin: .defaultLocation))
  }
}
