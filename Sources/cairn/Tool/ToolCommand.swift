import ArgumentParser

/// `cairn tool …`: run one command as the agent's tools run them, each step optionally
/// recorded in a session. docs/TOOLS.md, "`cairn tool`".
struct ToolCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tool",
    abstract: "Run a command as the agent's tools do: approval, process, events.",
    discussion: """
      Each subcommand classifies the command's risk, puts it through the approval policy \
      and runs it; with --session-id every step is an event in that session's log. \
      Exit status: the command's own (128 + the signal that ended it); 126 when it was not \
      approved; 127 when it could not be started; 4 when the session is locked by another \
      writer; 64 for a usage error.
      """,
    subcommands: [
      ToolShellCommand.self, ToolPtyCommand.self, ToolPtyLiveCommand.self, ToolDecideCommand.self,
    ])
}

/// The options every `cairn tool` run shares.
struct ToolRunOptions: ParsableArguments {
  @Flag(help: "Print JSON instead of the command's output.")
  var json = false

  @Option(
    name: [.customShort("C"), .customLong("cd")],
    help: ArgumentHelp("The directory to run the command in.", valueName: "DIR"))
  var cd: String?

  @Option(
    name: .customLong("session-id"),
    help: ArgumentHelp("Record every step in this session's log.", valueName: "ID"))
  var sessionID: String?

  @Option(help: "The Cairn home (default: $CAIRN_HOME, else ~/.cairn).")
  var home: String?
}

/// Exit statuses of `cairn tool` besides the command's own.
enum ToolExitStatus {
  /// The command was not approved (refused without a terminal, denied or aborted).
  static let notApproved: Int32 = 126
  /// The command could not be started (not found, a bad working directory).
  static let notStarted: Int32 = 127
}
