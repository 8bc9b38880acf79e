/// What one `codex … --help` page says about its command: the subcommands it lists and
/// the arguments it takes (`-h/--help` left out: every command has it).
public struct CodexHelpPage: Hashable, Sendable {
  public var path: CodexCommandPath
  /// The first line of the description, e.g. `"Run Codex non-interactively"`.
  public var summary: String
  /// Listed subcommand names, in order, without clap's own `help`.
  public var subcommands: [String]
  public var arguments: [CodexHelpArgument]
  /// The exit status recorded in the page's `# rc=N` line, if it has one.
  public var recordedExitStatus: Int?

  public init(
    path: CodexCommandPath, summary: String, subcommands: [String],
    arguments: [CodexHelpArgument], recordedExitStatus: Int?
  ) {
    self.path = path
    self.summary = summary
    self.subcommands = subcommands
    self.arguments = arguments
    self.recordedExitStatus = recordedExitStatus
  }
}
