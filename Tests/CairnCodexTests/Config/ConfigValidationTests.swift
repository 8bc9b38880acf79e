import CairnCodex
import Testing

@Suite struct ConfigValidationTests {
  @Test func syntaxErrorsNameFileLineAndColumn() throws {
    try withCodexHome { home in
      try write("model = \"ok\"\n\n[features]\nmemories = \n", to: home.configFile)
      do {
        _ = try load(home)
        Issue.record("should not load")
      } catch let error as ConfigError {
        guard case .syntax(let file, let position, _) = error else {
          Issue.record("unexpected \(error)")
          return
        }
        #expect(file == home.configFile)
        #expect(position.line == 4)
        #expect(position.column == 12)
        #expect(error.description.hasPrefix("\(home.configFile):4:12: TOML parse error"))
      }
      // A profile file's syntax error names that file.
      try write("model = \"ok\"\n", to: home.configFile)
      try write("a = [1,\n", to: home.profileFile("p"))
      do {
        _ = try load(home, profile: "p")
        Issue.record("should not load")
      } catch let error as ConfigError {
        guard case .syntax(let file, _, _) = error else { return }
        #expect(file == home.profileFile("p"))
      }
    }
  }

  @Test func wrongValuesNameKeyPositionAndAllowedValues() throws {
    try withCodexHome { home in
      try write(
        """
        approval_policy = "sometimes"
        model_reasoning_effort = "extreme"

        [features]
        memories = 1

        [sandbox_workspace_write]
        network_access = "yes"
        """, to: home.configFile)
      let config = try load(home, overrides: ["sandbox_mode=sometimes"])
      let byKey = Dictionary(
        uniqueKeysWithValues: config.diagnostics.map { ($0.key?.description ?? "", $0) })
      let approval = try #require(byKey["approval_policy"])
      #expect(approval.severity == .error)
      #expect(approval.file == home.configFile)
      #expect(approval.position == SourcePosition(line: 1, column: 19))
      #expect(
        approval.allowedValues == ["untrusted", "on-failure", "on-request", "granular", "never"])
      #expect(
        approval.description
          == "\(home.configFile):1:19: `approval_policy`: unknown value `sometimes`, expected one "
          + "of `untrusted`, `on-failure`, `on-request`, `granular`, `never`")
      // Codex 0.147 accepts any effort: a warning.
      #expect(byKey["model_reasoning_effort"]?.severity == .warning)
      let feature = try #require(byKey["features.memories"])
      #expect(feature.message == "expected a boolean or a table, found an integer")
      #expect(feature.position == SourcePosition(line: 5, column: 12))
      let network = try #require(byKey["sandbox_workspace_write.network_access"])
      #expect(network.message == "expected a boolean, found a string")
      #expect(network.position == SourcePosition(line: 8, column: 18))
      let sandbox = try #require(byKey["sandbox_mode"])
      #expect(sandbox.file == "-c #1")
      #expect(sandbox.position == nil)
      #expect(config.hasErrors)
      #expect(config.diagnostics.count == 5)
    }
  }

  @Test func unknownKeysAreKeptAndReported() throws {
    try withCodexHome { home in
      try write(
        """
        bogus = 1
        model = "m"

        [mcp_servers.docs]
        command = "d"
        colour = "blue"

        [features]
        not_a_flag = true
        memories = true

        [my_plugin.settings]
        x = [1, 2]
        """, to: home.configFile)
      let config = try load(home, overrides: ["another.key=1"])
      #expect(
        config.unknownKeys.map(\.path) == [
          path("bogus"), path("features", "not_a_flag"), path("mcp_servers", "docs", "colour"),
          path("my_plugin"), path("another"),
        ])
      let positions = config.unknownKeys.map(\.position)
      #expect(
        positions == [
          SourcePosition(line: 1, column: 1), SourcePosition(line: 9, column: 1),
          SourcePosition(line: 6, column: 1), SourcePosition(line: 12, column: 1), nil,
        ])
      #expect(config.unknownKeys.last?.source == .override(index: 1))
      // Never dropped: they stay in the effective config.
      #expect(config.value(at: path("bogus")) == .integer(1))
      #expect(
        config.value(at: path("my_plugin", "settings", "x")) == .array([.integer(1), .integer(2)]))
      #expect(config.value(at: path("mcp_servers", "docs", "colour")) == .string("blue"))
      #expect(config.value(at: path("another", "key")) == .integer(1))
      #expect(!config.hasErrors)
    }
  }

  @Test func unknownFeatureFlagsOnTheCommandLineAreErrorsWithASuggestion() throws {
    try withCodexHome { home in
      do {
        _ = try load(home, enable: ["memorie"])
        Issue.record("should fail")
      } catch let error as ConfigError {
        #expect(error == .unknownFeature(name: "memorie", suggestion: "memories"))
      }
    }
  }
}
