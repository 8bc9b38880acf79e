import CairnTools

/// Reads a `[permissions.NAME]` profile from the config into a `PermissionProfile`, with
/// Codex's shape:
///
/// ```toml
/// [permissions.dev]
/// extends = ":workspace"            # optional: :read-only, :workspace or another profile
/// [permissions.dev.workspace_roots]
/// "~/code/shared" = true
/// [permissions.dev.filesystem]
/// ":minimal" = "read"
/// "~/.ssh" = "deny"
/// [permissions.dev.filesystem.":workspace_roots"]
/// "." = "write"
/// ".env" = "deny"
/// [permissions.dev.network]
/// enabled = false
/// ```
///
/// Every error names the exact key (`permissions.dev.filesystem."/x"`). Unknown keys are
/// ignored, as Codex does, so newer configs still load; an unknown `:special` path is
/// ignored with a warning.
public enum PermissionProfileConfig {
  /// Codex 0.147's built-in profiles.
  public static let builtInNames = [":read-only", ":workspace", ":danger-full-access"]

  /// A profile and the warnings to show before using it.
  public struct Parsed: Sendable, Equatable {
    public var profile: PermissionProfile
    public var warnings: [String]
  }

  /// The profile `name` from the config's `permissions` table (`config` is the whole
  /// effective config), its `extends` chain applied.
  public static func profile(named name: String, in config: ConfigTable)
    throws(PermissionProfileError) -> Parsed
  {
    guard let permissions = config["permissions"]?.tableValue else {
      throw .invalid(
        "default_permissions requires a `[permissions]` table: profile `\(name)` is not "
          + "defined in the config (use a built-in profile such as :workspace)")
    }
    for key in permissions.keys where key.hasPrefix(":") {
      throw .invalid(
        "permissions profile `\(key)` uses a reserved built-in profile prefix: names starting "
          + "with `:` are Codex's own (\(builtInNames.joined(separator: ", ")))")
    }
    let raw = try rawProfile(named: name, in: permissions, chain: [])
    return try compile(raw)
  }

  // MARK: - The profile as written, validated key by key

  /// A `filesystem` entry: one access, or a table of sub-paths with theirs.
  enum RawFilesystemValue: Equatable {
    case access(PermissionProfile.Access, key: ConfigKeyPath)
    case scoped([RawSubEntry], key: ConfigKeyPath)
  }

  struct RawSubEntry: Equatable {
    var subpath: String
    var access: PermissionProfile.Access
    var key: ConfigKeyPath
  }

  /// A profile's tables, each entry remembering the key it came from (a parent profile's
  /// mistakes are reported under the parent's name).
  struct RawProfile: Equatable {
    var workspaceRoots: [(path: String, enabled: Bool)] = []
    var filesystem: [(path: String, value: RawFilesystemValue)] = []
    var networkEnabled: Bool?

    static func == (lhs: RawProfile, rhs: RawProfile) -> Bool {
      lhs.workspaceRoots.elementsEqual(rhs.workspaceRoots) { $0 == $1 }
        && lhs.filesystem.elementsEqual(rhs.filesystem) { $0 == $1 }
        && lhs.networkEnabled == rhs.networkEnabled
    }

    /// `child` over `self`, as TOML inheritance: the child's keys replace the parent's,
    /// and two sub-path tables for one root merge sub-path by sub-path.
    func merged(with child: RawProfile) -> RawProfile {
      var result = self
      for root in child.workspaceRoots {
        result.workspaceRoots.removeAll { $0.path == root.path }
        result.workspaceRoots.append(root)
      }
      for (path, value) in child.filesystem {
        guard let index = result.filesystem.firstIndex(where: { $0.path == path }) else {
          result.filesystem.append((path, value))
          continue
        }
        if case .scoped(let inherited, _) = result.filesystem[index].value,
          case .scoped(let own, let key) = value
        {
          var subs = inherited
          for sub in own {
            subs.removeAll { $0.subpath == sub.subpath }
            subs.append(sub)
          }
          result.filesystem[index].value = .scoped(subs, key: key)
        } else {
          result.filesystem[index].value = value
        }
      }
      result.networkEnabled = child.networkEnabled ?? networkEnabled
      return result
    }
  }

  static func rawProfile(named name: String, in permissions: ConfigTable, chain: [String])
    throws(PermissionProfileError) -> RawProfile
  {
    let key = ConfigKeyPath(["permissions", name])
    if chain.contains(name) {
      let cycle = (chain + [name]).joined(separator: " -> ")
      throw .invalid("\(ConfigKeyPath(["permissions", chain[0]])): extends forms a cycle: \(cycle)")
    }
    guard let value = permissions[name] else {
      throw .invalid(
        "default_permissions refers to undefined profile `\(name)`: the config has no "
          + "[permissions.\(ConfigKeyPath.tomlKey(name))] table")
    }
    guard let table = value.tableValue else {
      throw .shape(key, expected: "a table", found: value)
    }
    let own = try parseOwn(table, key: key)
    guard let parentValue = table["extends"] else { return own }
    guard let parent = parentValue.stringValue else {
      throw .shape(key.appending("extends"), expected: "a profile name", found: parentValue)
    }
    let base: RawProfile
    switch parent {
    case ":read-only": base = builtInReadOnly
    case ":workspace": base = builtInWorkspace
    case ":danger-full-access":
      throw .invalid(
        "\(key.appending("extends")): :danger-full-access has no sandbox to extend; use it "
          + "directly, or extend :read-only or :workspace")
    default:
      if parent.hasPrefix(":") {
        throw .invalid(
          "\(key.appending("extends")): unknown built-in profile `\(parent)` (built in: "
            + "\(builtInNames.joined(separator: ", ")))")
      }
      base = try rawProfile(named: parent, in: permissions, chain: chain + [name])
    }
    return base.merged(with: own)
  }

