import ArgumentParser
import CairnCodex

/// `cairn resume`: continue a recorded session in the terminal UI.
struct ResumeCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "resume",
    abstract: "Continue a recorded session (a picker, or --last for the latest).")

  static let codexParity = CodexParity.notSupported(
    reason: "resuming Codex and Cairn sessions here is not built yet (issue 4, part 4); "
      + "`cairn session resume` resumes Cairn sessions")

  @Argument(
    help: ArgumentHelp(
      "The session's id (a UUID, tried first) or name; leave out for the picker or --last.",
      valueName: "SESSION_ID"))
  var sessionID: String?

  @Argument(help: ArgumentHelp("A first prompt after resuming.", valueName: "PROMPT"))
  var prompt: String?

  @Flag(help: "Take the latest session, without the picker.")
  var last = false

  @Flag(help: "Show sessions from every directory, with their directory.")
  var all = false

  @Flag(help: "Also offer sessions of non-interactive runs (exec), in the picker and for --last.")
  var includeNonInteractive = false

  @OptionGroup var remote: CodexRemoteOptions
  @OptionGroup var strictConfig: CodexStrictConfigOption
  @OptionGroup var run: CodexRunOptions
  @OptionGroup var interactive: CodexInteractiveOptions
}

/// `cairn fork`: start a new session from a recorded one's history.
struct ForkCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "fork",
    abstract: "Start a new session from a recorded one (a picker, or --last for the latest).")

  static let codexParity = CodexParity.notSupported(
    reason: "forking Codex and Cairn sessions here is not built yet (issue 4, part 4); "
      + "`cairn session fork` forks Cairn sessions")

  @Argument(
    help: ArgumentHelp(
      "The session's id (a UUID); leave out for the picker or --last.", valueName: "SESSION_ID"))
  var sessionID: String?

  @Argument(help: ArgumentHelp("A first prompt for the new session.", valueName: "PROMPT"))
  var prompt: String?

  @Flag(help: "Fork the latest session, without the picker.")
  var last = false

  @Flag(help: "Show sessions from every directory, with their directory.")
  var all = false

  @OptionGroup var remote: CodexRemoteOptions
  @OptionGroup var strictConfig: CodexStrictConfigOption
  @OptionGroup var run: CodexRunOptions
  @OptionGroup var interactive: CodexInteractiveOptions
}
