import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

extension CLITests {
  /// `cairn sandbox` through the binary with the real bwrap, in a loopback-only namespace,
  /// with a Codex home of its own. The directories live under /var/tmp, since `/tmp` is
  /// writable in `:workspace` as in Codex.
  @Suite struct SandboxCommandTests {
    static func sandbox(
      _ arguments: [String], root: String, environment: [String: String?] = [:]
    ) async throws -> NamespacedResult {
      let binary = try CairnBinary.require()
      var merged: [String: String?] = ["CODEX_HOME": root + "/codex", "CAIRN_CODEX": "none"]
      for (key, value) in environment { merged[key] = value }
      let environment = merged
      return try await offPool {
        try runInLoopbackNamespace(
          binary, ["sandbox"] + arguments, environment: environment, in: root)
      }
    }

    static func makeRoot() throws -> String {
      var template = Array("/var/tmp/cairn-sandbox-cli-XXXXXX".utf8CString)
      guard let made = mkdtemp(&template) else { throw POSIXError(.EIO) }
      let root = String(cString: made)
      for directory in ["codex", "work", "outside"] {
        try FileManager.default.createDirectory(
          atPath: root + "/" + directory, withIntermediateDirectories: true)
      }
      return root
    }

    @Test func workspaceWritesInsideAndNotOutside() async throws {
      let root = try Self.makeRoot()
      defer { try? FileManager.default.removeItem(atPath: root) }
      let inside = try await Self.sandbox(
        ["-P", ":workspace", "-C", root + "/work", "--", "sh", "-c", "echo x > f && echo wrote"],
        root: root)
      #expect(inside.status == 0, "\(inside.stderr)")
      #expect(inside.stdout == "wrote\n")
      #expect(FileManager.default.fileExists(atPath: root + "/work/f"))
      let outside = try await Self.sandbox(
        ["-P", ":workspace", "-C", root + "/work", "--", "sh", "-c", "echo x > ../outside/f"],
        root: root)
      #expect(outside.status == 2)
      #expect(outside.stderr.contains("Read-only file system"), "\(outside.stderr)")
      #expect(!FileManager.default.fileExists(atPath: root + "/outside/f"))
      let readOnly = try await Self.sandbox(
        ["-P", ":read-only", "-C", root + "/work", "--", "sh", "-c", "echo x > g"], root: root)
      #expect(readOnly.status == 2)
      #expect(!FileManager.default.fileExists(atPath: root + "/work/g"))
    }

    @Test func theExitStatusIsTheCommandsAndConfigKeysApply() async throws {
      let root = try Self.makeRoot()
      defer { try? FileManager.default.removeItem(atPath: root) }
      let exit = try await Self.sandbox(
        ["-P", ":workspace", "-C", root + "/work", "--", "sh", "-c", "exit 7"], root: root)
      #expect(exit.status == 7, "\(exit.stderr)")
      // A configured writable root, given with -c after the subcommand.
      let configured = try await Self.sandbox(
        [
          "-c", "sandbox_workspace_write.writable_roots=[\"\(root)/outside\"]", "-P", ":workspace",
          "-C", root + "/work", "--", "sh", "-c", "echo x > ../outside/h",
        ], root: root)
      #expect(configured.status == 0, "\(configured.stderr)")
      #expect(FileManager.default.fileExists(atPath: root + "/outside/h"))
    }

    @Test func profilesThatDoNotResolveAreClearErrors() async throws {
      let root = try Self.makeRoot()
      defer { try? FileManager.default.removeItem(atPath: root) }
      let unknown = try await Self.sandbox(["-P", ":bogus", "--", "true"], root: root)
      #expect(unknown.status == 1)
      #expect(unknown.stderr.contains("unknown built-in profile `:bogus`"), "\(unknown.stderr)")
      let undefined = try await Self.sandbox(["-P", "mine", "--", "true"], root: root)
      #expect(undefined.status == 1)
      #expect(undefined.stderr.contains("requires a `[permissions]` table"), "\(undefined.stderr)")
      try Self.writeConfig("[permissions.other]\n", root: root)
      let missing = try await Self.sandbox(["-P", "mine", "--", "true"], root: root)
      #expect(missing.status == 1)
      #expect(
        missing.stderr
          == "cairn sandbox: default_permissions refers to undefined profile `mine`: the config "
          + "has no [permissions.mine] table\n")
    }

    static func writeConfig(_ text: String, root: String) throws {
      try Data(text.utf8).write(to: URL(fileURLWithPath: root + "/codex/config.toml"))
    }

    @Test func aConfiguredProfileRunsTheCommandUnderItsRules() async throws {
      let root = try Self.makeRoot()
      defer { try? FileManager.default.removeItem(atPath: root) }
      try FileManager.default.createDirectory(
        atPath: root + "/work/ro", withIntermediateDirectories: false)
      try Self.writeConfig(
        """
        default_permissions = "dev"
        [permissions.dev.filesystem]
        ":minimal" = "read"
        "\(root)/outside" = "read"
        [permissions.dev.filesystem.":workspace_roots"]
        "." = "write"
        "ro" = "read"
        [permissions.dev.network]
        enabled = false
        """, root: root)
      let work = ["-P", "dev", "-C", root + "/work", "--", "sh", "-c"]
      let wrote = try await Self.sandbox(work + ["echo x > f && echo wrote && exit 5"], root: root)
      #expect(wrote.status == 5, "\(wrote.stderr)")
      #expect(wrote.stdout == "wrote\n")
      #expect(FileManager.default.fileExists(atPath: root + "/work/f"))
      let outside = try await Self.sandbox(work + ["echo x > ../outside/f"], root: root)
      #expect(outside.status == 2)
      #expect(outside.stderr.contains("Read-only file system"), "\(outside.stderr)")
      #expect(!FileManager.default.fileExists(atPath: root + "/outside/f"))
      let readOnly = try await Self.sandbox(work + ["echo x > ro/g"], root: root)
      #expect(readOnly.status == 2)
      #expect(!FileManager.default.fileExists(atPath: root + "/work/ro/g"))
      // As in Codex, -P is required: default_permissions is for the agent's own commands.
      let unnamed = try await Self.sandbox(["-C", root + "/work", "--", "true"], root: root)
      #expect(unnamed.status != 0)
      #expect(unnamed.stderr.contains("missing -P/--permission-profile"), "\(unnamed.stderr)")
    }

    @Test func aProfileThatCannotBeHonouredIsRefused() async throws {
      let root = try Self.makeRoot()
      defer { try? FileManager.default.removeItem(atPath: root) }
      try Self.writeConfig(
        """
        [permissions.web.network]
        enabled = true
        [permissions.web.network.domains]
        "example.com" = "allow"
        [permissions.bad.filesystem]
        ":minimal" = "rw"
        """, root: root)
      let web = try await Self.sandbox(["-P", "web", "--", "sh", "-c", "echo ran"], root: root)
      #expect(web.status == 69)
      #expect(web.stdout.isEmpty)
      #expect(
        web.stderr.hasPrefix(
          "cairn: 'cairn sandbox -P web' is not supported yet: permissions.web.network.domains: "
            + "network.domains in permission profiles needs a filtering proxy"), "\(web.stderr)")
      let bad = try await Self.sandbox(["-P", "bad", "--", "sh", "-c", "echo ran"], root: root)
      #expect(bad.status == 1)
      #expect(
        bad.stderr
          == "cairn sandbox: permissions.bad.filesystem.\":minimal\": expected \"read\", "
          + "\"write\" or \"deny\", found \"rw\"\n")
    }
  }
}
