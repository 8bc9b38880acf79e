import CairnTools
import Testing

@Suite("ShellEnvironmentPolicy: Codex's shell_environment_policy")
struct ShellEnvironmentPolicyTests {
  let parent = [
    "PATH": "/usr/bin", "HOME": "/home/ada", "USER": "ada", "TMPDIR": "/tmp",
    "OPENAI_API_KEY": "sk-x", "GITHUB_TOKEN": "ghp_x", "aws_secret_access_key": "s",
    "EDITOR": "vi", "AWS_REGION": "eu-west-1", "LANG": "C.UTF-8",
  ]

  @Test("the default inherits all but names with KEY, SECRET or TOKEN (any case)")
  func defaultPolicy() {
    let policy = ShellEnvironmentPolicy()
    #expect(policy.inherit == .all && !policy.ignoreDefaultExcludes)
    #expect(
      policy.apply(to: parent) == [
        "PATH": "/usr/bin", "HOME": "/home/ada", "USER": "ada", "TMPDIR": "/tmp",
        "EDITOR": "vi", "AWS_REGION": "eu-west-1", "LANG": "C.UTF-8",
      ])
  }

  @Test("ignore_default_excludes keeps the secret-looking names")
  func ignoreDefaultExcludes() {
    let policy = ShellEnvironmentPolicy(ignoreDefaultExcludes: true)
    #expect(policy.apply(to: parent) == parent)
  }

  @Test("inherit core keeps only the core names; none keeps nothing")
  func inheritCoreAndNone() {
    #expect(
      ShellEnvironmentPolicy(inherit: .core).apply(to: parent) == [
        "PATH": "/usr/bin", "HOME": "/home/ada", "USER": "ada", "TMPDIR": "/tmp",
      ])
    #expect(ShellEnvironmentPolicy(inherit: .none).apply(to: parent) == [:])
  }

  @Test("the five steps run in order: exclude, then set, then include_only")
  func stepOrder() {
    let policy = ShellEnvironmentPolicy(
      inherit: .all, exclude: [EnvironmentVariablePattern("aws_*")],
      set: ["CI": "1", "AWS_PROFILE": "dev", "MY_TOKEN": "set-wins-over-defaults"],
      includeOnly: [EnvironmentVariablePattern("*"), EnvironmentVariablePattern("CI")])
    // set comes after the excludes: AWS_PROFILE and MY_TOKEN survive them.
    var expected = parent.filter { !["OPENAI_API_KEY", "GITHUB_TOKEN"].contains($0.key) }
    expected["aws_secret_access_key"] = nil
    expected["AWS_REGION"] = nil
    expected["CI"] = "1"
    expected["AWS_PROFILE"] = "dev"
    expected["MY_TOKEN"] = "set-wins-over-defaults"
    #expect(policy.apply(to: parent) == expected)

    // include_only comes last and can remove what set added.
    let narrow = ShellEnvironmentPolicy(
      inherit: .none, set: ["CI": "1", "OTHER": "x"],
      includeOnly: [EnvironmentVariablePattern("c?")])
    #expect(narrow.apply(to: parent) == ["CI": "1"])
  }

  @Test("patterns: * and ?, case-insensitive, whole-name matches")
  func patterns() {
    let cases: [(String, String, Bool)] = [
      ("*KEY*", "OPENAI_API_KEY", true), ("*key*", "Keyboard", true),
      ("*KEY*", "KY", false), ("AWS_*", "AWS_", true), ("AWS_*", "XAWS_A", false),
      ("?", "A", true), ("?", "", false), ("", "", true), ("", "A", false),
      ("A*B*C", "AXXBYYC", true), ("A*B*C", "AXXBYY", false), ("**", "anything", true),
      ("*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false), ("PATH", "path", true),
    ]
    for (pattern, name, expected) in cases {
      #expect(EnvironmentVariablePattern(pattern).matches(name) == expected, "\(pattern) ~ \(name)")
    }
  }

  @Test("tool commands get Codex's unified-exec variables over the policy's result")
  func toolCommandVariables() {
    let environment = ToolCommandEnvironment.applied(to: ["TERM": "xterm", "PATH": "/bin"])
    #expect(environment["TERM"] == "dumb")
    #expect(environment["NO_COLOR"] == "1")
    #expect(environment["PAGER"] == "cat" && environment["GIT_PAGER"] == "cat")
    #expect(environment["LC_ALL"] == "C.UTF-8")
    #expect(environment["COLORTERM"] == "")
    #expect(environment["PATH"] == "/bin")
    #expect(environment.count == 11)
  }
}
