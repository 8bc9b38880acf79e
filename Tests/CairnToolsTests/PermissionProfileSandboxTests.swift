import CairnTools
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `[permissions.NAME]` profiles under the real bwrap, with real processes. The directories
/// live under /var/tmp, which no rule below makes writable unless the test says so.
@Suite struct PermissionProfileSandboxTests {
  let sandbox = BubblewrapSandboxTests()

  /// A work directory and an outside directory, both readable, the work one writable.
  func workAndOutside() throws -> (work: String, outside: String) {
    (try sandbox.makeDirectory(), try sandbox.makeDirectory())
  }

  func policy(
    _ entries: [PermissionProfile.Entry], in work: String, network: Bool = false,
    roots: [String] = []
  ) -> SandboxPolicy {
    PermissionProfile(workspaceRoots: roots, entries: entries, networkEnabled: network)
      .resolve(workingDirectory: work, home: "/nonexistent-home", tmpdir: nil)
  }

  @Test func aWriteRootAllowsWritesThereAndRefusesThemElsewhere() throws {
    let (work, outside) = try workAndOutside()
    defer {
      try? FileManager.default.removeItem(atPath: work)
      try? FileManager.default.removeItem(atPath: outside)
    }
    let policy = policy(
      [
        .init(.minimal, .read), .init(.workspaceRoots(subpath: nil), .write),
        .init(.path(outside), .read),
      ],
      in: work)
    #expect(policy.mode == .workspaceWrite && policy.writableRoots == [work])
    let inside = try sandbox.run("echo in > inside.txt", in: work, policy: policy)
    #expect(inside.status == 0, "\(inside.output)")
    #expect(FileManager.default.contents(atPath: work + "/inside.txt") == Data("in\n".utf8))
    let refused = try sandbox.run("echo out > \(outside)/out.txt", in: work, policy: policy)
    #expect(refused.status != 0)
    #expect(refused.output.contains("Read-only file system"), "\(refused.output)")
    #expect(!FileManager.default.fileExists(atPath: outside + "/out.txt"))
    // Nothing outside the rules exists, and the empty root itself is read-only.
    let unlisted = try sandbox.run("ls /root || echo x > /new-file", in: work, policy: policy)
    #expect(unlisted.status != 0)
    #expect(unlisted.output.contains("Read-only file system"), "\(unlisted.output)")
  }

