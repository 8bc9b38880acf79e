import ArgumentParser
import CairnCodex

/// `cairn sandbox COMMAND...`: run a command in the sandbox the agent's commands get.
struct SandboxCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "sandbox", abstract: "Run a command inside the agent's sandbox.")

  static let codexParity = CodexParity.notSupported(
    reason: "the bubblewrap sandbox is not built yet")

  @Argument(
    parsing: .captureForPassthrough,
    help: ArgumentHelp("The command and its arguments.", valueName: "COMMAND"))
  var command: [String] = []

  @Option(
    help: ArgumentHelp(
      "A sandbox state (JSON, as in codex/sandbox-state-meta) to use as is.", valueName: "JSON"))
  var sandboxStateJson: String?

  @Option(
    help: ArgumentHelp(
      "Add a readable root to that sandbox state; repeatable.",
      valueName: "SANDBOX_STATE_READABLE_ROOT"))
  var sandboxStateReadableRoot: [String] = []

  @Flag(help: "Take network access away in that sandbox state.")
  var sandboxStateDisableNetwork = false

  @Option(
    name: [.customShort("P"), .customLong("permission-profile")],
    help: ArgumentHelp("A named permissions profile from the config.", valueName: "NAME"))
  var permissionProfile: String?

  @OptionGroup var profile: CodexProfileOption

  @Option(
    name: [.customShort("C"), .customLong("cd")],
    help: ArgumentHelp(
      "The directory to resolve profiles in and run the command in.", valueName: "DIR"))
  var cd: String?

  @Flag(help: "Also apply managed requirements when resolving --permission-profile.")
  var includeManagedConfig = false

  /// The command captures everything from its first word, `--help` included: answer a
  /// leading `-h`/`--help` with the help, as Codex does.
  func validate() throws {
    if let first = command.first, first == "-h" || first == "--help" {
      throw CleanExit.helpRequest(Self.self)
    }
  }
}
