import ArgumentParser
import CairnCodex

private let execPolicyReason = "exec policy rule files are not evaluated yet"

/// `cairn execpolicy` (hidden, as in Codex).
struct ExecPolicyCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "execpolicy", abstract: "Tools for exec policy rule files.",
    shouldDisplay: false, subcommands: [ExecPolicyCheckCommand.self])

  static let codexParity = CodexParity.notSupported(reason: execPolicyReason)
}

/// `cairn execpolicy check --rules PATH COMMAND...`.
struct ExecPolicyCheckCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "check", abstract: "Check a command against exec policy rule files.")

  static let codexParity = CodexParity.notSupported(reason: execPolicyReason)

  @Argument(help: ArgumentHelp("The command's words.", valueName: "COMMAND"))
  var command: [String]

  @Option(
    name: [.customShort("r"), .customLong("rules")],
    help: ArgumentHelp("A rule file to load; repeatable.", valueName: "PATH"))
  var rules: [String]

  @Flag(help: "Indent the JSON result.")
  var pretty = false

  @Flag(
    help: """
      Match absolute program paths against rules for their base name, as the policy's \
      host_executable() entries allow.
      """)
  var resolveHostExecutables = false
}
