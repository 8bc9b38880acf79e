import ArgumentParser
import CairnCodex

/// `cairn [OPTIONS] [PROMPT]`: the interactive session. A hidden default subcommand of
/// the root, because the argument parser would otherwise take a subcommand's name for the
/// prompt, and because options declared on the root would be taken from every
/// subcommand (`-m` means `--marketplace` under `plugin`).
struct CodexInteractiveCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "tui",
    abstract: "Start an interactive session (the default when no subcommand is named).",
    shouldDisplay: false)

  static let codexParity = CodexParity.notSupported(
    reason: "the interactive terminal UI is not built yet; `cairn session` works with Cairn's "
      + "own sessions")

  @Argument(help: ArgumentHelp("A first prompt for the session.", valueName: "PROMPT"))
  var prompt: String?

  @OptionGroup var remote: CodexRemoteOptions
  @OptionGroup var strictConfig: CodexStrictConfigOption
  @OptionGroup var run: CodexRunOptions
  @OptionGroup var interactive: CodexInteractiveOptions
}
