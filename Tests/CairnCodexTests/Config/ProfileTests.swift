import CairnCodex
import Testing

@Suite struct ProfileTests {
  @Test func aProfileFileLayersOnTheBase() throws {
    try withCodexHome { home in
      try write("model = \"base\"\nmodel_verbosity = \"low\"\n", to: home.configFile)
      try write("model = \"fast\"\n[features]\nmemories = true\n", to: home.profileFile("fast"))
      let config = try load(home, profile: "fast")
      #expect(config.profile == "fast")
      #expect(config.value(at: path("model")) == .string("fast"))
      #expect(config.value(at: path("model_verbosity")) == .string("low"))
      #expect(config.value(at: path("features", "memories")) == .boolean(true))
      #expect(
        config.source(of: path("features", "memories"))
          == .profileFile(name: "fast", path: home.profileFile("fast")))
      #expect(config.diagnostics.isEmpty)
      // Without -p the profile file is not read.
      #expect(try load(home).value(at: path("model")) == .string("base"))
    }
  }

  @Test func aLegacyProfileTableIsHonouredWithAWarning() throws {
    try withCodexHome { home in
      try write(
        """
        model = "base"

        [profiles.old]
        model = "o3"
        approval_policy = "never"
        """, to: home.configFile)
      let config = try load(home, profile: "old")
      #expect(config.value(at: path("model")) == .string("o3"))
      let source = ConfigSource.profileTable(name: "old", path: home.configFile)
      #expect(config.source(of: path("model")) == source)
      let leaf = config.leaves.first { $0.path == path("model") }
      #expect(leaf?.position == SourcePosition(line: 4, column: 9))
      #expect(config.value(at: path("approval_policy")) == .string("never"))
      #expect(config.diagnostics.count == 1)
      #expect(config.diagnostics.first?.severity == .warning)
      #expect(config.diagnostics.first?.message.contains("Codex 0.147 refuses") == true)
    }
  }

  @Test func bothStylesLayerTableThenFile() throws {
    try withCodexHome { home in
      try write("[profiles.p]\nmodel = \"table\"\nreview_model = \"r\"\n", to: home.configFile)
      try write("model = \"file\"\n", to: home.profileFile("p"))
      let config = try load(home, profile: "p")
      #expect(config.value(at: path("model")) == .string("file"))
      #expect(config.value(at: path("review_model")) == .string("r"))
      #expect(
        config.source(of: path("review_model"))
          == .profileTable(name: "p", path: home.configFile))
    }
  }

  @Test func theLegacySelectorPicksAProfile() throws {
    try withCodexHome { home in
      try write("profile = \"old\"\n[profiles.old]\nmodel = \"o3\"\n", to: home.configFile)
      let config = try load(home)
      #expect(config.profile == "old")
      #expect(config.value(at: path("model")) == .string("o3"))
      #expect(
        config.diagnostics.contains {
          $0.key == path("profile") && $0.position == SourcePosition(line: 1, column: 1)
        })
      // An explicit -p wins over the selector.
      try write("model = \"other\"\n", to: home.profileFile("other"))
      #expect(try load(home, profile: "other").value(at: path("model")) == .string("other"))
    }
  }

  @Test func aMissingProfileIsAWarningAndABadNameAnError() throws {
    try withCodexHome { home in
      let config = try load(home, profile: "nope")
      #expect(config.diagnostics.map(\.severity) == [.warning])
      #expect(config.diagnostics.first?.message.contains("nope.config.toml") == true)
      for name in ["../escape", "", "a/b", ".."] {
        do {
          _ = try load(home, profile: name)
          Issue.record("profile `\(name)` should be refused")
        } catch let error as ConfigError {
          if case .badProfile = error {} else { Issue.record("unexpected \(error)") }
        }
      }
    }
  }
}