  /// `:read-only` as a parent: read everything.
  static let builtInReadOnly = RawProfile(
    filesystem: [(":root", .access(.read, key: ConfigKeyPath([":read-only", ":root"])))])

  /// `:workspace` as a parent: read everything, write the workspace roots (their `.git`,
  /// `.agents` and `.codex` read-only), `/tmp` and `$TMPDIR`. The
  /// `sandbox_workspace_write` keys do not apply to it, as in Codex.
  static let builtInWorkspace: RawProfile = {
    let key = ConfigKeyPath([":workspace"])
    let roots = key.appending(":workspace_roots")
    let subs: [RawSubEntry] = [
      .init(subpath: ".", access: .write, key: roots.appending(".")),
      .init(subpath: ".git", access: .read, key: roots.appending(".git")),
      .init(subpath: ".agents", access: .read, key: roots.appending(".agents")),
      .init(subpath: ".codex", access: .read, key: roots.appending(".codex")),
    ]
    return RawProfile(filesystem: [
      (":root", .access(.read, key: key.appending(":root"))),
      (":workspace_roots", .scoped(subs, key: roots)),
      (":slash_tmp", .access(.write, key: key.appending(":slash_tmp"))),
      (":tmpdir", .access(.write, key: key.appending(":tmpdir"))),
    ])
  }()

  static func parseOwn(_ table: ConfigTable, key: ConfigKeyPath) throws(PermissionProfileError)
    -> RawProfile
  {
    var raw = RawProfile()
    if let description = table["description"], description.stringValue == nil {
      throw .shape(key.appending("description"), expected: "a string", found: description)
    }
    if let value = table["workspace_roots"] {
      let rootsKey = key.appending("workspace_roots")
      guard let roots = value.tableValue else {
        throw .shape(rootsKey, expected: "a table of paths = true or false", found: value)
      }
      for (path, enabled) in roots.entries {
        guard let flag = enabled.boolValue else {
          throw .shape(rootsKey.appending(path), expected: "true or false", found: enabled)
        }
        raw.workspaceRoots.append((path, flag))
      }
    }
    if let value = table["filesystem"] {
      raw.filesystem = try parseFilesystem(value, key: key.appending("filesystem"))
    }
    if let value = table["network"] {
      raw.networkEnabled = try parseNetwork(value, key: key.appending("network"))
    }
    return raw
  }

  static func parseFilesystem(_ value: ConfigValue, key: ConfigKeyPath)
    throws(PermissionProfileError) -> [(path: String, value: RawFilesystemValue)]
  {
    guard let table = value.tableValue else {
      throw .shape(key, expected: "a table of paths", found: value)
    }
    var entries: [(path: String, value: RawFilesystemValue)] = []
    for (path, entry) in table.entries {
      let entryKey = key.appending(path)
      if path == "glob_scan_max_depth" {
        // Only meaningful with glob patterns, which are refused below; checked as Codex does.
        guard let depth = entry.integerValue, depth >= 1 else {
          throw .shape(entryKey, expected: "an integer of at least 1", found: entry)
        }
        continue
      }
      switch entry {
      case .string(let text):
        entries.append((path, .access(try access(text, key: entryKey), key: entryKey)))
      case .table(let subs):
        var parsed: [RawSubEntry] = []
        for (subpath, subValue) in subs.entries {
          let subKey = entryKey.appending(subpath)
          guard let text = subValue.stringValue else {
            throw .shape(subKey, expected: accessChoices, found: subValue)
          }
          parsed.append(.init(subpath: subpath, access: try access(text, key: subKey), key: subKey))
        }
        entries.append((path, .scoped(parsed, key: entryKey)))
      default:
        throw .shape(
          entryKey, expected: "\"read\", \"write\", \"deny\" or a table of sub-paths",
          found: entry)
      }
    }
    return entries
  }

  static let accessChoices = "\"read\", \"write\" or \"deny\""

  /// `read`, `write` or `deny` (`none` is Codex's older spelling of deny).
  static func access(_ text: String, key: ConfigKeyPath) throws(PermissionProfileError)
    -> PermissionProfile.Access
  {
    if text == "none" { return .deny }
    guard let access = PermissionProfile.Access(rawValue: text) else {
      throw .shape(key, expected: accessChoices, found: .string(text))
    }
    return access
  }

  /// `enabled`; domain and Unix-socket rules need a filtering proxy Cairn does not have, so
  /// a profile that sets them is refused rather than run with the network wide open.
  static func parseNetwork(_ value: ConfigValue, key: ConfigKeyPath)
    throws(PermissionProfileError) -> Bool?
  {
    guard let table = value.tableValue else {
      throw .shape(key, expected: "a table", found: value)
    }
    for (name, what) in [("domains", "domain"), ("unix_sockets", "Unix-socket")] {
      guard let rules = table[name] else { continue }
      guard let entries = rules.tableValue else {
        throw .shape(key.appending(name), expected: "a table", found: rules)
      }
      if !entries.isEmpty {
        throw .notSupported(
          key: key.appending(name),
          reason: "network.\(name) in permission profiles needs a filtering proxy, which "
            + "Cairn does not have; remove the \(what) rules and set network.enabled to true "
            + "(every host) or false (none)")
      }
    }
    guard let enabled = table["enabled"] else { return nil }
    guard let flag = enabled.boolValue else {
      throw .shape(key.appending("enabled"), expected: "true or false", found: enabled)
    }
    return flag
  }
}
