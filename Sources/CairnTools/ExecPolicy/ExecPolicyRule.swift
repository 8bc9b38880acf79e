/// One `prefix_rule`: the command matches when its first words are the pattern's, each
/// word being one of the alternatives at its position.
public struct ExecPolicyPrefixRule: Sendable, Equatable {
  /// The program (the first word), one rule per alternative of the pattern's first element.
  public var program: String
  /// The alternatives for each word after the program.
  public var rest: [[String]]
  public var decision: ExecPolicyDecision
  public var justification: String?
  /// Where the rule's `prefix_rule(` call is, for messages.
  public var path: String
  public var line: Int

  public init(
    program: String, rest: [[String]], decision: ExecPolicyDecision, justification: String?,
    path: String, line: Int
  ) {
    self.program = program
    self.rest = rest
    self.decision = decision
    self.justification = justification
    self.path = path
    self.line = line
  }

  /// The matched prefix of `argv` when the rule matches it (the program taken as matched).
  func matchedPrefix(of argv: [String], program candidate: String) -> [String]? {
    guard argv.count > rest.count, candidate == program else { return nil }
    for (index, alternatives) in rest.enumerated()
    where !alternatives.contains(argv[index + 1]) {
      return nil
    }
    return [program] + argv[1..<(rest.count + 1)]
  }
}
