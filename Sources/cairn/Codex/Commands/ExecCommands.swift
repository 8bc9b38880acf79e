import ArgumentParser
import CairnCodex

private let execReason =
  "non-interactive runs need the model runtime, which is not built yet"

/// `cairn exec`: one non-interactive run. Its options are declared here, once, and apply
/// to `exec resume` and `exec review` too (the argument parser gives a parent's options
/// to the parent wherever they appear); the prompt lives in a hidden default subcommand.
struct ExecCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "exec",
    abstract: "Run an agent without the terminal UI and print what it did.",
    usage: """
      cairn exec [<options>] [PROMPT]
      cairn exec [<options>] <subcommand>
      """,
    discussion: """
      The prompt comes from the PROMPT argument, or from stdin when it is missing or `-`; \
      with both, stdin is added to the prompt as a <stdin> block.
      """,
    subcommands: [ExecResumeCommand.self, ExecReviewCommand.self, ExecPromptCommand.self],
    defaultSubcommand: ExecPromptCommand.self,
    aliases: ["e"])

  static let codexParity = CodexParity.notSupported(reason: execReason)

  @OptionGroup var strictConfig: CodexStrictConfigOption
  @OptionGroup var run: CodexRunOptions
  @OptionGroup var output: CodexExecOutputOptions

  @Option(
    help: ArgumentHelp(
      "When to color the output: always, never or auto.", valueName: "COLOR"))
  var color: String?
}

/// `cairn exec [PROMPT]`: the run itself (hidden; see `ExecCommand`).
struct ExecPromptCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "run", abstract: "Run one prompt.", shouldDisplay: false)

  static let codexParity = ExecCommand.codexParity

  @Argument(
    help: ArgumentHelp(
      "What the agent should do; `-` or nothing reads it from stdin.", valueName: "PROMPT"))
  var prompt: String?
}

/// `cairn exec resume`: continue a recorded session non-interactively.
struct ExecResumeCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "resume",
    abstract: "Continue a session, by id or name, or the latest one with --last.")

  static let codexParity = CodexParity.notSupported(reason: execReason)

  @Argument(
    help: ArgumentHelp(
      "The session's id (a UUID) or name; leave out with --last.", valueName: "SESSION_ID"))
  var sessionID: String?

  @Argument(
    help: ArgumentHelp(
      "The prompt to send after resuming; `-` reads it from stdin.", valueName: "PROMPT"))
  var prompt: String?

  @Flag(help: "Pick the most recent session, without a picker.")
  var last = false

  @Flag(help: "Consider sessions from every directory, not only the current one.")
  var all = false
}

/// `cairn exec review`: a code review of the repository, non-interactively.
struct ExecReviewCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "review", abstract: "Review the current repository's changes.")

  static let codexParity = CodexParity.notSupported(
    reason: "code reviews need the model runtime, which is not built yet")

  @OptionGroup var target: CodexReviewTarget
}
