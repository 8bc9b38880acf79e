/// Exec-policy rules loaded from `.rules` files (Codex's `prefix_rule` and
/// `host_executable`), and the check of a command against them.
///
/// ```swift
/// var policy = ExecPolicy()
/// try policy.load(source: #"prefix_rule(pattern=["git", "push"], decision="forbidden")"#,
///                 path: "default.rules")
/// policy.check(["git", "push", "origin"]).decision  // .forbidden
/// ```
public struct ExecPolicy: Sendable, Equatable {
  /// Every rule, in the order the files and calls defined them.
  public private(set) var rules: [ExecPolicyPrefixRule] = []
  /// `host_executable(name=…, paths=[…])`: the absolute paths a base name may stand for.
  public private(set) var hostExecutables: [String: [String]] = [:]

  public init() {}

  /// Adds the rules of one file. `home` expands `~/` in `host_executable` paths. Nothing is
  /// added when the file has an error.
  public mutating func load(source: String, path: String, home: String? = nil)
    throws(ExecPolicyError)
  {
    var loader = ExecPolicyLoader(path: path, home: home, policy: self)
    try loader.load(source)
    self = loader.policy
  }

  mutating func add(_ rule: ExecPolicyPrefixRule) { rules.append(rule) }
  mutating func setHostExecutable(_ name: String, paths: [String]) {
    hostExecutables[name] = paths
  }

  /// The rules `argv` matches. With `resolveHostExecutables`, an absolute program path that
  /// no rule names matches the rules for its base name, when the base name has no
  /// `host_executable` entry or the entry lists the path.
  public func check(_ argv: [String], resolveHostExecutables: Bool = false)
    -> ExecPolicyEvaluation
  {
    guard let program = argv.first else { return ExecPolicyEvaluation(matchedRules: []) }
    let direct = matches(argv, program: program, resolved: nil)
    guard direct.isEmpty, resolveHostExecutables, program.hasPrefix("/") else {
      return ExecPolicyEvaluation(matchedRules: direct)
    }
    let baseName = String(program.split(separator: "/").last ?? "")
    guard !baseName.isEmpty else { return ExecPolicyEvaluation(matchedRules: []) }
    if let allowed = hostExecutables[baseName], !allowed.contains(program) {
      return ExecPolicyEvaluation(matchedRules: [])
    }
    return ExecPolicyEvaluation(matchedRules: matches(argv, program: baseName, resolved: program))
  }

  private func matches(_ argv: [String], program: String, resolved: String?)
    -> [ExecPolicyRuleMatch]
  {
    rules.compactMap { rule in
      rule.matchedPrefix(of: argv, program: program).map {
        ExecPolicyRuleMatch(rule: rule, matchedPrefix: $0, resolvedProgram: resolved)
      }
    }
  }
}

extension ExecPolicy {
  /// Example checks see the `host_executable` entries loaded so far.
  mutating func hostExecutablesFrom(_ other: ExecPolicy) {
    hostExecutables = other.hostExecutables
  }
}
