import ArgumentParser
import CairnCore
import CairnTools

/// `cairn policy`: how the approval policy sees a command.
struct PolicyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "policy", abstract: "Show how the approval policy judges commands.",
    subcommands: [PolicyShellCommand.self])
}

/// `cairn policy shell [--json] [--rules PATH…] -- CMD…`.
struct PolicyShellCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "shell",
    abstract: "Classify a command's risk and check it against exec policy rules.",
    discussion: """
      The risk is safe, risky or dangerous with reasons (a single word containing spaces \
      is read as a shell script). With --rules, the exec policy decision and the rule that \
      decided are shown too. docs/APPROVAL_POLICY.md describes both.
      """)

  @Flag(help: "Print JSON.")
  var json = false

  @Option(
    name: [.customShort("r"), .customLong("rules")],
    help: ArgumentHelp("An exec policy rule file to check against; repeatable.", valueName: "PATH"))
  var rules: [String] = []

  @Argument(help: ArgumentHelp("The command's words.", valueName: "COMMAND"))
  var command: [String]

  func run() throws {
    let risk =
      command.count == 1 && command[0].contains(" ")
      ? CommandRisk.classify(command: command[0]) : CommandRisk.classify(argv: command)
    let evaluation = rules.isEmpty ? nil : try ExecPolicyFiles.load(rules).check(command)
    if json {
      var members: [(String, JSONValue)] = [
        ("command", .array(command.map { .string($0) })),
        ("risk", .string(risk.level.rawValue)),
        ("reasons", .array(risk.reasons.map { .string($0) })),
      ]
      if let evaluation { members.append(("execPolicy", evaluation.json)) }
      print(JSONValue.object(members).text)
      return
    }
    print("risk: \(risk.level.rawValue)")
    for reason in risk.reasons { print("  - \(reason)") }
    guard let evaluation else { return }
    guard let rule = evaluation.decidingRule else {
      print("exec policy: no rule matches")
      return
    }
    let prefix = rule.matchedPrefix.joined(separator: " ")
    print(
      "exec policy: \(rule.rule.decision.rawValue) by \(rule.rule.path):\(rule.rule.line)"
        + " (prefix \(prefix))" + (rule.rule.justification.map { ": \($0)" } ?? ""))
  }
}
