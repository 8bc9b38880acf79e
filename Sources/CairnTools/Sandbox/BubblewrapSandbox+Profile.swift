#if canImport(Glibc)
  import Glibc
#endif

/// The bwrap mounts of a permission profile's file system (`SandboxPolicy.fileSystem`).
///
/// `/` itself comes first: `--ro-bind / /` for `:root = "read"`, `--bind / /` for write,
/// else an empty `--tmpfs /` the other rules are mounted into, made read-only at the end. Then the read and write
/// rules from the least to the most specific path, so a deeper rule wins (`--ro-bind` for
/// read, `--bind` for write, a writable path's existing `.git` and `.codex` bound back
/// read-only), and the deny rules last, so a deny hides everything beneath it: a directory
/// under an empty `--tmpfs` that is made read-only with mode 000, a file under
/// `--ro-bind /dev/null` (bwrap binds with `nodev`, so opening it fails with EACCES).
/// Paths that do not exist are left out, since bwrap refuses to bind them.
/// `PermissionProfile.resolve` has already merged a path named twice.
extension BubblewrapSandbox {
  static func bubblewrapOptions(for fileSystem: SandboxFileSystem) -> [String] {
    var options: [String]
    switch fileSystem.root {
    case .read: options = ["--ro-bind", "/", "/"]
    case .write: options = ["--bind", "/", "/"]
    case .deny, nil: options = ["--tmpfs", "/"]
    }
    options += ["--dev", "/dev", "--unshare-pid", "--proc", "/proc"]
    if fileSystem.root == .write { options += protectedBinds(under: "/") }

    let rules = existingRules(fileSystem.rules)
    let allowed = rules.filter { $0.rule.access != .deny }
    for (rule, isDirectory) in allowed {
      switch rule.access {
      case .read: options += ["--ro-bind", rule.path, rule.path]
      case .write:
        options += ["--bind", rule.path, rule.path]
        if isDirectory { options += protectedBinds(under: rule.path) }
      case .deny: break
      }
    }
    let rootVisible = fileSystem.root == .read || fileSystem.root == .write
    var denied: [String] = []
    for (rule, isDirectory) in rules where rule.access == .deny {
      // Already hidden by a wider deny; or outside everything mounted, so not there at all.
      if denied.contains(where: { isWithin(rule.path, $0) }) { continue }
      let related = allowed.contains {
        isWithin(rule.path, $0.rule.path) || isWithin($0.rule.path, rule.path)
      }
      guard rootVisible || related else { continue }
      denied.append(rule.path)
      if isDirectory {
        options += ["--perms", "000", "--tmpfs", rule.path, "--remount-ro", rule.path]
      } else {
        options += ["--ro-bind", "/dev/null", rule.path]
      }
    }
    // bwrap made the mount points in the empty root; now nothing else may be written there.
    if !rootVisible { options += ["--remount-ro", "/"] }
    return options
  }

  /// The `--ro-bind`s that keep `directory`'s existing `.git` and `.codex` read-only.
  static func protectedBinds(under directory: String) -> [String] {
    var options: [String] = []
    for name in protectedNames {
      let path = directory == "/" ? "/" + name : directory + "/" + name
      if access(path, F_OK) == 0 { options += ["--ro-bind", path, path] }
    }
    return options
  }

  /// The rules whose paths exist, from the least to the most specific. Paths stay as
  /// written: bwrap follows a symlinked source itself, and the command finds the path it
  /// was given (with an empty root, `/bin` must be there even when the host's is a link).
  static func existingRules(_ rules: [SandboxFileSystem.Rule]) -> [(
    rule: SandboxFileSystem.Rule, isDirectory: Bool
  )] {
    var existing: [(rule: SandboxFileSystem.Rule, isDirectory: Bool)] = []
    for rule in rules where rule.path != "/" {
      var status = stat()
      guard stat(rule.path, &status) == 0 else { continue }
      existing.append((rule, status.st_mode & S_IFMT == S_IFDIR))
    }
    return existing.sorted { lhs, rhs in
      let (left, right) = (depth(lhs.rule.path), depth(rhs.rule.path))
      return left != right ? left < right : lhs.rule.path < rhs.rule.path
    }
  }

  static func depth(_ path: String) -> Int { path.utf8.reduce(0) { $0 + ($1 == 0x2F ? 1 : 0) } }

  /// Whether `path` is `ancestor` or lies beneath it.
  static func isWithin(_ path: String, _ ancestor: String) -> Bool {
    path == ancestor || path.hasPrefix(ancestor + "/")
  }
}
