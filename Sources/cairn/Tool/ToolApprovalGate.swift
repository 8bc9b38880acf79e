import CairnCore
import CairnEngine
import CairnTools

/// The approval step of a `cairn tool` run: plan the call (in the session when there is
/// one, whose engine applies the policy and remembers approvals for the session), ask when
/// the policy says so, and record the decision.
enum ToolApprovalGate {
  /// What the step decided.
  struct Outcome: Equatable {
    /// The call's id in the session (nil outside a session).
    var callID: CallID?
    /// The policy that applied.
    var policy: ApprovalPolicy
    /// `not_required`, `approved`, `approved_for_session`, `denied`, `abort` or
    /// `undecided` (asked, but no decision could be had).
    var decision: String
    /// Whether the command runs.
    var runs: Bool
    /// Why it does not run, for stderr.
    var refusal: String?
  }

  /// Why an exec-policy rule stops `command` before anything is asked: `forbidden`, or
  /// `prompt` under the `never` policy (nobody may be asked). `allow` never asks and
  /// `prompt` always does (`asks`).
  static func ruleRefusal(
    _ rule: ToolApprovalInput.Rule?, policy: ApprovalPolicy, command: [String]
  ) -> String? {
    guard let rule else { return nil }
    let line = "cairn: `\(ShellQuoting.join(command))` was not run: "
    switch rule.decision {
    case .forbidden:
      return line + "blocked by the exec policy rule `\(rule.pattern)` (\(rule.source))"
    case .prompt where policy == .never:
      return line + "the exec policy rule `\(rule.pattern)` (\(rule.source)) requires "
        + "approval, but the approval policy is never"
    default:
      return nil
    }
  }

  static func asks(_ policy: ApprovalPolicy, risk: CommandRisk, rule: ToolApprovalInput.Rule?)
    -> Bool
  {
    switch rule?.decision {
    case .prompt?: return true
    case .allow?: return false
    default: return SessionState.policyAsks(policy, risk: risk.level)
    }
  }

  static func pass(
    tool: String, command: [String], workdir: String, risk: CommandRisk,
    rule: ToolApprovalInput.Rule? = nil, approval: ToolApprovalOptions,
    recorder: ToolSessionRecorder?
  ) throws -> Outcome {
    guard let recorder else {
      let policy = try approval.policyWithoutSession()
      if let refusal = ruleRefusal(rule, policy: policy, command: command) {
        return Outcome(policy: policy, decision: "forbidden", runs: false, refusal: refusal)
      }
      guard asks(policy, risk: risk, rule: rule) else {
        return Outcome(policy: policy, decision: "not_required", runs: true)
      }
      let reason = ToolApprovalPrompt.reason(
        command: command, risk: risk.level, reasons: risk.reasons)
      return outcome(
        ToolApprovalPrompt.ask(reason: reason, risk: risk.level, from: approval.source),
        callID: nil, policy: policy, command: command, sessionID: nil)
    }
    let policy = recorder.policy
    if let refusal = ruleRefusal(rule, policy: policy, command: command) {
      return Outcome(policy: policy, decision: "forbidden", runs: false, refusal: refusal)
    }
    let (callID, effects) = try recorder.plan(
      tool: tool, command: command, workdir: workdir, risk: risk,
      needsApproval: rule.map { _ in asks(policy, risk: risk, rule: rule) })
    if effects.contains(.startTool(callID)) {
      let asked = asks(policy, risk: risk, rule: rule)
      return Outcome(
        callID: callID, policy: policy,
        decision: asked ? ApprovalDecision.approvedForSession.rawValue : "not_required",
        runs: true)
    }
    let reason =
      recorder.pendingReason(callID)
      ?? ToolApprovalPrompt.reason(command: command, risk: risk.level, reasons: risk.reasons)
    let answer = ToolApprovalPrompt.ask(reason: reason, risk: risk.level, from: approval.source)
    return try record(
      answer, callID: callID, policy: policy, command: command, recorder: recorder)
  }

  /// Records an answer for a call waiting in the session: the decision, and for a denial
  /// the result the model would get. Nothing is recorded when there is no decision: the
  /// approval stays pending for `cairn tool decide`.
  static func record(
    _ answer: ToolApprovalPrompt.Answer, callID: CallID, policy: ApprovalPolicy,
    command: [String], recorder: ToolSessionRecorder
  ) throws -> Outcome {
    if case .decided(let decision) = answer {
      let effects = try recorder.decide(callID, decision)
      if !effects.contains(.startTool(callID)) { try recorder.denied(callID, decision) }
    }
    return outcome(
      answer, callID: callID, policy: policy, command: command,
      sessionID: recorder.engine.sessionID.rawValue)
  }

  private static func outcome(
    _ answer: ToolApprovalPrompt.Answer, callID: CallID?, policy: ApprovalPolicy,
    command: [String], sessionID: String?
  ) -> Outcome {
    let line = ShellQuoting.join(command)
    switch answer {
    case .decided(let decision):
      switch decision {
      case .approvedOnce, .approvedForSession:
        return Outcome(callID: callID, policy: policy, decision: decision.rawValue, runs: true)
      case .denied, .aborted:
        return Outcome(
          callID: callID, policy: policy, decision: decision.rawValue, runs: false,
          refusal: "cairn: `\(line)` was not run: \(ToolApprovalPrompt.label(decision))")
      }
    case .undecided(let why):
      var text = "cairn: `\(line)` needs approval under the \(policy.rawValue) policy and \(why):"
      text += " pass --approved to run it"
      if let sessionID, let callID {
        text +=
          ", or decide the pending approval with `cairn tool decide \(sessionID) \(callID) "
          + "approved` (or denied)"
      }
      return Outcome(
        callID: callID, policy: policy, decision: "undecided", runs: false, refusal: text)
    }
  }
}
