import CairnTools
import Foundation
import Testing

/// Outputs captured from `codex execpolicy check` 0.147.0 (Fixtures/execpolicy) and the
/// error positions of bad rule files.
@Suite struct ExecPolicyTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/execpolicy")

  static func policy(_ names: [String]) throws -> ExecPolicy {
    var policy = ExecPolicy()
    for name in names {
      let source = try String(
        contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
      try policy.load(source: source, path: name)
    }
    return policy
  }

  static func captured(_ name: String) throws -> String {
    try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
      .trimmingCharacters(in: .newlines)
  }

  @Test(arguments: [
    (["a.rules"], ["git", "push", "origin"], false, "a-git-push.json"),
    (["a.rules"], ["ls"], false, "a-ls.json"),
    (["b.rules"], ["rmdir", "-rf", "x"], false, "b-rmdir.json"),
    (["b.rules"], ["/usr/bin/git", "push"], true, "b-resolved.json"),
    (["b.rules"], ["/opt/git", "push"], true, "b-resolved-other.json"),
    (["a.rules", "b.rules"], ["git", "push"], false, "ab-git-push.json"),
  ])
  func matchesCodexOutput(files: [String], argv: [String], resolve: Bool, expected: String)
    throws
  {
    let evaluation = try Self.policy(files).check(argv, resolveHostExecutables: resolve)
    #expect(evaluation.json.text == (try Self.captured(expected)))
  }

  @Test func strictestDecisionWinsAndNamesTheRule() throws {
    let evaluation = try Self.policy(["a.rules"]).check(["git", "push", "origin"])
    #expect(evaluation.decision == .forbidden)
    #expect(evaluation.decidingRule?.rule.line == 1)
    #expect(evaluation.decidingRule?.rule.justification == "no pushing")
    #expect(evaluation.matchedRules.count == 2)
  }

  @Test func alternativesAndShortCommands() throws {
    var policy = ExecPolicy()
    try policy.load(
      source: "prefix_rule(pattern=[\"gh\", \"pr\", [\"view\", \"list\"]], decision='prompt')\n",
      path: "x.rules")
    #expect(policy.check(["gh", "pr", "list", "--json"]).decision == .prompt)
    #expect(policy.check(["gh", "pr"]).decision == nil)
    #expect(policy.check(["gh", "pr", "merge"]).decision == nil)
    #expect(policy.check([]).decision == nil)
  }

  @Test func stringExamplesAreSplitLikeAShell() throws {
    var policy = ExecPolicy()
    try policy.load(
      source: """
        prefix_rule(
            pattern = ["echo", "a b"],
            match = ["echo 'a b' c", "echo \\"a b\\""],
            not_match = ["echo a b"],
        )
        """, path: "x.rules")
    #expect(policy.rules.count == 1)
  }

  @Test(arguments: [
    ("prefix_rule(pattern=[\"git\"], decision=\"maybe\")\n", "x.rules:1:30: invalid decision"),
    ("prefix_rule(pattern=[], decision=\"allow\")\n", "x.rules:1:13: pattern cannot be empty"),
    ("prefix_rule(pattern=[\"git\"]\n", "x.rules:2:1: expected ',' or ')'"),
    ("prefix_rule(pattern=[\"git\"], match=[\"ls\"])\n", "x.rules:1:30: the match example"),
    ("\n\nrun_rule(pattern=[\"git\"])\n", "x.rules:3:1: unknown function run_rule"),
    ("prefix_rule(pattern=[\"git)\n", "x.rules:1:22: the string is not closed"),
    ("prefix_rule(patern=[\"git\"])\n", "x.rules:1:13: prefix_rule has no parameter 'patern'"),
    ("prefix_rule(pattern=[\"git\"], justification=\" \")\n", "x.rules:1:30: justification"),
    ("host_executable(name=\"git\", paths=[\"/usr/bin/gti\"])\n", "x.rules:1:29: host_executable"),
    ("prefix_rule(pattern=[1])\n", "x.rules:1:22: expected a string"),
  ])
  func badFilesNamePositionAndCause(source: String, expected: String) {
    var policy = ExecPolicy()
    #expect {
      try policy.load(source: source, path: "x.rules")
    } throws: { error in
      "\(error)".hasPrefix(expected)
    }
    #expect(policy.rules.isEmpty)
  }
}
