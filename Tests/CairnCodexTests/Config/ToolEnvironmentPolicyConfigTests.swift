import CairnCodex
import CairnTools
import Testing

@Suite struct ToolEnvironmentPolicyConfigTests {
  @Test func theTableBecomesThePolicy() throws {
    try withCodexHome { home in
      try write(
        """
        [shell_environment_policy]
        inherit = "core"
        ignore_default_excludes = true
        exclude = ["AWS_*"]
        include_only = ["PATH", "HOME", "CI", "MY_*"]
        set = { CI = "1", MY_TOKEN = "t" }
        """, to: home.configFile)
      let policy = try CodexConfig(try load(home)).toolEnvironmentPolicy()
      #expect(
        policy
          == ShellEnvironmentPolicy(
            inherit: .core, ignoreDefaultExcludes: true,
            exclude: [EnvironmentVariablePattern("AWS_*")], set: ["CI": "1", "MY_TOKEN": "t"],
            includeOnly: ["PATH", "HOME", "CI", "MY_*"].map(EnvironmentVariablePattern.init)))
      #expect(
        policy.apply(to: ["PATH": "/bin", "HOME": "/h", "USER": "ada", "EDITOR": "vi"])
          == ["PATH": "/bin", "HOME": "/h", "CI": "1", "MY_TOKEN": "t"])
    }
  }

  @Test func withoutTheTableTheDefaultsApply() throws {
    try withCodexHome { home in
      let policy = try CodexConfig(try load(home)).toolEnvironmentPolicy()
      #expect(policy == ShellEnvironmentPolicy())
      #expect(policy.inherit == .all && !policy.ignoreDefaultExcludes)
    }
  }

  @Test func aBadValueIsAnErrorNamingItsKeyAndFile() throws {
    try withCodexHome { home in
      try write(
        """
        [shell_environment_policy]
        set = { "A=B" = "x" }
        """, to: home.configFile)
      let config = CodexConfig(try load(home))
      #expect(throws: ConfigError.self) { try config.toolEnvironmentPolicy() }
      do {
        _ = try config.toolEnvironmentPolicy()
      } catch {
        let text = "\(error)"
        #expect(text.contains(home.configFile))
        #expect(text.contains("`shell_environment_policy.set`"))
        #expect(text.contains("`A=B` is not an environment variable name"))
      }
    }
  }

  @Test func aWrongTypeIsRefusedNamingItsKey() throws {
    try withCodexHome { home in
      try write("[shell_environment_policy]\nexclude = \"AWS_*\"\n", to: home.configFile)
      let message: String
      do {
        // The loader's schema check refuses it first; the accessor would too.
        message = "\(try CodexConfig(try load(home)).toolEnvironmentPolicy())"
      } catch {
        message = "\(error)"
      }
      #expect(message.contains("shell_environment_policy.exclude"))
    }
  }
}
