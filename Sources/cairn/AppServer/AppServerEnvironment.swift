import CairnCore
import Foundation

/// Facts about the machine the app server reports: the user agent of `initialize` and the
/// remote-control status pushed after it.
enum AppServerEnvironment {
  /// Codex's form: `<client>/0.147.0 (<OS> <version>; <arch>) <terminal> (<client>; <version>)`.
  static func userAgent(client: String, version: String) -> String {
    let info = ProcessInfo.processInfo
    let terminal = info.environment["TERM"].flatMap { $0.isEmpty ? nil : $0 } ?? "unknown"
    return "\(client)/\(AppServerThreadJSON.cliVersion) (\(operatingSystem()); \(architecture())) "
      + "\(terminal) (\(client); \(version))"
  }

  /// `Debian 12.0.0`: the distribution's name and its version as three numbers.
  static func operatingSystem() -> String {
    guard let text = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8) else {
      return "Linux"
    }
    var name = "Linux"
    var version = ""
    for line in text.split(separator: "\n") {
      let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2 else { continue }
      let value = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
      if parts[0] == "NAME" { name = value.split(separator: " ").first.map(String.init) ?? value }
      if parts[0] == "VERSION_ID" { version = value }
    }
    guard !version.isEmpty else { return name }
    var numbers = version.split(separator: ".").map(String.init)
    while numbers.count < 3 { numbers.append("0") }
    return name + " " + numbers.joined(separator: ".")
  }

  static func architecture() -> String {
    #if arch(x86_64)
      return "x86_64"
    #elseif arch(arm64)
      return "aarch64"
    #else
      return "unknown"
    #endif
  }

  /// Remote control needs a ChatGPT account: Cairn's is always off.
  static func remoteControlStatus() -> AppServerNotification {
    AppServerNotification(
      "remoteControl/status/changed",
      [
        ("status", .string("disabled")), ("serverName", .string(hostName())),
        ("installationId", .string(installationID)), ("environmentId", .null),
      ])
  }

  static func hostName() -> String {
    ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "localhost"
  }

  /// One id per process: Cairn keeps no installation record in the Codex home.
  static let installationID = UUID().uuidString.lowercased()
}
