import ArgumentParser
import CairnCodex

private let debugReason = "the debugging tools need the model runtime, which is not built yet"

/// `cairn debug`.
struct DebugCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "debug", abstract: "Tools for debugging the agent and the app server.",
    subcommands: [
      DebugModelsCommand.self, DebugAppServerCommand.self, DebugPromptInputCommand.self,
    ])

  static let codexParity = CodexParity.notSupported(reason: debugReason)
}

/// `cairn debug models`.
struct DebugModelsCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "models", abstract: "Print the model catalog as JSON.")

  static let codexParity = CodexParity.notSupported(reason: debugReason)

  @Flag(help: "Print the built-in catalog without refreshing it.")
  var bundled = false
}

/// `cairn debug prompt-input`.
struct DebugPromptInputCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "prompt-input", abstract: "Print what the model would be sent, as JSON.")

  static let codexParity = CodexParity.notSupported(reason: debugReason)

  @Argument(
    help: ArgumentHelp("A prompt to add after the session context.", valueName: "PROMPT"))
  var prompt: String?

  @Option(
    name: [.customShort("i"), .customLong("image")], parsing: .upToNextOption,
    help: ArgumentHelp("Images to attach to the prompt.", valueName: "FILE"))
  var images: [String] = []
}

/// `cairn debug app-server`.
struct DebugAppServerCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "app-server", abstract: "Tools for debugging the app server.",
    subcommands: [DebugAppServerSendMessageV2Command.self])

  static let codexParity = CodexParity.notSupported(reason: debugReason)
}

/// `cairn debug app-server send-message-v2`.
struct DebugAppServerSendMessageV2Command: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "send-message-v2",
    abstract: "Send one user message through the app server's v2 protocol and show the exchange.")

  static let codexParity = CodexParity.notSupported(reason: debugReason)

  @Argument(help: ArgumentHelp("The message to send.", valueName: "USER_MESSAGE"))
  var userMessage: String
}
