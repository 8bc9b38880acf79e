/// What a sandboxed command may touch: Codex's three sandbox modes, resolved to concrete
/// directories. Reading is allowed everywhere in every mode; writing only under
/// `writableRoots`; the network only when `networkAccess` is set.
///
/// ```swift
/// let policy = SandboxPolicy.workspaceWrite(
///   workingDirectory: "/work/repo", additionalRoots: ["/work/notes"],
///   settings: .init(networkAccess: false), environment: ["TMPDIR": "/var/tmp/me"])
/// ```
public struct SandboxPolicy: Sendable, Equatable {
  public enum Mode: String, Sendable, Equatable {
    case readOnly = "read-only"
    case workspaceWrite = "workspace-write"
    case dangerFullAccess = "danger-full-access"
  }

  /// The `sandbox_workspace_write.*` config keys that shape a workspace-write policy.
  public struct WorkspaceWriteSettings: Sendable, Equatable {
    /// `writable_roots`: directories writable besides the working directory.
    public var writableRoots: [String]
    /// `network_access`.
    public var networkAccess: Bool
    /// `exclude_tmpdir_env_var`: do not make `$TMPDIR` writable.
    public var excludeTmpdirEnvVar: Bool
    /// `exclude_slash_tmp`: do not make `/tmp` writable.
    public var excludeSlashTmp: Bool

    public init(
      writableRoots: [String] = [], networkAccess: Bool = false,
      excludeTmpdirEnvVar: Bool = false, excludeSlashTmp: Bool = false
    ) {
      self.writableRoots = writableRoots
      self.networkAccess = networkAccess
      self.excludeTmpdirEnvVar = excludeTmpdirEnvVar
      self.excludeSlashTmp = excludeSlashTmp
    }
  }

  public var mode: Mode
  /// Absolute directories the command may write under, in the order they were given.
  public var writableRoots: [String]
  public var networkAccess: Bool
  /// A `[permissions.NAME]` profile's file system, path by path; when set, the sandbox
  /// mounts follow it instead of `mode` and `writableRoots` (which then only summarise it).
  public var fileSystem: SandboxFileSystem?

  public init(
    mode: Mode, writableRoots: [String] = [], networkAccess: Bool = false,
    fileSystem: SandboxFileSystem? = nil
  ) {
    self.mode = mode
    self.writableRoots = writableRoots
    self.networkAccess = networkAccess
    self.fileSystem = fileSystem
  }

  /// No writes anywhere, no network.
  public static let readOnly = SandboxPolicy(mode: .readOnly)
  /// No sandbox at all: the command runs as is.
  public static let dangerFullAccess = SandboxPolicy(
    mode: .dangerFullAccess, networkAccess: true)

  /// Writes under the working directory, the `--add-dir` roots, the configured
  /// `writable_roots`, `/tmp` and `$TMPDIR` (unless excluded); network per the settings.
  /// Duplicates are dropped; relative roots are taken against `workingDirectory`.
  public static func workspaceWrite(
    workingDirectory: String, additionalRoots: [String] = [],
    settings: WorkspaceWriteSettings = WorkspaceWriteSettings(),
    environment: [String: String] = [:]
  ) -> SandboxPolicy {
    var roots = [workingDirectory] + additionalRoots + settings.writableRoots
    if !settings.excludeSlashTmp { roots.append("/tmp") }
    if !settings.excludeTmpdirEnvVar, let tmpdir = environment["TMPDIR"], !tmpdir.isEmpty {
      roots.append(tmpdir)
    }
    var unique: [String] = []
    for root in roots {
      let absolute = root.hasPrefix("/") ? root : workingDirectory + "/" + root
      if !unique.contains(absolute) { unique.append(absolute) }
    }
    return SandboxPolicy(
      mode: .workspaceWrite, writableRoots: unique, networkAccess: settings.networkAccess)
  }
}
