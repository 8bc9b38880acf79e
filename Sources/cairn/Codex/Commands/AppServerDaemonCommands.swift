import ArgumentParser
import CairnCodex

private let daemonReason = "the app-server daemon is not built yet"

/// `cairn app-server daemon`: the app server kept running in the background.
struct AppServerDaemonCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "daemon", abstract: "Manage the local app-server daemon.",
    subcommands: [
      AppServerDaemonBootstrapCommand.self, AppServerDaemonStartCommand.self,
      AppServerDaemonRestartCommand.self, AppServerDaemonEnableRemoteControlCommand.self,
      AppServerDaemonDisableRemoteControlCommand.self, AppServerDaemonStopCommand.self,
      AppServerDaemonVersionCommand.self,
    ])

  static let codexParity = CodexParity.notSupported(reason: daemonReason)
}

/// `cairn app-server daemon bootstrap`.
struct AppServerDaemonBootstrapCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "bootstrap",
    abstract: "Set up a managed app-server daemon that survives SSH sessions.")

  static let codexParity = CodexParity.notSupported(reason: daemonReason)

  @Flag(help: "Start the managed daemon with remote control on.")
  var remoteControl = false
}

/// `cairn app-server daemon start`.
struct AppServerDaemonStartCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "start", abstract: "Start the daemon unless it is running.")

  static let codexParity = CodexParity.notSupported(reason: daemonReason)
}

/// `cairn app-server daemon restart`.
struct AppServerDaemonRestartCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "restart", abstract: "Stop the daemon and start it again.")

  static let codexParity = CodexParity.notSupported(reason: daemonReason)
}

/// `cairn app-server daemon enable-remote-control`.
struct AppServerDaemonEnableRemoteControlCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "enable-remote-control",
    abstract: "Turn remote control on, now and for later starts.")

  static let codexParity = CodexParity.notSupported(reason: daemonReason)
}

/// `cairn app-server daemon disable-remote-control`.
struct AppServerDaemonDisableRemoteControlCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "disable-remote-control",
    abstract: "Turn remote control off, now and for later starts.")

  static let codexParity = CodexParity.notSupported(reason: daemonReason)
}

/// `cairn app-server daemon stop`.
struct AppServerDaemonStopCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "stop", abstract: "Stop the daemon.")

  static let codexParity = CodexParity.notSupported(reason: daemonReason)
}

/// `cairn app-server daemon version`.
struct AppServerDaemonVersionCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "version",
    abstract: "Print this CLI's version and the running daemon's, as JSON.")

  static let codexParity = CodexParity.notSupported(reason: daemonReason)
}
