import CairnServer
import Foundation

/// A scratch world for running `cairn` as a user would against the scripted Responses
/// server on loopback: a root with a Codex home whose config points at the server, a Cairn
/// home and a work directory, and the environment that names them (a fake key, UTC, UTF-8).
public final class ScriptedAgentHome: @unchecked Sendable {
  public let root: String
  public let server: ResponsesServer
  public let environment: [String: String]
  public var work: String { root + "/work" }

  /// `prefix` names the root under the temporary directory; `extraConfig` goes at the end
  /// of config.toml.
  public init(prefix: String, script: String, extraConfig: String = "") async throws {
    root = NSTemporaryDirectory() + prefix + "-" + UUID().uuidString
    for directory in ["", "/codex", "/cairn", "/work"] {
      try FileManager.default.createDirectory(
        atPath: root + directory, withIntermediateDirectories: true)
    }
    server = try await ResponsesServer.start(
      script: try ResponsesScript.parse(Array(script.utf8)), requestLogPath: nil)
    let config = """
      model = "gpt-5.5"
      model_provider = "scripted"
      [model_providers.scripted]
      name = "scripted"
      base_url = "\(server.baseURL)"
      wire_api = "responses"
      env_key = "SCRIPTED_KEY"
      \(extraConfig)
      """
    try Data(config.utf8).write(to: URL(fileURLWithPath: root + "/codex/config.toml"))
    environment = [
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
      "HOME": root, "CODEX_HOME": root + "/codex", "CAIRN_HOME": root + "/cairn",
      "SCRIPTED_KEY": "sk-test-000", "TZ": "UTC", "LANG": "C.UTF-8",
    ]
  }

  /// Stops the server and removes the root.
  public func finish() async {
    try? await server.shutdown()
    try? FileManager.default.removeItem(atPath: root)
  }
}