  @Test func aReadOnlySubPathInsideAWriteRootRefusesWrites() throws {
    let work = try sandbox.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: work) }
    try FileManager.default.createDirectory(
      atPath: work + "/vendor", withIntermediateDirectories: false)
    let policy = policy(
      [
        .init(.root, .read), .init(.workspaceRoots(subpath: nil), .write),
        .init(.workspaceRoots(subpath: "vendor"), .read),
      ], in: work)
    let vendored = try sandbox.run("echo x > vendor/lib.c", in: work, policy: policy)
    #expect(vendored.status != 0)
    #expect(vendored.output.contains("Read-only file system"), "\(vendored.output)")
    #expect(!FileManager.default.fileExists(atPath: work + "/vendor/lib.c"))
    #expect(try sandbox.run("echo x > main.c", in: work, policy: policy).status == 0)
    #expect(FileManager.default.fileExists(atPath: work + "/main.c"))
  }

  @Test func aDeniedFileOrDirectoryCannotBeRead() throws {
    let work = try sandbox.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: work) }
    try Data("token-file\n".utf8).write(to: URL(fileURLWithPath: work + "/.env"))
    try FileManager.default.createDirectory(
      atPath: work + "/secrets", withIntermediateDirectories: false)
    try Data("token-dir\n".utf8).write(to: URL(fileURLWithPath: work + "/secrets/key"))
    let policy = policy(
      [
        .init(.root, .read), .init(.workspaceRoots(subpath: nil), .write),
        .init(.workspaceRoots(subpath: ".env"), .deny),
        .init(.workspaceRoots(subpath: "secrets"), .deny),
        // A deny hides everything beneath it, more specific rules included.
        .init(.workspaceRoots(subpath: "secrets/key"), .read),
      ], in: work)
    // Without the deny rules the same command prints both secrets: the check can fail.
    let open = try sandbox.run("cat .env secrets/key", in: work, policy: .readOnly)
    #expect(open.output.contains("token-file") && open.output.contains("token-dir"))
    let file = try sandbox.run("cat .env", in: work, policy: policy)
    #expect(file.status != 0)
    #expect(file.output.contains("Permission denied") && !file.output.contains("token"))
    let hidden = try sandbox.run("cat secrets/key", in: work, policy: policy)
    #expect(hidden.status != 0)
    #expect(!hidden.output.contains("token"), "\(hidden.output)")
    // Root (as in CI) may list the empty mode-000 directory; anyone else gets EACCES.
    let listing = try sandbox.run("ls -A secrets", in: work, policy: policy)
    #expect(!listing.output.contains("key"), "\(listing.output)")
    #expect(try sandbox.run("echo x > .env", in: work, policy: policy).status != 0)
    #expect(FileManager.default.contents(atPath: work + "/.env") == Data("token-file\n".utf8))
  }

  @Test func networkEnabledFalseBlocksALoopbackConnect() throws {
    let listener = try LoopbackListener()
    defer { listener.close() }
    let work = try sandbox.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: work) }
    let connect = "exec 3<>/dev/tcp/127.0.0.1/\(listener.port) && echo connected"
    let entries: [PermissionProfile.Entry] = [.init(.root, .read)]
    let allowed = try sandbox.run(
      connect, in: work, policy: policy(entries, in: work, network: true))
    #expect(allowed.status == 0 && allowed.output.contains("connected"), "\(allowed.output)")
    let blocked = try sandbox.run(connect, in: work, policy: policy(entries, in: work))
    #expect(blocked.status != 0)
    #expect(!blocked.output.contains("connected"), "\(blocked.output)")
  }

  @Test func gitAndCodexInsideAWritePathStayReadOnly() throws {
    let work = try sandbox.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: work) }
    try FileManager.default.createDirectory(
      atPath: work + "/.git", withIntermediateDirectories: false)
    let policy = policy([.init(.minimal, .read), .init(.path(work), .write)], in: "/")
    #expect(try sandbox.run("echo x > .git/config", in: work, policy: policy).status != 0)
    #expect(try sandbox.run("echo x > tracked", in: work, policy: policy).status == 0)
  }

  @Test func theExitStatusIsTheCommands() throws {
    let work = try sandbox.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: work) }
    let policy = policy(
      [.init(.minimal, .read), .init(.workspaceRoots(subpath: nil), .read)], in: work)
    #expect(try sandbox.run("exit 9", in: work, policy: policy).status == 9)
    // A working directory the profile leaves out is an error, not a run in `/`.
    let unlisted = self.policy([.init(.minimal, .read)], in: work)
    let outcome = try sandbox.run("pwd", in: work, policy: unlisted)
    #expect(outcome.status == 1)
    #expect(outcome.output.contains("Can't chdir to \(work)"), "\(outcome.output)")
  }

  @Test func resolutionTurnsTargetsIntoPaths() {
    let profile = PermissionProfile(
      workspaceRoots: ["../other", "~/shared", "/abs/"],
      entries: [
        .init(.workspaceRoots(subpath: nil), .write),
        .init(.workspaceRoots(subpath: "docs"), .read),
        .init(.tmpdir, .write), .init(.slashTmp, .read), .init(.path("~/.ssh"), .deny),
        .init(.path("/work/repo/docs"), .write),  // write beats read for one path
        .init(.path("/opt/tool"), .write), .init(.path("/opt/tool"), .read),
        .init(.root, .read),
      ], networkEnabled: true)
    let policy = profile.resolve(
      workingDirectory: "/work/repo", home: "/home/me", tmpdir: "/var/tmp/me")
    #expect(
      profile.resolvedWorkspaceRoots(workingDirectory: "/work/repo", home: "/home/me") == [
        "/work/repo", "/work/other", "/home/me/shared", "/abs",
      ])
    let rules = policy.fileSystem?.rules.map { "\($0.access.rawValue) \($0.path)" }
    #expect(
      rules == [
        "write /work/repo", "write /work/other", "write /home/me/shared", "write /abs",
        "write /work/repo/docs", "read /work/other/docs", "read /home/me/shared/docs",
        "read /abs/docs", "write /var/tmp/me", "read /tmp", "deny /home/me/.ssh",
        "write /opt/tool",
      ])
    #expect(policy.fileSystem?.root == .read)
    #expect(policy.networkAccess && policy.mode == .workspaceWrite)
    // No TMPDIR, no home: `:tmpdir` and `~/` rules name nothing.
    let bare = PermissionProfile(entries: [.init(.tmpdir, .write), .init(.path("~/x"), .read)])
      .resolve(workingDirectory: "/w", home: nil, tmpdir: nil)
    #expect(bare.fileSystem == SandboxFileSystem(root: nil, rules: []))
    #expect(bare.mode == .readOnly && !bare.networkAccess)
  }

  @Test func theArgumentVectorMountsFromWideToNarrowAndDeniesLast() throws {
    let work = try sandbox.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: work) }
    for directory in ["src", "src/gen", "secrets", ".git"] {
      try FileManager.default.createDirectory(
        atPath: work + "/" + directory, withIntermediateDirectories: false)
    }
    try Data().write(to: URL(fileURLWithPath: work + "/.env"))
    let fileSystem = SandboxFileSystem(
      root: nil,
      rules: [
        .init(path: work + "/src/gen", access: .read), .init(path: work + "/.env", access: .deny),
        .init(path: work + "/secrets", access: .deny), .init(path: work, access: .write),
        .init(path: work + "/missing", access: .read), .init(path: "/nonexistent", access: .deny),
        .init(path: "/usr", access: .read),
      ])
    let policy = SandboxPolicy(mode: .workspaceWrite, networkAccess: false, fileSystem: fileSystem)
    #expect(
      BubblewrapSandbox.bubblewrapOptions(for: policy) == [
        "--new-session", "--die-with-parent", "--tmpfs", "/", "--dev", "/dev", "--unshare-pid",
        "--proc", "/proc", "--ro-bind", "/usr", "/usr", "--bind", work, work, "--ro-bind",
        work + "/.git", work + "/.git", "--ro-bind", work + "/src/gen", work + "/src/gen",
        "--ro-bind", "/dev/null", work + "/.env", "--perms", "000", "--tmpfs", work + "/secrets",
        "--remount-ro", work + "/secrets", "--remount-ro", "/", "--unshare-net", "--",
      ])
  }
}
