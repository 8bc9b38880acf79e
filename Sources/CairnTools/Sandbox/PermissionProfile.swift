/// A `[permissions.NAME]` profile from the config, as Codex defines it: file-system rules
/// over special roots (`:root`, `:minimal`, `:workspace_roots`, `:tmpdir`, `:slash_tmp`) and
/// absolute or `~/` paths, the profile's extra workspace roots, and whether the network is
/// on. Nothing here touches the file system: `resolve` turns it into concrete paths for one
/// working directory, home and `TMPDIR`.
///
/// ```swift
/// let profile = PermissionProfile(
///   entries: [.init(.minimal, .read), .init(.workspaceRoots(subpath: nil), .write)])
/// let policy = profile.resolve(workingDirectory: "/work/repo", home: "/home/me", tmpdir: nil)
/// ```
public struct PermissionProfile: Sendable, Equatable {
  /// What a rule allows. `deny` hides the path: it can be neither read nor written.
  public enum Access: String, Sendable, Equatable, Comparable, CaseIterable {
    case read, write, deny

    /// For one path named twice: write beats read, deny beats both (as Codex).
    var rank: Int {
      switch self {
      case .read: 0
      case .write: 1
      case .deny: 2
      }
    }

    public static func < (lhs: Access, rhs: Access) -> Bool { lhs.rank < rhs.rank }
  }

  /// What a rule names.
  public enum Target: Sendable, Equatable, Hashable {
    /// `:root`: the whole file system.
    case root
    /// `:minimal`: the runtime paths every command needs (`PermissionProfile.minimalPaths`).
    case minimal
    /// `:workspace_roots`, or a relative path under each workspace root.
    case workspaceRoots(subpath: String?)
    /// `:tmpdir`: `$TMPDIR`, when it is set.
    case tmpdir
    /// `:slash_tmp`: `/tmp`.
    case slashTmp
    /// An absolute path, or one starting with `~/` (or `~` alone) for the home directory.
    case path(String)
  }

  public struct Entry: Sendable, Hashable {
    public var target: Target
    public var access: Access

    public init(_ target: Target, _ access: Access) {
      self.target = target
      self.access = access
    }
  }

  /// The runtime paths `:minimal` stands for; those that do not exist are left out.
  public static let minimalPaths = [
    "/bin", "/sbin", "/usr", "/etc", "/lib", "/lib32", "/lib64", "/libx32",
  ]

  /// Workspace roots besides the working directory (`[permissions.NAME.workspace_roots]`
  /// entries set to true): absolute, `~/`, or relative to the working directory.
  public var workspaceRoots: [String]
  public var entries: [Entry]
  /// `network.enabled`; off unless the profile turns it on.
  public var networkEnabled: Bool

  public init(workspaceRoots: [String] = [], entries: [Entry] = [], networkEnabled: Bool = false) {
    self.workspaceRoots = workspaceRoots
    self.entries = entries
    self.networkEnabled = networkEnabled
  }

  /// The profile as a sandbox policy for commands run in `workingDirectory`: every target
  /// turned into absolute paths (a path named twice keeps its strongest access). The mode
  /// says `workspace-write` when anything is writable, else `read-only`, and the writable
  /// paths are listed as `writableRoots`, so code that only knows the modes still sees
  /// what may change; the sandbox itself follows `fileSystem`.
  public func resolve(workingDirectory: String, home: String?, tmpdir: String?) -> SandboxPolicy {
    let roots = resolvedWorkspaceRoots(workingDirectory: workingDirectory, home: home)
    var rootAccess: Access?
    var accessByPath: [String: Access] = [:]
    var order: [String] = []
    func add(_ path: String, _ access: Access) {
      let path = Self.normalized(path)
      if path == "/" {
        rootAccess = max(rootAccess ?? access, access)
        return
      }
      if let existing = accessByPath[path] {
        accessByPath[path] = max(existing, access)
      } else {
        accessByPath[path] = access
        order.append(path)
      }
    }
    for entry in entries {
      switch entry.target {
      case .root: add("/", entry.access)
      case .minimal: for path in Self.minimalPaths { add(path, entry.access) }
      case .workspaceRoots(let subpath):
        for root in roots { add(subpath.map { root + "/" + $0 } ?? root, entry.access) }
      case .tmpdir:
        if let tmpdir, !tmpdir.isEmpty {
          add(Self.absolute(tmpdir, base: workingDirectory, home: home), entry.access)
        }
      case .slashTmp: add("/tmp", entry.access)
      case .path(let path):
        guard let expanded = Self.expandingHome(path, home: home) else { continue }
        add(expanded, entry.access)
      }
    }
    let rules = order.map { SandboxFileSystem.Rule(path: $0, access: accessByPath[$0]!) }
    let fileSystem = SandboxFileSystem(root: rootAccess, rules: rules)
    var writable = rules.filter { $0.access == .write }.map(\.path)
    if rootAccess == .write { writable.insert("/", at: 0) }
    return SandboxPolicy(
      mode: writable.isEmpty ? .readOnly : .workspaceWrite, writableRoots: writable,
      networkAccess: networkEnabled, fileSystem: fileSystem)
  }

  /// The working directory and the profile's own roots, absolute, without duplicates.
  public func resolvedWorkspaceRoots(workingDirectory: String, home: String?) -> [String] {
    var roots = [Self.normalized(workingDirectory)]
    for root in workspaceRoots {
      let path = Self.normalized(Self.absolute(root, base: workingDirectory, home: home))
      if !roots.contains(path) { roots.append(path) }
    }
    return roots
  }

  /// `path` with a leading `~` replaced by `home`; nil when it needs a home and there is
  /// none.
  static func expandingHome(_ path: String, home: String?) -> String? {
    guard path == "~" || path.hasPrefix("~/") else { return path }
    guard let home, !home.isEmpty else { return nil }
    return home + path.dropFirst()
  }

  static func absolute(_ path: String, base: String, home: String?) -> String {
    let expanded = expandingHome(path, home: home) ?? path
    return expanded.hasPrefix("/") ? expanded : base + "/" + expanded
  }

  /// `path` without `.` components, repeated or trailing slashes; `..` drops the component
  /// before it.
  static func normalized(_ path: String) -> String {
    var components: [Substring] = []
    for component in path.split(separator: "/") {
      switch component {
      case ".": continue
      case "..": if !components.isEmpty { components.removeLast() }
      default: components.append(component)
      }
    }
    return "/" + components.joined(separator: "/")
  }
}

/// A permission profile's file system resolved to absolute paths: what `/` itself allows
/// (nil: nothing, the command starts from an empty root) and a rule per path.
public struct SandboxFileSystem: Sendable, Equatable {
  public struct Rule: Sendable, Equatable {
    public var path: String
    public var access: PermissionProfile.Access

    public init(path: String, access: PermissionProfile.Access) {
      self.path = path
      self.access = access
    }
  }

  public var root: PermissionProfile.Access?
  public var rules: [Rule]

  public init(root: PermissionProfile.Access?, rules: [Rule]) {
    self.root = root
    self.rules = rules
  }
}
