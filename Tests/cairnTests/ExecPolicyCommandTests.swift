import Foundation
import Testing

/// `cairn execpolicy check` against the real codex 0.147 in a loopback-only namespace, and
/// `cairn policy shell`.
@Suite struct ExecPolicyCommandTests {
  static let rules = """
    # the strictest decision wins
    prefix_rule(pattern = ["git", "push"], decision = "forbidden", justification = "no pushing")
    prefix_rule(pattern=["git", ["status", "log"]], decision="allow", match=["git log -1"])
    prefix_rule(pattern=["git"], decision="prompt")
    host_executable(name="rm", paths=["/usr/bin/rm"])
    prefix_rule(pattern=[["rm", "rmdir"], "-rf"], decision="forbidden", not_match=[["rm", "x"]])

    """

  @Test(arguments: [
    ["git", "push", "origin"], ["--pretty", "--", "git", "status"], ["git", "log"], ["ls"],
    ["--resolve-host-executables", "--", "/usr/bin/rm", "-rf", "x"],
    ["--resolve-host-executables", "--", "/bin/rm", "-rf", "x"],
    ["--resolve-host-executables", "--", "/opt/git", "push"], ["/opt/git", "push"],
  ])
  func checkPrintsWhatCodexPrints(command: [String]) async throws {
    let codex = try requireCodex()
    let cairn = try CairnBinary.require()
    try await withBuildDirectory { home in
      let path = home + "/default.rules"
      try Self.rules.write(toFile: path, atomically: true, encoding: .utf8)
      let arguments =
        ["execpolicy", "check", "--rules", path] + (command.contains("--") ? [] : ["--"])
        + command
      let environment: [String: String?] = ["CODEX_HOME": home]
      let expected = try runInLoopbackNamespace(
        codex, arguments, environment: environment, in: home)
      let actual = try runInLoopbackNamespace(cairn, arguments, environment: environment, in: home)
      #expect(expected.status == 0)
      #expect(actual.status == expected.status)
      #expect(actual.stdout == expected.stdout)
    }
  }

  @Test func badRulesFileNamesLineAndColumn() async throws {
    try await withTemporaryDirectory { directory in
      let path = directory + "/bad.rules"
      try "\nprefix_rule(pattern=[\"git\"], decision=\"maybe\")\n".write(
        toFile: path, atomically: true, encoding: .utf8)
      let result = try await runCairn(["execpolicy", "check", "-r", path, "--", "git"])
      #expect(result.status == 1)
      #expect(result.stderr.contains("\(path):2:30: invalid decision \"maybe\""))
    }
  }

  @Test func policyShellShowsRiskAndDecidingRule() async throws {
    try await withTemporaryDirectory { directory in
      let path = directory + "/default.rules"
      try Self.rules.write(toFile: path, atomically: true, encoding: .utf8)
      let text = try await runCairn(["policy", "shell", "-r", path, "--", "git", "push"])
      #expect(text.status == 0)
      #expect(text.stdoutText.hasPrefix("risk: risky\n"))
      #expect(text.stdoutText.contains("exec policy: forbidden by \(path):2 (prefix git push)"))
      let json = try await runCairn(["policy", "shell", "--json", "--", "rm", "-rf", "/"])
      let object = try #require(jsonObject(json.stdoutText))
      #expect(object["risk"] as? String == "dangerous")
      #expect(object["execPolicy"] == nil)
    }
  }
}
