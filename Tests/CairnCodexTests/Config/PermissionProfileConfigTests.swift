import CairnCodex
import CairnTools
import Testing

/// `[permissions.NAME]` tables read into profiles: the accepted shapes, `extends`, and an
/// exact message for each bad shape.
@Suite struct PermissionProfileConfigTests {
  func parse(_ toml: String, profile: String = "dev") throws -> PermissionProfileConfig.Parsed {
    try PermissionProfileConfig.profile(named: profile, in: TOMLParser.parseDocument(toml))
  }

  /// The error reading `toml` gives, as its message.
  func failure(_ toml: String, profile: String = "dev") throws -> PermissionProfileError? {
    let config = try TOMLParser.parseDocument(toml)
    do {
      _ = try PermissionProfileConfig.profile(named: profile, in: config)
      return nil
    } catch {
      return error
    }
  }

  @Test func theDocumentedShapeReadsIntoTargets() throws {
    let parsed = try parse(
      """
      [permissions.dev.workspace_roots]
      "~/code/shared" = true
      "/ignored" = false
      [permissions.dev.filesystem]
      ":minimal" = "read"
      ":tmpdir" = "write"
      ":slash_tmp" = "read"
      ":root" = "none"
      "~/.ssh" = "deny"
      "/opt/sdk/**" = "read"
      "/srv/data" = { "." = "read", "cache" = "write" }
      [permissions.dev.filesystem.":workspace_roots"]
      "." = "write"
      "vendor/lib" = "read"
      ".env" = "deny"
      [permissions.dev.network]
      enabled = true
      """)
    #expect(parsed.warnings.isEmpty)
    #expect(parsed.profile.workspaceRoots == ["~/code/shared"])
    #expect(parsed.profile.networkEnabled)
    // The TOML parser orders a table's keys itself: the entries' order carries no meaning.
    #expect(
      Set(parsed.profile.entries) == [
        .init(.minimal, .read), .init(.tmpdir, .write), .init(.slashTmp, .read),
        .init(.root, .deny), .init(.path("~/.ssh"), .deny), .init(.path("/opt/sdk"), .read),
        .init(.path("/srv/data"), .read), .init(.path("/srv/data/cache"), .write),
        .init(.workspaceRoots(subpath: nil), .write),
        .init(.workspaceRoots(subpath: "vendor/lib"), .read),
        .init(.workspaceRoots(subpath: ".env"), .deny),
      ])
  }

  @Test func anEmptyProfileAllowsNothingAndKeepsTheNetworkOff() throws {
    let parsed = try parse("[permissions.dev]\ndescription = \"locked\"\n")
    #expect(parsed.profile == PermissionProfile())
  }

  @Test func extendsLayersTheChildOverItsParent() throws {
    let parsed = try parse(
      """
      [permissions.base.filesystem]
      ":minimal" = "read"
      "/data" = { "." = "read", "out" = "write" }
      [permissions.base.network]
      enabled = true
      [permissions.dev]
      extends = "base"
      [permissions.dev.filesystem]
      "/data" = { "out" = "read", "tmp" = "write" }
      """)
    #expect(
      Set(parsed.profile.entries) == [
        .init(.minimal, .read), .init(.path("/data"), .read), .init(.path("/data/out"), .read),
        .init(.path("/data/tmp"), .write),
      ])
    #expect(parsed.profile.networkEnabled)
    // The built-in :workspace as a parent; the child's :tmpdir replaces the inherited write.
    let workspace = try parse(
      """
      [permissions.dev]
      extends = ":workspace"
      [permissions.dev.filesystem]
      ":tmpdir" = "read"
      """)
    #expect(
      Set(workspace.profile.entries) == [
        .init(.root, .read), .init(.workspaceRoots(subpath: nil), .write),
        .init(.workspaceRoots(subpath: ".git"), .read),
        .init(.workspaceRoots(subpath: ".agents"), .read),
        .init(.workspaceRoots(subpath: ".codex"), .read), .init(.slashTmp, .write),
        .init(.tmpdir, .read),
      ])
    let readOnly = try parse("[permissions.dev]\nextends = \":read-only\"\n")
    #expect(readOnly.profile.entries == [.init(.root, .read)])
  }

  @Test func anUnknownSpecialPathIsIgnoredWithAWarning() throws {
    let parsed = try parse(
      """
      [permissions.dev.filesystem]
      ":future_thing" = "read"
      ":minimal" = "read"
      """)
    #expect(parsed.profile.entries == [.init(.minimal, .read)])
    #expect(
      parsed.warnings == [
        "permissions.dev.filesystem.\":future_thing\": Cairn does not know the special path "
          + "\":future_thing\"; the entry is ignored"
      ])
  }

  @Test func eachBadShapeNamesItsKey() throws {
    let cases: [(String, String)] = [
      (
        "[permissions.dev.filesystem.\":workspace_roots\"]\n\".env\" = \"rw\"",
        "permissions.dev.filesystem.\":workspace_roots\".\".env\": expected \"read\", \"write\" "
          + "or \"deny\", found \"rw\""
      ),
      (
        "[permissions.dev.filesystem]\n\"/x\" = 3",
        "permissions.dev.filesystem.\"/x\": expected \"read\", \"write\", \"deny\" or a table "
          + "of sub-paths, found 3"
      ),
      (
        "[permissions.dev.filesystem]\n\"/x\" = { \"y\" = true }",
        "permissions.dev.filesystem.\"/x\".y: expected \"read\", \"write\" or \"deny\", found true"
      ),
      (
        "[permissions.dev.filesystem]\n\"relative/path\" = \"read\"",
        "permissions.dev.filesystem.\"relative/path\": expected an absolute path, a ~/ path or a "
          + "special path such as \":workspace_roots\", found \"relative/path\""
      ),
      (
        "[permissions.dev.filesystem]\n\":tmpdir\" = { \"x\" = \"read\" }",
        "permissions.dev.filesystem.\":tmpdir\": \":tmpdir\" does not take a table of sub-paths; "
          + "give it \"read\", \"write\" or \"deny\""
      ),
      (
        "[permissions.dev.filesystem.\":workspace_roots\"]\n\"../up\" = \"read\"",
        "permissions.dev.filesystem.\":workspace_roots\".\"../up\": expected a relative path "
          + "beneath the root without \".\" or \"..\" components, found \"../up\""
      ),
      (
        "[permissions.dev.filesystem]\nglob_scan_max_depth = 0",
        "permissions.dev.filesystem.glob_scan_max_depth: expected an integer of at least 1, "
          + "found 0"
      ),
      (
        "[permissions.dev]\nfilesystem = 3",
        "permissions.dev.filesystem: expected a table of paths, found 3"
      ),
      (
        "[permissions.dev.network]\nenabled = \"yes\"",
        "permissions.dev.network.enabled: expected true or false, found \"yes\""
      ),
      (
        "[permissions.dev.workspace_roots]\n\"/a\" = \"yes\"",
        "permissions.dev.workspace_roots.\"/a\": expected true or false, found \"yes\""
      ),
      ("[permissions]\ndev = 3", "permissions.dev: expected a table, found 3"),
      (
        "[permissions.dev]\nextends = 1",
        "permissions.dev.extends: expected a profile name, found 1"
      ),
      (
        "[permissions.dev]\nextends = \"other\"\n[permissions.other]\nextends = \"dev\"",
        "permissions.dev: extends forms a cycle: dev -> other -> dev"
      ),
      (
        "[permissions.dev]\nextends = \":danger-full-access\"",
        "permissions.dev.extends: :danger-full-access has no sandbox to extend; use it directly, "
          + "or extend :read-only or :workspace"
      ),
      (
        "[permissions.dev]\nextends = \":bogus\"",
        "permissions.dev.extends: unknown built-in profile `:bogus` (built in: :read-only, "
          + ":workspace, :danger-full-access)"
      ),
      (
        "[permissions.dev]\nextends = \"missing\"",
        "default_permissions refers to undefined profile `missing`: the config has no "
          + "[permissions.missing] table"
      ),
      (
        "[permissions.\":mine\"]\n[permissions.dev]",
        "permissions profile `:mine` uses a reserved built-in profile prefix: names starting "
          + "with `:` are Codex's own (:read-only, :workspace, :danger-full-access)"
      ),
      (
        "model = \"x\"",
        "default_permissions requires a `[permissions]` table: profile `dev` is not defined in "
          + "the config (use a built-in profile such as :workspace)"
      ),
    ]
    for (toml, message) in cases {
      let error = try failure(toml)
      #expect(error == .invalid(message), "\(toml)")
    }
  }

  @Test func whatTheSandboxCannotEnforceIsNotSupported() throws {
    let domains = try failure(
      "[permissions.dev.network]\nenabled = true\n[permissions.dev.network.domains]\n"
        + "\"example.com\" = \"allow\"")
    #expect(
      domains?.description
        == "permissions.dev.network.domains: not supported yet: network.domains in permission "
        + "profiles needs a filtering proxy, which Cairn does not have; remove the domain rules "
        + "and set network.enabled to true (every host) or false (none)")
    let sockets = try failure(
      "[permissions.dev.network.unix_sockets]\n\"/run/docker.sock\" = \"allow\"")
    guard case .notSupported(let key, _)? = sockets else {
      Issue.record("unix_sockets accepted: \(String(describing: sockets))")
      return
    }
    #expect(key.description == "permissions.dev.network.unix_sockets")
    // An empty domains table asks for nothing.
    #expect(try parse("[permissions.dev.network.domains]\n").profile == PermissionProfile())
    let glob = try failure(
      "[permissions.dev.filesystem.\":workspace_roots\"]\n\"**/*.env\" = \"deny\"")
    #expect(
      glob?.description
        == "permissions.dev.filesystem.\":workspace_roots\".\"**/*.env\": not supported yet: glob "
        + "patterns in permission profiles (Cairn's sandbox mounts exact paths; list the paths, "
        + "or end a directory with /** for its whole subtree)")
  }

  @Test func defaultPermissionsSelectsAPolicyUnlessSandboxModeIsSet() throws {
    try withCodexHome { home in
      try write(
        """
        default_permissions = "dev"
        [permissions.dev.filesystem]
        ":workspace_roots" = "write"
        "~/.ssh" = "deny"
        [permissions.dev.network]
        enabled = true
        """, to: home.configFile)
      let config = CodexConfig(try load(home))
      #expect(config.defaultPermissions == "dev")
      let resolved = try config.defaultPermissionsPolicy(
        workingDirectory: "/work/repo", environment: ["HOME": "/home/me"])
      #expect(
        resolved?.policy.fileSystem
          == SandboxFileSystem(
            root: nil,
            rules: [
              .init(path: "/work/repo", access: .write),
              .init(path: "/home/me/.ssh", access: .deny),
            ]))
      #expect(resolved?.policy.writableRoots == ["/work/repo"])
      #expect(resolved?.policy.networkAccess == true)
      // sandbox_mode from any layer (here -c) wins over default_permissions, as in Codex.
      let legacy = CodexConfig(try load(home, overrides: ["sandbox_mode=\"read-only\""]))
      #expect(
        try legacy.defaultPermissionsPolicy(workingDirectory: "/w", environment: [:]) == nil)
      // Built-ins resolve without a [permissions] table.
      let builtIn = CodexConfig(try load(home, overrides: ["default_permissions=\":read-only\""]))
      #expect(
        try builtIn.defaultPermissionsPolicy(workingDirectory: "/w", environment: [:])?.policy
          == .readOnly)
    }
  }
}
