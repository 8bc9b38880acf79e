import CairnCodex
import CairnEngine

/// Starts the app server on stdio with the root command's config overrides.
enum AppServerLaunch {
  static func run(root: Cairn) throws {
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
    AppServerStdio.run(hub: hub)
  }
}
