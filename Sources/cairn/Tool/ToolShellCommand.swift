import ArgumentParser

/// `cairn tool shell [--json] [--approved] [-C DIR] [--session-id ID] [-a POLICY] -- CMD…`.
struct ToolShellCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "shell",
    abstract: "Run a command with pipes once the approval policy allows it.",
    discussion: """
      The command's output streams through as it comes and Cairn exits with its status. \
      When the policy asks and --approved is not given, Cairn asks on the terminal \
      (y once, a for the session, n deny, q or Esc abort); without a terminal it refuses \
      (status 126). A single word containing spaces is run as a /bin/sh script. With \
      --json, one object: risk, reasons, decision, exit_code, signal, duration_ms, \
      stdout and stderr (head and tail kept, with truncated counts).
      """)

  @OptionGroup var options: ToolRunOptions
  @OptionGroup var approval: ToolApprovalOptions

  @Argument(help: ArgumentHelp("The command and its arguments.", valueName: "COMMAND"))
  var command: [String] = []

  func run() throws {
    let argv = ToolInvocation.argv(command)
    let invocation = ToolInvocation(
      tool: "shell", command: argv, options: options, approval: approval)
    let status = try invocation.execute { context, streams in
      try ToolPlainRun.run(
        argv, workdir: context.workdir, environment: context.environment,
        callID: context.callID, recorder: context.recorder, streams: &streams,
        cancellation: context.cancellation)
    }
    if status != 0 { throw ExitCode(status) }
  }
}
