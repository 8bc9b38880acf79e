import CairnCodex
import CairnCore
import CairnTools
import Foundation

/// What the agent's own commands may do in a run: the sandbox policy from the mode, the
/// `--add-dir` roots and `[sandbox_workspace_write]`, and the exec-policy rules Codex
/// reads from `$CODEX_HOME/rules/*.rules`.
enum AgentToolPermissions {
  static func sandboxPolicy(
    mode: SandboxMode, writableRoots: [String], cwd: String, config: CodexConfig,
    environment: [String: String], permissions: SandboxPolicy? = nil
  ) -> SandboxPolicy {
    if let permissions { return permissions }
    switch mode {
    case .readOnly: return .readOnly
    case .dangerFullAccess: return .dangerFullAccess
    case .workspaceWrite:
      let keys = config.sandboxWorkspaceWrite
      return .workspaceWrite(
        workingDirectory: cwd, additionalRoots: writableRoots.filter { $0 != cwd },
        settings: .init(
          writableRoots: keys.writableRoots, networkAccess: keys.networkAccess,
          excludeTmpdirEnvVar: keys.excludeTmpdirEnvVar, excludeSlashTmp: keys.excludeSlashTmp),
        environment: environment)
    }
  }

  /// The `.rules` files in `$CODEX_HOME/rules`, in name order; none when the directory
  /// does not exist. A file that does not load stops the run with its path and position.
  static func execPolicy(codexHome: String) throws -> ExecPolicy {
    let directory = codexHome + "/rules"
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
      return ExecPolicy()
    }
    let files = names.filter { $0.hasSuffix(".rules") }.sorted().map { directory + "/" + $0 }
    return try ExecPolicyFiles.load(files)
  }

  /// The environment of the agent's commands: `[shell_environment_policy]` applied to
  /// Cairn's own, then the variables Codex sets for them (no colour, no pager, UTF-8), and
  /// `CODEX_SANDBOX_NETWORK_DISABLED=1` when the sandbox keeps the network off.
  static func environment(config: CodexConfig, sandbox: SandboxPolicy) throws -> [String: String] {
    var environment = ToolCommandEnvironment.applied(
      to: try config.toolEnvironmentPolicy().apply(to: ProcessEnvironment.current))
    if sandbox.mode != .dangerFullAccess && !sandbox.networkAccess {
      let variable = ToolCommandEnvironment.networkDisabledVariable
      environment[variable.name] = variable.value
    }
    return environment
  }
}
