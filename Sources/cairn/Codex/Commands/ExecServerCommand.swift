import ArgumentParser
import CairnCodex

/// `cairn exec-server`: the standalone service that runs commands for a remote agent.
struct ExecServerCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "exec-server", abstract: "[experimental] Run the standalone exec server.")

  static let codexParity = CodexParity.notSupported(reason: "the exec server is not built yet")

  @OptionGroup var strictConfig: CodexStrictConfigOption

  @Option(
    help: ArgumentHelp("How many requests one connection may run at once.", valueName: "COUNT"))
  var concurrentRequests: Int?

  @Option(
    help: ArgumentHelp(
      "Where to listen: ws://IP:PORT (default), stdio or stdio://.", valueName: "URL"))
  var listen: String?

  @Option(help: ArgumentHelp("Register with this remote service.", valueName: "URL"))
  var remote: String?

  @Option(help: ArgumentHelp("The environment to join when registering.", valueName: "ID"))
  var environmentId: String?

  @Option(help: ArgumentHelp("A readable name for the environment.", valueName: "NAME"))
  var name: String?

  @Flag(help: "Register with the agent identity in CODEX_ACCESS_TOKEN.")
  var useAgentIdentityAuth = false

  @Flag(help: "Exit when the parent closes standard input.")
  var exitOnStdinClose = false
}
