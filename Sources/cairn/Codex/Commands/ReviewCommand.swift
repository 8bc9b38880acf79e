import ArgumentParser
import CairnCodex

/// What to review: shared by `cairn review` and `cairn exec review`.
struct CodexReviewTarget: ParsableArguments {
  @Argument(
    help: ArgumentHelp(
      "Custom review instructions; `-` reads them from stdin.", valueName: "PROMPT"))
  var prompt: String?

  @Flag(help: "Review the staged, unstaged and untracked changes.")
  var uncommitted = false

  @Option(help: ArgumentHelp("Review the changes against this base branch.", valueName: "BRANCH"))
  var base: String?

  @Option(help: ArgumentHelp("Review the changes one commit introduced.", valueName: "SHA"))
  var commit: String?

  @Option(help: ArgumentHelp("A title for the review summary (with --commit).", valueName: "TITLE"))
  var title: String?
}

/// `cairn review`: a code review, non-interactively.
struct ReviewCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "review", abstract: "Review code changes without the terminal UI.")

  static let codexParity = ExecReviewCommand.codexParity

  @OptionGroup var strictConfig: CodexStrictConfigOption
  @OptionGroup var target: CodexReviewTarget
}
