import Foundation

/// Codex's home directory: `--codex-home DIR`, else `$CODEX_HOME`, else `~/.codex`.
public struct CodexHome: Equatable, Sendable {
  /// How the home was chosen, for `config show` and `doctor`.
  public enum Origin: String, Sendable {
    case option = "--codex-home"
    case environment = "$CODEX_HOME"
    case defaultLocation = "~/.codex"
  }

  public var path: String
  public var origin: Origin

  public init(path: String, origin: Origin) {
    self.path = path
    self.origin = origin
  }

  /// Resolves the home from an explicit option and the environment. An empty
  /// `CODEX_HOME` counts as unset, as it does for Codex.
  public static func resolve(
    option: String?, environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> CodexHome {
    if let option, !option.isEmpty { return CodexHome(path: absolute(option), origin: .option) }
    if let value = environment["CODEX_HOME"], !value.isEmpty {
      return CodexHome(path: absolute(value), origin: .environment)
    }
    let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    return CodexHome(path: home + "/.codex", origin: .defaultLocation)
  }

  /// `$CODEX_HOME/config.toml`.
  public var configFile: String { path + "/config.toml" }

  /// `$CODEX_HOME/NAME.config.toml`, the file `-p NAME` layers on the base config.
  public func profileFile(_ name: String) -> String { path + "/\(name).config.toml" }

  /// `$CODEX_HOME/auth.json`.
  public var authFile: String { path + "/auth.json" }

  /// `$CODEX_HOME/sessions`, where Codex writes rollouts.
  public var sessionsDirectory: String { path + "/sessions" }

  private static func absolute(_ path: String) -> String {
    if path.hasPrefix("/") { return path }
    if path == "~" || path.hasPrefix("~/") {
      return NSHomeDirectory() + path.dropFirst()
    }
    return FileManager.default.currentDirectoryPath + "/" + path
  }
}
