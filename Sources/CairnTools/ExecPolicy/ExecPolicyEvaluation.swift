import CairnCore

/// A rule that matched a command, and the prefix it matched.
public struct ExecPolicyRuleMatch: Sendable, Equatable {
  public var rule: ExecPolicyPrefixRule
  public var matchedPrefix: [String]
  /// The absolute program path, when the rule matched through its base name
  /// (`--resolve-host-executables`).
  public var resolvedProgram: String?

  /// Codex's `{"prefixRuleMatch": {…}}` shape.
  public var json: JSONValue {
    var members: [(String, JSONValue)] = [
      ("matchedPrefix", .array(matchedPrefix.map { .string($0) })),
      ("decision", .string(rule.decision.rawValue)),
    ]
    if let resolvedProgram { members.append(("resolvedProgram", .string(resolvedProgram))) }
    if let justification = rule.justification {
      members.append(("justification", .string(justification)))
    }
    return .object([("prefixRuleMatch", .object(members))])
  }
}

/// The rules a command matched, in the order they were defined, and the strictest decision
/// among them (nil when none matched).
public struct ExecPolicyEvaluation: Sendable, Equatable {
  public var matchedRules: [ExecPolicyRuleMatch]

  public var decision: ExecPolicyDecision? { matchedRules.map(\.rule.decision).max() }

  /// The first matched rule with the strictest decision: the one that decided.
  public var decidingRule: ExecPolicyRuleMatch? {
    guard let decision else { return nil }
    return matchedRules.first { $0.rule.decision == decision }
  }

  /// Codex's `execpolicy check` output: `decision` is left out when nothing matched.
  public var json: JSONValue {
    var members: [(String, JSONValue)] = [("matchedRules", .array(matchedRules.map(\.json)))]
    if let decision { members.append(("decision", .string(decision.rawValue))) }
    return .object(members)
  }
}
