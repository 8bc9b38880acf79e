import ArgumentParser
import CairnTools

/// `cairn tool pty-live [--json] [--session-id ID] --step STEP… -- CMD…`: drives a live
/// process in a terminal step by step, each step an event with --session-id.
struct ToolPtyLiveCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "pty-live",
    abstract: "Drive a command in a pseudo-terminal step by step.",
    discussion: """
      Steps, in order: input-line:TEXT (TEXT and a newline), input:TEXT (escapes \\n \\r \
      \\t \\e \\\\ \\xNN), resize:COLSxROWS, drain:MS (show what arrives for MS \
      milliseconds), signal:NAME|NUMBER (to the process group), close-input, wait (until \
      the process exits), kill (SIGKILL to the group, then wait). A process still running \
      after the last step gets SIGTERM (SIGKILL 2 s later). A step that does not parse is \
      an error naming it (status 2); a step that fails stops the run (status 1). With \
      --json: one object per step, then the run's summary as `tool shell --json` prints it.
      """)

  @OptionGroup var options: ToolRunOptions
  @OptionGroup var approval: ToolApprovalOptions

  @Option(name: .customLong("step"), help: ArgumentHelp("A step; repeatable.", valueName: "STEP"))
  var steps: [String] = []

  @Option(help: "The terminal's rows at the start.")
  var rows: UInt16 = TerminalSize.standard.rows

  @Option(help: "The terminal's columns at the start.")
  var cols: UInt16 = TerminalSize.standard.columns

  @Argument(help: ArgumentHelp("The command and its arguments.", valueName: "COMMAND"))
  var command: [String] = []

  func run() throws {
    var parsed: [LiveStep] = []
    for (offset, text) in steps.enumerated() {
      do {
        parsed.append(try LiveStep.parse(text, index: offset + 1))
      } catch {
        StandardError.write("cairn tool pty-live: \(error)\n")
        throw ExitCode(2)
      }
    }
    guard rows > 0, cols > 0 else { throw ValidationError("--rows and --cols must be at least 1") }
    let argv = ToolInvocation.argv(command)
    let size = TerminalSize(rows: rows, columns: cols)
    let invocation = ToolInvocation(
      tool: "pty-live", command: argv, options: options, approval: approval)
    let status = try invocation.execute { context, streams in
      try LiveStepRunner.run(argv, size: size, steps: parsed, context: context, streams: &streams)
    }
    if status != 0 { throw ExitCode(status) }
  }
}
