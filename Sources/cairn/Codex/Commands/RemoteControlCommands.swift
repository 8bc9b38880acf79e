import ArgumentParser
import CairnCodex

private let remoteControlReason = "remote control of the app-server daemon is not built yet"

/// `cairn remote-control`: the app-server daemon with remote control on. `--json` is
/// declared here once and applies to the subcommands too.
struct RemoteControlCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "remote-control",
    abstract: "[experimental] Run the app-server daemon with remote control on.",
    subcommands: [
      RemoteControlStartCommand.self, RemoteControlStopCommand.self,
      RemoteControlPairCommand.self,
    ])

  static let codexParity = CodexParity.notSupported(reason: remoteControlReason)

  @Flag(help: "Print the result as JSON.")
  var json = false
}

/// `cairn remote-control start`.
struct RemoteControlStartCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "start", abstract: "Start the daemon with remote control on.")

  static let codexParity = CodexParity.notSupported(reason: remoteControlReason)
}

/// `cairn remote-control stop`.
struct RemoteControlStopCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "stop", abstract: "Stop the daemon.")

  static let codexParity = CodexParity.notSupported(reason: remoteControlReason)
}

/// `cairn remote-control pair`.
struct RemoteControlPairCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "pair", abstract: "Print a short-lived code for pairing a device by hand.")

  static let codexParity = CodexParity.notSupported(reason: remoteControlReason)
}
