import CairnTools

/// Permission profiles as sandbox policies: the built-ins (`:read-only`, `:workspace`,
/// `:danger-full-access`) and `[permissions.NAME]` profiles, for `cairn sandbox -P NAME`
/// and for the agent's own commands through `default_permissions`.
extension CodexConfig {
  /// A profile resolved for one working directory, with the warnings to show first.
  public struct PermissionsPolicy: Sendable, Equatable {
    public var policy: SandboxPolicy
    public var warnings: [String]
  }

  /// `default_permissions`: the profile the agent's commands run under.
  public var defaultPermissions: String? {
    effective.value(at: ConfigKeyPath(["default_permissions"]))?.stringValue
  }

  /// The policy of profile `name` for commands run in `workingDirectory`; `environment`
  /// gives `HOME` (for `~/` paths) and `TMPDIR` (for `:tmpdir` and `:workspace`).
  public func permissionsPolicy(
    named name: String, workingDirectory: String, environment: [String: String]
  ) throws(PermissionProfileError) -> PermissionsPolicy {
    switch name {
    case ":read-only": return PermissionsPolicy(policy: .readOnly, warnings: [])
    case ":danger-full-access": return PermissionsPolicy(policy: .dangerFullAccess, warnings: [])
    case ":workspace":
      let keys = sandboxWorkspaceWrite
      let policy = SandboxPolicy.workspaceWrite(
        workingDirectory: workingDirectory,
        settings: .init(
          writableRoots: keys.writableRoots, networkAccess: keys.networkAccess,
          excludeTmpdirEnvVar: keys.excludeTmpdirEnvVar, excludeSlashTmp: keys.excludeSlashTmp),
        environment: environment)
      return PermissionsPolicy(policy: policy, warnings: [])
    default: break
    }
    if name.hasPrefix(":") {
      throw .invalid(
        "default_permissions refers to unknown built-in profile `\(name)` (built in: "
          + "\(PermissionProfileConfig.builtInNames.joined(separator: ", ")))")
    }
    let parsed = try PermissionProfileConfig.profile(named: name, in: effective.table)
    let policy = parsed.profile.resolve(
      workingDirectory: workingDirectory, home: environment["HOME"],
      tmpdir: environment["TMPDIR"])
    return PermissionsPolicy(policy: policy, warnings: parsed.warnings)
  }

  /// The policy `default_permissions` selects, or nil when it is not set or when a config
  /// file, profile or `-c` sets `sandbox_mode` (the older settings then win over permission
  /// profiles, as in Codex; a `--sandbox` flag wins too, which is the caller's to check).
  public func defaultPermissionsPolicy(workingDirectory: String, environment: [String: String])
    throws(PermissionProfileError) -> PermissionsPolicy?
  {
    let sandboxModeSource = effective.source(of: ConfigKeyPath(["sandbox_mode"]))
    guard let name = defaultPermissions,
      sandboxModeSource == nil || sandboxModeSource == .defaultValue
    else { return nil }
    return try permissionsPolicy(
      named: name, workingDirectory: workingDirectory, environment: environment)
  }
}
