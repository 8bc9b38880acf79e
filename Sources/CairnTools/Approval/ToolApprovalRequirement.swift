import CairnCore

/// What must happen before a shell call runs: the approval policy, the sandbox, the
/// exec-policy rules and the command's risk, decided together.
///
/// ```swift
/// let requirement = ToolApprovalRequirement.decide(
///   ToolApprovalInput(
///     policy: .onRequest, sandbox: .workspaceWrite, risk: CommandRisk.classify(command: "rm -rf x"),
///     rule: nil, escalationRequested: false))
/// // .ask(reason: "deletes files recursively (rm -rf)", sandboxed: true)
/// ```
///
/// The order is Codex's: a matching rule decides first (the strictest wins; `allow`
/// also lifts the sandbox), then a request to run outside the sandbox, then the policy
/// with the risk. Pure: the same input always gives the same answer.
public enum ToolApprovalRequirement: Sendable, Equatable {
  /// Runs without asking, in the sandbox or not.
  case run(sandboxed: Bool)
  /// Asks the user first; once approved it runs in the sandbox or not.
  case ask(reason: String, sandboxed: Bool)
  /// Never runs; `reason` is what the model gets back.
  case forbidden(reason: String)

  public static func decide(_ input: ToolApprovalInput) -> ToolApprovalRequirement {
    let sandboxAvailable = input.sandbox != .dangerFullAccess
    if let rule = input.rule {
      switch rule.decision {
      case .forbidden:
        return .forbidden(
          reason: "blocked by the exec policy rule `\(rule.pattern)` (\(rule.source))")
      case .prompt:
        if input.policy == .never {
          return .forbidden(
            reason: """
              the exec policy rule `\(rule.pattern)` (\(rule.source)) requires approval, but \
              the approval policy is never
              """)
        }
        return .ask(reason: "the exec policy rule `\(rule.pattern)` asks first", sandboxed: false)
      case .allow:
        return .run(sandboxed: false)
      }
    }
    if input.escalationRequested && sandboxAvailable {
      switch input.policy {
      case .onRequest, .untrusted:
        let why = input.justification.map { ": \($0)" } ?? ""
        return .ask(reason: "the model asks to run outside the sandbox\(why)", sandboxed: false)
      case .onFailure, .never:
        return .forbidden(
          reason: """
            the approval policy is \(input.policy.rawValue), so running outside the sandbox \
            cannot be approved; run the command within the sandbox or explain to the user \
            what it needs
            """)
      }
    }
    if input.approvedForSession { return .run(sandboxed: sandboxAvailable) }
    let why =
      input.risk.reasons.isEmpty
      ? "\(input.risk.level.rawValue) command" : input.risk.reasons.joined(separator: "; ")
    switch input.policy {
    case .untrusted:
      return input.risk.level == .safe
        ? .run(sandboxed: sandboxAvailable) : .ask(reason: why, sandboxed: sandboxAvailable)
    case .onRequest:
      return input.risk.level == .dangerous
        ? .ask(reason: why, sandboxed: sandboxAvailable) : .run(sandboxed: sandboxAvailable)
    case .onFailure, .never:
      return .run(sandboxed: sandboxAvailable)
    }
  }
}

/// Everything `ToolApprovalRequirement.decide` looks at.
public struct ToolApprovalInput: Sendable, Equatable {
  /// The exec-policy rule that decided, shown by its pattern and file.
  public struct Rule: Sendable, Equatable {
    public var decision: ExecPolicyDecision
    public var pattern: String
    public var source: String

    public init(decision: ExecPolicyDecision, pattern: String, source: String) {
      self.decision = decision
      self.pattern = pattern
      self.source = source
    }
  }

  public var policy: ApprovalPolicy
  public var sandbox: SandboxMode
  public var risk: CommandRisk
  public var rule: Rule?
  /// The model asked for `sandbox_permissions: require_escalated`.
  public var escalationRequested: Bool
  public var justification: String?
  /// The user approved this exact command for the rest of the session.
  public var approvedForSession: Bool

  public init(
    policy: ApprovalPolicy, sandbox: SandboxMode, risk: CommandRisk, rule: Rule? = nil,
    escalationRequested: Bool = false, justification: String? = nil,
    approvedForSession: Bool = false
  ) {
    self.policy = policy
    self.sandbox = sandbox
    self.risk = risk
    self.rule = rule
    self.escalationRequested = escalationRequested
    self.justification = justification
    self.approvedForSession = approvedForSession
  }
}
