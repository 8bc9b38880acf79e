import CairnTools

/// The `filesystem` keys of a profile turned into `PermissionProfile` targets: special
/// paths, absolute and `~/` paths, sub-paths under `:workspace_roots` or a path.
extension PermissionProfileConfig {
  static func compile(_ raw: RawProfile) throws(PermissionProfileError) -> Parsed {
    var entries: [PermissionProfile.Entry] = []
    var warnings: [String] = []
    for (path, value) in raw.filesystem {
      switch value {
      case .access(let access, let key):
        guard let target = try target(path, subpath: nil, key: key, warnings: &warnings)
        else { continue }
        entries.append(.init(target, access))
      case .scoped(let subs, let key):
        if path.hasPrefix(":") && path != ":workspace_roots" && special(path) != nil {
          throw .invalid(
            "\(key): \(TOMLText.quoted(path)) does not take a table of sub-paths; give it "
              + "\(accessChoices)")
        }
        for sub in subs {
          let subpath = sub.subpath == "." ? nil : sub.subpath
          guard let target = try target(path, subpath: subpath, key: sub.key, warnings: &warnings)
          else { continue }
          entries.append(.init(target, sub.access))
        }
      }
    }
    let roots = raw.workspaceRoots.filter(\.enabled).map(\.path)
    let profile = PermissionProfile(
      workspaceRoots: roots, entries: entries, networkEnabled: raw.networkEnabled ?? false)
    return Parsed(profile: profile, warnings: warnings)
  }

  static func special(_ path: String) -> PermissionProfile.Target? {
    switch path {
    case ":root": .root
    case ":minimal": .minimal
    case ":workspace_roots": .workspaceRoots(subpath: nil)
    case ":tmpdir": .tmpdir
    case ":slash_tmp": .slashTmp
    default: nil
    }
  }

  /// The target of `path` (a `filesystem` key) and `subpath` (a key of its table), nil for
  /// an unknown special path (with a warning, as Codex: newer configs keep loading).
  static func target(
    _ path: String, subpath: String?, key: ConfigKeyPath, warnings: inout [String]
  ) throws(PermissionProfileError) -> PermissionProfile.Target? {
    if path.hasPrefix(":") {
      guard let special = special(path) else {
        warnings.append(
          "\(key): Cairn does not know the special path \(TOMLText.quoted(path)); the entry "
            + "is ignored")
        return nil
      }
      guard let subpath else { return special }
      return .workspaceRoots(subpath: try relative(subpath, key: key))
    }
    let base = try exact(path, key: key)
    guard base.hasPrefix("/") || base == "~" || base.hasPrefix("~/") else {
      throw .invalid(
        "\(key): expected an absolute path, a ~/ path or a special path such as "
          + "\":workspace_roots\", found \(TOMLText.quoted(path))")
    }
    guard let subpath else { return .path(base) }
    return .path(base + "/" + (try relative(subpath, key: key)))
  }

  /// A sub-path: relative, beneath its root, without `.` or `..` components.
  static func relative(_ subpath: String, key: ConfigKeyPath) throws(PermissionProfileError)
    -> String
  {
    let exactPath = try exact(subpath, key: key)
    let components = exactPath.split(separator: "/")
    guard !exactPath.hasPrefix("/"), !components.isEmpty,
      !components.contains(where: { $0 == "." || $0 == ".." })
    else {
      throw .invalid(
        "\(key): expected a relative path beneath the root without \".\" or \"..\" "
          + "components, found \(TOMLText.quoted(subpath))")
    }
    return components.joined(separator: "/")
  }

  /// `text` as an exact path: a trailing `/**` means the whole subtree, which is the path
  /// itself; any other glob pattern is refused, since the sandbox mounts exact paths.
  static func exact(_ text: String, key: ConfigKeyPath) throws(PermissionProfileError)
    -> String
  {
    func hasGlob(_ text: some StringProtocol) -> Bool {
      text.contains { $0 == "*" || $0 == "?" || $0 == "[" || $0 == "]" }
    }
    guard hasGlob(text) else { return text }
    if text.hasSuffix("/**") {
      let base = text.dropLast(3)
      if !base.isEmpty && !hasGlob(base) { return String(base) }
    }
    throw .notSupported(
      key: key,
      reason: "glob patterns in permission profiles (Cairn's sandbox mounts exact paths; "
        + "list the paths, or end a directory with /** for its whole subtree)")
  }
}
