import CairnCodex
import Foundation
import Testing

@Suite struct FeatureToggleTests {
  @Test func aMissingConfigIsCreatedPrivate() throws {
    try withCodexHome { home in
      let outcome = try FeatureToggle.set("memories", enabled: true, home: home, catalog: .embedded)
      #expect(outcome.created)
      #expect(outcome.changed)
      #expect(try read(home.configFile) == "[features]\nmemories = true\n")
      let mode = try FileManager.default.attributesOfItem(atPath: home.configFile)[
        .posixPermissions]
      #expect(mode as? Int == 0o600)
    }
  }

  @Test func theRestOfTheFileSurvivesByteForByte() throws {
    try withCodexHome { home in
      let before = """
        # Codex config — edited by hand
        model = "gpt-5.5"   # trailing comment

        [features]
        # shell snapshots are slow here
        shell_snapshot = false    # really
        memories = false

        [mcp_servers.docs]
        command = "docs"
        env = { TOKEN = "t" }   # keep

        """
      try write(before, to: home.configFile)
      chmod(home.configFile, 0o640)
      _ = try FeatureToggle.set("memories", enabled: true, home: home, catalog: .embedded)
      #expect(
        try read(home.configFile)
          == before.replacingOccurrences(
            of: "memories = false", with: "memories = true"))
      _ = try FeatureToggle.set("goals", enabled: false, home: home, catalog: .embedded)
      #expect(
        try read(home.configFile)
          == before.replacingOccurrences(
            of: "memories = false\n", with: "memories = true\ngoals = false\n"))
      // An existing file keeps its mode.
      let mode = try FileManager.default.attributesOfItem(atPath: home.configFile)[
        .posixPermissions]
      #expect(mode as? Int == 0o640)
      // Setting what is already set writes nothing.
      let again = try FeatureToggle.set("goals", enabled: false, home: home, catalog: .embedded)
      #expect(!again.changed)
    }
  }

  @Test func aFlagThatIsATableGetsItsEnabledKey() throws {
    try withCodexHome { home in
      try write("[features.multi_agent_v2]\nmax_depth = 2\n", to: home.configFile)
      let outcome = try FeatureToggle.set(
        "multi_agent_v2", enabled: true, home: home, catalog: .embedded)
      #expect(outcome.key == ConfigKeyPath(["features", "multi_agent_v2", "enabled"]))
      #expect(
        try read(home.configFile) == "[features.multi_agent_v2]\nmax_depth = 2\nenabled = true\n")
    }
  }

  @Test func unknownNamesAndBrokenFilesAreRefusedWithoutWriting() throws {
    try withCodexHome { home in
      do {
        _ = try FeatureToggle.set("memorie", enabled: true, home: home, catalog: .embedded)
        Issue.record("should fail")
      } catch let error as ConfigError {
        #expect(error == .unknownFeature(name: "memorie", suggestion: "memories"))
      }
      #expect(!FileManager.default.fileExists(atPath: home.configFile))
      try write("model = \n", to: home.configFile)
      do {
        _ = try FeatureToggle.set("memories", enabled: true, home: home, catalog: .embedded)
        Issue.record("should fail")
      } catch let error as ConfigError {
        guard case .syntax(_, let position, _) = error else {
          Issue.record("unexpected \(error)")
          return
        }
        #expect(position.line == 1)
      }
      #expect(try read(home.configFile) == "model = \n")
    }
  }

  @Test func aSymlinkedConfigIsEditedThroughTheLink() throws {
    try withCodexHome { home in
      let real = home.path + "/dotfiles-config.toml"
      try write("[features]\n", to: real)
      try FileManager.default.createSymbolicLink(
        atPath: home.configFile, withDestinationPath: "dotfiles-config.toml")
      _ = try FeatureToggle.set("memories", enabled: true, home: home, catalog: .embedded)
      #expect(try read(real) == "[features]\nmemories = true\n")
      let link = try FileManager.default.destinationOfSymbolicLink(atPath: home.configFile)
      #expect(link == "dotfiles-config.toml")
    }
  }
}
