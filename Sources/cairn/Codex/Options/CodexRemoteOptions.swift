import ArgumentParser

/// Connecting the terminal UI to an app server elsewhere (`--remote`).
struct CodexRemoteOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Attach to a running app server instead of starting one.",
      discussion: "ws://HOST:PORT, wss://HOST:PORT, unix:// (the default socket) or unix://PATH.",
      valueName: "ADDR"))
  var remote: String?

  @Option(
    help: ArgumentHelp(
      "The environment variable holding the bearer token for a --remote WebSocket.",
      valueName: "ENV_VAR"))
  var remoteAuthTokenEnv: String?
}
