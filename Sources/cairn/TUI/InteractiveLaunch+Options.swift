import ArgumentParser
import CairnCodex

extension InteractiveLaunch {
  /// The configuration request of the root's `-c`, `--enable`, `--disable` and `-p`.
  static func configRequest(root: Cairn, run: CodexRunOptions) -> ConfigRequest {
    var request = ConfigRequest(
      home: CodexHome.resolve(option: nil), overrides: root.overrides.config,
      enabledFeatures: root.overrides.enabledFeatures,
      disabledFeatures: root.overrides.disabledFeatures)
    request.profile = run.profile.profile
    return request
  }

  /// Refuses what parses but does not run yet in the terminal UI, before anything starts.
  static func checkSupported(
    run: CodexRunOptions, remote: CodexRemoteOptions, interactive: CodexInteractiveOptions
  ) throws {
    func refuse(_ flag: String, _ reason: String) throws -> Never {
      throw CodexNotSupported(commandLine: "cairn \(flag)", reason: reason).reported()
    }
    if run.oss || run.localProvider != nil {
      try refuse("--oss", "local providers are not built yet")
    }
    if run.approveForMe {
      try refuse("--approve-for-me", "the automatic approval reviewer is not built yet")
    }
    if remote.remote != nil { try refuse("--remote", "remote app servers are not supported yet") }
    if interactive.search { try refuse("--search", "the web search tool is not supported yet") }
    if !run.images.isEmpty {
      try refuse("--image", "images in the terminal UI's first prompt are not supported yet")
    }
  }
}
