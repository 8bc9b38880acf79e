extension ExecPolicy {
  /// The rules a shell tool's command matches. `[shell, "-c" or "-lc", script]` whose
  /// script is plain (literal words joined by `&&`, `||`, `;` or `|`, nothing the split
  /// cannot follow) is checked command by command, all matches together, so the strictest
  /// of them decides; any other command line is checked as it is.
  ///
  /// ```swift
  /// policy.checkShell(["/bin/bash", "-lc", "git status && git push"]).decision
  /// // the stricter of the rules for `git status` and `git push`
  /// ```
  public func checkShell(_ argv: [String]) -> ExecPolicyEvaluation {
    guard let commands = Self.plainCommands(argv) else { return check(argv) }
    return ExecPolicyEvaluation(matchedRules: commands.flatMap { check($0).matchedRules })
  }

  /// The simple commands of a plain shell script, or nil when `argv` is not one.
  static func plainCommands(_ argv: [String]) -> [[String]]? {
    guard argv.count == 3, argv[1] == "-c" || argv[1] == "-lc",
      let shell = argv[0].split(separator: "/").last,
      Assessment.shells.contains(String(shell))
    else { return nil }
    let script = ShellScript.parse(argv[2])
    guard script.findings.isEmpty, !script.commands.isEmpty else { return nil }
    var commands: [[String]] = []
    for command in script.commands {
      guard command.joint != .background, command.redirections.isEmpty, !command.words.isEmpty,
        command.words.allSatisfy({ $0.isLiteral && !$0.hasGlob && $0.substitutions.isEmpty })
      else { return nil }
      commands.append(command.words.map(\.text))
    }
    return commands
  }
}

extension ToolApprovalInput.Rule {
  /// The rule that decided `evaluation`, or nil when no rule matched.
  public init?(_ evaluation: ExecPolicyEvaluation) {
    guard let deciding = evaluation.decidingRule else { return nil }
    self.init(
      decision: deciding.rule.decision, pattern: deciding.matchedPrefix.joined(separator: " "),
      source: "\(deciding.rule.path):\(deciding.rule.line)")
  }
}
