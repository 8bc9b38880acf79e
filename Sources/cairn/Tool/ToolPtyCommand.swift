import ArgumentParser
import CairnTools

/// `cairn tool pty [--json] [--rows R --cols C] [-C DIR] [--session-id ID] -- CMD…`.
struct ToolPtyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "pty",
    abstract: "Run a command in a pseudo-terminal once the approval policy allows it.",
    discussion: """
      Like `cairn tool shell`, but the command's stdin, stdout and stderr are one \
      terminal of the given size (its output is one stream, shown on stdout), and it \
      leads a session with that terminal as its controlling terminal. Cairn waits for \
      its end and exits with its status.
      """)

  @OptionGroup var options: ToolRunOptions
  @OptionGroup var approval: ToolApprovalOptions

  @Option(help: "The terminal's rows.")
  var rows: UInt16 = TerminalSize.standard.rows

  @Option(help: "The terminal's columns.")
  var cols: UInt16 = TerminalSize.standard.columns

  @Argument(help: ArgumentHelp("The command and its arguments.", valueName: "COMMAND"))
  var command: [String] = []

  func validate() throws {
    guard rows > 0, cols > 0 else {
      throw ValidationError("--rows and --cols must be at least 1")
    }
  }

  func run() throws {
    let argv = ToolInvocation.argv(command)
    let size = TerminalSize(rows: rows, columns: cols)
    let invocation = ToolInvocation(
      tool: "pty", command: argv, options: options, approval: approval)
    let status = try invocation.execute { context, streams in
      try ToolPtyRun.run(argv, size: size, context: context, streams: &streams)
    }
    if status != 0 { throw ExitCode(status) }
  }
}
