import ArgumentParser
import CairnCodex

/// `cairn [OPTIONS] [PROMPT]`: the interactive session. A hidden default subcommand of
/// the root, because the argument parser would otherwise take a subcommand's name for the
/// prompt, and because options declared on the root would be taken from every
/// subcommand (`-m` means `--marketplace` under `plugin`).
struct CodexInteractiveCommand: ParsableCommand, CodexParityDescribed {
  static let configuration = CommandConfiguration(
    commandName: "tui",
    abstract: "Start an interactive session (the default when no subcommand is named).",
    shouldDisplay: false)

  static let codexParity = CodexParity.partial(
    missing: "the trust screen, --remote, --search, --oss, image attachments, and the slash "
      + "commands docs/TUI.md lists as not supported yet")

  @Argument(help: ArgumentHelp("A first prompt for the session.", valueName: "PROMPT"))
  var prompt: String?

  @OptionGroup var remote: CodexRemoteOptions
  @OptionGroup var strictConfig: CodexStrictConfigOption
  @OptionGroup var runOptions: CodexRunOptions
  @OptionGroup var interactive: CodexInteractiveOptions

  @ParentCommand var root: Cairn

  func run() throws {
    try InteractiveLaunch.checkSupported(
      run: runOptions, remote: remote, interactive: interactive)
    try reportingExecFailures(prefix: "cairn") {
      // The Cairn home is $CAIRN_HOME (else ~/.cairn): Codex's top level has no flag for it.
      let launch = try InteractiveLaunch(
        request: InteractiveLaunch.configRequest(root: root, run: runOptions), run: runOptions,
        interactive: interactive, cairnHome: nil)
      return try launch.run(.new, prompt: prompt)
    }
  }
}
