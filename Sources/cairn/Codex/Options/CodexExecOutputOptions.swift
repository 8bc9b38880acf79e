import ArgumentParser

/// What `exec` (and `exec resume`, `exec review`) reads and prints.
struct CodexExecOutputOptions: ParsableArguments {
  @Flag(help: "Run outside a Git repository too.")
  var skipGitRepoCheck = false

  @Flag(help: "Keep no session files for this run.")
  var ephemeral = false

  @Flag(help: "Do not read $CODEX_HOME/config.toml (auth still comes from CODEX_HOME).")
  var ignoreUserConfig = false

  @Flag(help: "Do not load the user's or the project's exec policy .rules files.")
  var ignoreRules = false

  @Option(
    help: ArgumentHelp(
      "A JSON Schema file the model's final answer must follow.", valueName: "FILE"))
  var outputSchema: String?

  @Flag(help: "Print events as JSON Lines on stdout.")
  var json = false

  @Option(
    name: [.customShort("o"), .customLong("output-last-message")],
    help: ArgumentHelp("Also write the agent's last message to this file.", valueName: "FILE"))
  var outputLastMessage: String?
}
