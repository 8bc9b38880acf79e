import ArgumentParser
import CairnCodex
import CairnEngine
import CairnServer

/// Starts the app server with the root command's config overrides, on stdio or on a
/// WebSocket listener.
enum AppServerLaunch {
  static func run(root: Cairn, target: AppServerListenTarget) throws {
    let request = ConfigRequest(
      home: CodexHome.resolve(option: nil), overrides: root.overrides.config,
      enabledFeatures: root.overrides.enabledFeatures,
      disabledFeatures: root.overrides.disabledFeatures)
    // A config that does not load is reported now, not at the first thread.
    try reportingConfigFailures {
      _ = try ExecSettings.load(request, ignoreUserConfig: false, catalog: .embedded)
    }
    let hub = AppServerHub(
      cairnHome: CairnHome.resolve(explicit: nil), configRequest: request,
      clock: wallClockNanoseconds)
    switch target {
    case .stdio:
      AppServerStdio.run(hub: hub)
    case .off:
      return
    case .listener(let address, let capabilityToken):
      var defaultDirectory: String?
      if case .unixSocket(let path) = address,
        path == AppServerListenTarget.defaultControlSocket(codexHome: request.home.path)
      {
        defaultDirectory = request.home.path + "/app-server-control"
      }
      do {
        try AppServerWebSocket.run(
          hub: hub, address: address, capabilityToken: capabilityToken,
          defaultSocketDirectory: defaultDirectory)
      } catch {
        StandardError.write("cairn app-server: \(error)\n")
        throw ExitCode(1)
      }
    }
  }
}
