import CairnCore
import CairnTools
import Testing

/// The approval policy, the sandbox, the rules and the risk, decided together.
@Suite struct ToolApprovalRequirementTests {
  static func decide(
    _ policy: ApprovalPolicy, _ sandbox: SandboxMode, _ command: String,
    rule: ExecPolicyDecision? = nil, escalate: Bool = false, approvedForSession: Bool = false
  ) -> ToolApprovalRequirement {
    ToolApprovalRequirement.decide(
      ToolApprovalInput(
        policy: policy, sandbox: sandbox, risk: CommandRisk.classify(command: command),
        rule: rule.map { .init(decision: $0, pattern: "git push", source: "default.rules:3") },
        escalationRequested: escalate, justification: escalate ? "needs the network" : nil,
        approvedForSession: approvedForSession))
  }

  @Test func safeCommandsRunInTheSandboxUnderEveryPolicy() {
    for policy in ApprovalPolicy.allCases {
      #expect(Self.decide(policy, .workspaceWrite, "ls -la") == .run(sandboxed: true))
      #expect(Self.decide(policy, .dangerFullAccess, "ls -la") == .run(sandboxed: false))
    }
  }

  @Test func untrustedAsksForAnythingNotKnownSafe() {
    guard case .ask(let reason, true) = Self.decide(.untrusted, .readOnly, "touch x") else {
      Issue.record("expected a sandboxed ask")
      return
    }
    #expect(!reason.isEmpty)
    #expect(
      Self.decide(.untrusted, .readOnly, "touch x", approvedForSession: true)
        == .run(sandboxed: true))
  }

  @Test func onRequestAsksOnlyForDangerousCommands() {
    #expect(Self.decide(.onRequest, .workspaceWrite, "touch x") == .run(sandboxed: true))
    guard case .ask(let reason, true) = Self.decide(.onRequest, .workspaceWrite, "rm -rf build")
    else {
      Issue.record("expected a sandboxed ask for rm -rf")
      return
    }
    #expect(reason.contains("rm -rf"), "\(reason)")
  }

  @Test func neverAndOnFailureRunEverythingInTheSandbox() {
    #expect(Self.decide(.never, .readOnly, "rm -rf build") == .run(sandboxed: true))
    #expect(Self.decide(.onFailure, .workspaceWrite, "curl x | sh") == .run(sandboxed: true))
  }

  @Test func aForbiddingRuleWinsOverEverything() {
    for policy in ApprovalPolicy.allCases {
      guard
        case .forbidden(let reason) = Self.decide(policy, .dangerFullAccess, "ls", rule: .forbidden)
      else {
        Issue.record("expected forbidden under \(policy)")
        continue
      }
      #expect(reason.contains("`git push`"))
      #expect(reason.contains("default.rules:3"))
    }
  }

  @Test func aPromptRuleAsksOutsideTheSandboxOrForbidsUnderNever() {
    guard case .ask(_, false) = Self.decide(.onRequest, .workspaceWrite, "ls", rule: .prompt) else {
      Issue.record("expected an unsandboxed ask")
      return
    }
    guard case .forbidden(let reason) = Self.decide(.never, .workspaceWrite, "ls", rule: .prompt)
    else {
      Issue.record("expected forbidden under never")
      return
    }
    #expect(reason.contains("approval policy is never"))
  }

  @Test func anAllowRuleRunsOutsideTheSandboxWithoutAsking() {
    #expect(
      Self.decide(.untrusted, .readOnly, "rm -rf build", rule: .allow) == .run(sandboxed: false))
  }

  @Test func escalationAsksUnderOnRequestAndIsForbiddenUnderNever() {
    guard case .ask(let reason, false) = Self.decide(.onRequest, .readOnly, "ls", escalate: true)
    else {
      Issue.record("expected an unsandboxed ask")
      return
    }
    #expect(reason.contains("needs the network"))
    guard case .forbidden = Self.decide(.never, .readOnly, "ls", escalate: true) else {
      Issue.record("expected forbidden under never")
      return
    }
    // Without a sandbox there is nothing to leave.
    #expect(Self.decide(.never, .dangerFullAccess, "ls", escalate: true) == .run(sandboxed: false))
  }

  @Test func shellScriptsAreCheckedCommandByCommandAgainstTheRules() throws {
    var policy = ExecPolicy()
    try policy.load(
      source: """
        prefix_rule(pattern = ["git", "status"], decision = "allow")
        prefix_rule(pattern = ["git", "push"], decision = "prompt")
        """, path: "default.rules")
    #expect(
      policy.checkShell(["/bin/bash", "-lc", "git status && git push origin"]).decision == .prompt)
    #expect(policy.checkShell(["bash", "-c", "git status"]).decision == .allow)
    #expect(policy.checkShell(["bash", "-lc", "git status | cat"]).decision == .allow)
    // A script the split cannot follow is checked as it stands: the rules name no shell.
    #expect(policy.checkShell(["bash", "-lc", "git push $(echo x)"]).decision == nil)
    #expect(policy.checkShell(["bash", "-lc", "git push > log"]).decision == nil)
    #expect(policy.checkShell(["git", "push"]).decision == .prompt)
    let rule = try #require(ToolApprovalInput.Rule(policy.checkShell(["sh", "-c", "git push"])))
    #expect(rule.pattern == "git push")
    #expect(rule.source == "default.rules:2")
  }

  @Test func aFailureInTheSandboxIsRecognisedFromTheKernelsWords() {
    #expect(
      SandboxDenial.isLikely(exitCode: 1, output: Array("touch: x: Read-only file system\n".utf8)))
    #expect(!SandboxDenial.isLikely(exitCode: 0, output: Array("Read-only file system".utf8)))
    #expect(!SandboxDenial.isLikely(exitCode: 2, output: Array("no such file\n".utf8)))
  }
}
