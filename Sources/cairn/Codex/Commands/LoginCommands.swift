import ArgumentParser
import CairnCodex

private let authReason =
  "signing in (API key, access token, ChatGPT and device login) is not built yet"

/// `cairn login`: store credentials for the model provider.
struct LoginCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "login", abstract: "Sign in and store the credentials.",
    subcommands: [LoginStatusCommand.self])

  static let codexParity = CodexParity.notSupported(reason: authReason)

  @Flag(
    help:
      "Read an API key from stdin (e.g. `printenv OPENAI_API_KEY | cairn login --with-api-key`).")
  var withApiKey = false

  @Flag(help: "Read an access token from stdin.")
  var withAccessToken = false

  @Flag(help: "Sign in with the device-code flow, for machines without a browser.")
  var deviceAuth = false
}

/// `cairn login status`.
struct LoginStatusCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "status", abstract: "Say whether and how you are signed in.")

  static let codexParity = CodexParity.notSupported(reason: authReason)
}

/// `cairn logout`.
struct LogoutCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "logout", abstract: "Delete the stored credentials.")

  static let codexParity = CodexParity.notSupported(reason: authReason)
}
