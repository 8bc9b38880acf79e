import ArgumentParser
import CairnCodex

private let cloudReason =
  "Codex Cloud is a private OpenAI service, which Cairn does not talk to"

/// `cairn cloud`: Codex Cloud tasks.
struct CloudCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "cloud",
    abstract: "[experimental] Browse Codex Cloud tasks and apply their changes here.",
    subcommands: [
      CloudExecCommand.self, CloudStatusCommand.self, CloudListCommand.self,
      CloudApplyCommand.self, CloudDiffCommand.self,
    ])

  static let codexParity = CodexParity.notSupported(reason: cloudReason)
}

/// `cairn cloud exec`.
struct CloudExecCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "exec", abstract: "Start a Codex Cloud task.")

  static let codexParity = CodexParity.notSupported(reason: cloudReason)

  @Argument(help: ArgumentHelp("What the task should do.", valueName: "QUERY"))
  var query: String?

  @Option(help: ArgumentHelp("The environment to run in.", valueName: "ENV_ID"))
  var env: String

  @Option(help: ArgumentHelp("How many attempts to run (best of N).", valueName: "ATTEMPTS"))
  var attempts: Int?

  @Option(
    help: ArgumentHelp("The Git branch to run on (default: the current one).", valueName: "BRANCH"))
  var branch: String?
}

/// The task a `cloud` command acts on.
struct CloudTaskArgument: ParsableArguments {
  @Argument(help: ArgumentHelp("The Codex Cloud task's id.", valueName: "TASK_ID"))
  var taskID: String
}

/// `cairn cloud status`.
struct CloudStatusCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "status", abstract: "Show a Codex Cloud task's status.")

  static let codexParity = CodexParity.notSupported(reason: cloudReason)

  @OptionGroup var task: CloudTaskArgument
}

/// `cairn cloud list`.
struct CloudListCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "List Codex Cloud tasks.")

  static let codexParity = CodexParity.notSupported(reason: cloudReason)

  @Option(help: ArgumentHelp("Only tasks of this environment.", valueName: "ENV_ID"))
  var env: String?

  @Option(help: ArgumentHelp("At most this many tasks (1 to 20).", valueName: "N"))
  var limit: Int?

  @Option(
    help: ArgumentHelp("Continue from a cursor an earlier listing printed.", valueName: "CURSOR"))
  var cursor: String?

  @Flag(help: "Print the list as JSON.")
  var json = false
}

/// `cairn cloud apply`.
struct CloudApplyCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "apply", abstract: "Apply a Codex Cloud task's diff to the working tree.")

  static let codexParity = CodexParity.notSupported(reason: cloudReason)

  @OptionGroup var task: CloudTaskArgument

  @Option(help: ArgumentHelp("Which attempt to apply, from 1.", valueName: "N"))
  var attempt: Int?
}

/// `cairn cloud diff`.
struct CloudDiffCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff", abstract: "Print a Codex Cloud task's unified diff.")

  static let codexParity = CodexParity.notSupported(reason: cloudReason)

  @OptionGroup var task: CloudTaskArgument

  @Option(help: ArgumentHelp("Which attempt to show, from 1.", valueName: "N"))
  var attempt: Int?
}

/// `cairn apply`: apply the latest diff of a Codex Cloud task.
struct ApplyCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "apply",
    abstract: "Apply a Codex Cloud task's latest diff with `git apply`.",
    aliases: ["a"])

  static let codexParity = CodexParity.notSupported(reason: cloudReason)

  @OptionGroup var task: CloudTaskArgument
}
