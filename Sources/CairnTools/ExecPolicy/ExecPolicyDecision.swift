/// What an exec-policy rule says about a command. Ordered by strictness, so the strictest
/// of several matching rules is their maximum.
public enum ExecPolicyDecision: String, Sendable, Hashable, Comparable, CaseIterable {
  case allow
  case prompt
  case forbidden

  private var strictness: Int {
    switch self {
    case .allow: 0
    case .prompt: 1
    case .forbidden: 2
    }
  }

  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.strictness < rhs.strictness }
}
