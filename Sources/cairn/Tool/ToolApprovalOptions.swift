import ArgumentParser
import CairnCodex
import CairnCore
import CairnTools

/// How a `cairn tool` run is approved: the policy, and where a decision comes from.
struct ToolApprovalOptions: ParsableArguments {
  @Flag(help: "Run without asking, as if approved once.")
  var approved = false

  @Option(
    name: [.customShort("a"), .customLong("ask-for-approval")],
    help: ArgumentHelp(
      "When to ask: untrusted, on-request, on-failure or never (default: the session's "
        + "policy with --session-id, else approval_policy from the config, else on-request).",
      valueName: "POLICY"))
  var askForApproval: ApprovalPolicy?

  @Flag(
    help: ArgumentHelp(
      "Read the decision from standard input, a line of approved, approved-for-session, "
        + "denied or abort (or y, a, n, q), instead of asking on the terminal."))
  var decisionFromStdin = false

  /// Where a decision comes from when the policy asks.
  var source: ToolApprovalPrompt.Source {
    if approved { return .approvedFlag }
    if decisionFromStdin { return .standardInputLines }
    return ToolApprovalPrompt.standardInputIsTerminal ? .terminal : .none
  }

  /// The policy of a run outside a session: -a, else the config's, else on-request.
  func policyWithoutSession() throws -> ApprovalPolicy {
    if let askForApproval { return askForApproval }
    let effective = try ConfigLoader.load(
      ConfigRequest(home: CodexHome.resolve(option: nil)), catalog: .embedded)
    if effective.hasErrors {
      throw ConfigError.invalid(effective.diagnostics.filter { $0.severity == .error })
    }
    // `granular` (a table of per-kind switches) is read as on-request, its closest policy.
    return CodexConfig(effective).approvalPolicy.flatMap { ApprovalPolicy(rawValue: $0.rawValue) }
      ?? .onRequest
  }

  /// The exec-policy rule that decides `command`, from `$CODEX_HOME/rules/*.rules` as for
  /// the agent's commands; nil when none matches.
  func rule(for command: [String]) throws -> ToolApprovalInput.Rule? {
    let policy = try AgentToolPermissions.execPolicy(codexHome: CodexHome.resolve(option: nil).path)
    return ToolApprovalInput.Rule(policy.checkShell(command))
  }
}
