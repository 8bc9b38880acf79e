import ArgumentParser

/// Options only the interactive terminal UI has: approvals, web search, screen mode.
struct CodexInteractiveOptions: ParsableArguments {
  @Option(
    name: [.customShort("a"), .customLong("ask-for-approval")],
    help: ArgumentHelp(
      "When to ask before running a command.",
      discussion: """
        untrusted: ask for anything but known-safe read-only commands; on-request: the \
        model decides; never: never ask, failures go back to the model.
        """,
      valueName: "APPROVAL_POLICY"))
  var askForApproval: CodexApprovalPolicy?

  @Flag(help: "Give the model the live web search tool.")
  var search = false

  @Flag(help: "Draw inline instead of on the alternate screen, keeping the scrollback.")
  var noAltScreen = false
}
