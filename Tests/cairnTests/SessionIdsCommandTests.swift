import Foundation
import Testing

extension CLITests {
  /// `cairn resume|fork --json` listings and `archive|unarchive|delete` on native and Codex
  /// sessions, as a black box, and against the real codex for the file layout.
  @Suite struct SessionIdsCommandTests {
    static let rollouts = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent(
        "CairnCodexTests/Fixtures/rollouts/0.147.0"
      )
      .path
    static let plainID = "01a2142b-4eac-7761-a156-c534fc6e82bc"
    static let toolID = "01a2142b-5346-7113-a6c1-bc98461791c3"

    /// A Codex home holding a_plain and b_tool of 0.147.0 under sessions/2026/11/25.
    static func codexHome(_ root: String) throws -> String {
      let home = root + "/codex"
      let day = home + "/sessions/2026/11/25"
      try FileManager.default.createDirectory(atPath: day, withIntermediateDirectories: true)
      for (file, id) in [("a_plain", plainID), ("b_tool", toolID)] {
        try FileManager.default.copyItem(
          atPath: rollouts + "/\(file).jsonl", toPath: day + "/\(rolloutName(id))")
      }
      return home
    }

    static func rolloutName(_ id: String) -> String { "rollout-2026-11-25T19-25-12-\(id).jsonl" }

    static func setModified(_ path: String, _ seconds: Double) throws {
      try FileManager.default.setAttributes(
        [.modificationDate: Date(timeIntervalSince1970: seconds)], ofItemAtPath: path)
    }

    static func rolloutFiles(_ home: String) -> [String] {
      let enumerator = FileManager.default.enumerator(atPath: home)
      var found: [String] = []
      while let next = enumerator?.nextObject() as? String {
        if next.hasSuffix(".jsonl") && next.contains("rollout-") { found.append(next) }
      }
      return found.sorted()
    }

    static func listing(_ arguments: [String]) async throws -> [[String: Any]] {
      let result = try await runCairn(arguments)
      #expect(result.status == 0, "\(result.stderr)")
      let json = try #require(jsonObject(result.stdoutText))
      return try #require(json["sessions"] as? [[String: Any]])
    }

    @Test func listsNativeAndCodexSessionsNewestFirstWithTheirFields() async throws {
      try await withTemporaryDirectory { root in
        let codex = try Self.codexHome(root)
        let day = codex + "/sessions/2026/11/25/"
        try Self.setModified(day + Self.rolloutName(Self.plainID), 1_900_000_000)  // 2030
        try Self.setModified(day + Self.rolloutName(Self.toolID), 1_600_000_000)  // 2020
        let home = root + "/cairn"
        let created = try await runCairn([
          "session", "create", "--home", home, "--cwd", "/home/user/work",
        ])
        let nativeID = created.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try await runCairn(["session", "rename", "--home", home, nativeID, "native one"])
        let common = ["--home", home, "--codex-home", codex, "--json"]
        let all = try await Self.listing(
          ["resume", "--all", "--include-non-interactive"] + common)
        let ids = all.compactMap { $0["id"] as? String }
        #expect(ids == [Self.plainID, nativeID, Self.toolID])
        let plain = all[0]
        #expect(plain["kind"] as? String == "codex")
        #expect(plain["preview"] as? String == "say hi")
        #expect(plain["cwd"] as? String == "/home/user/work")
        #expect(plain["created_at"] as? String == "2026-11-25T19:25:12.236Z")
        #expect(plain["updated_at"] as? String == "2030-03-17T17:46:40.000Z")
        #expect(plain["archived"] as? Bool == false)
        #expect(plain["source"] as? String == "exec")
        #expect(plain["path"] as? String == day + Self.rolloutName(Self.plainID))
        #expect(all[1]["kind"] as? String == "native")
        #expect(all[1]["name"] as? String == "native one")
        // Codex's pickers hide exec sessions unless asked; fork has no such flag.
        let interactive = try await Self.listing(["resume", "--all"] + common)
        #expect(interactive.compactMap { $0["id"] as? String } == [nativeID])
        let forks = try await Self.listing(["fork", "--all"] + common)
        #expect(forks.compactMap { $0["id"] as? String } == [nativeID])
        // Without --all, only sessions of the working directory (-C) are listed.
        let elsewhere = try await Self.listing(
          ["resume", "--include-non-interactive", "-C", root] + common)
        #expect(elsewhere.isEmpty)
        // A name resolves; resume of a native session loads it; of a Codex one says import.
        let resumed = try await runCairn(["resume", "native one"] + common)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(jsonObject(resumed.stdoutText)?["session_id"] as? String == nativeID)
        let codexResume = try await runCairn(["resume", String(Self.toolID.prefix(13))] + common)
        #expect(codexResume.status == 69)
        #expect(codexResume.stderr.contains("cairn import codex \(day)"))
        let forked = try await runCairn(["fork", nativeID] + common)
        #expect(forked.status == 0, "\(forked.stderr)")
        #expect(jsonObject(forked.stdoutText)?["parent_id"] as? String == nativeID)
      }
    }

    @Test func theIndexCacheFollowsTheFiles() async throws {
      try await withTemporaryDirectory { root in
        let codex = try Self.codexHome(root)
        let plain = codex + "/sessions/2026/11/25/" + Self.rolloutName(Self.plainID)
        try Self.setModified(plain, 1_700_000_000)
        let common = [
          "resume", "--all", "--include-non-interactive", "--json", "--home", root + "/cairn",
          "--codex-home", codex,
        ]
        let first = try await Self.listing(common)
        #expect(first.count == 2)
        // Same size, new prompt, new mtime: re-read.
        var text = try String(contentsOfFile: plain, encoding: .utf8)
        text = text.replacingOccurrences(
          of: "\"message\":\"say hi\"", with: "\"message\":\"say yo\"")
        try text.write(toFile: plain, atomically: false, encoding: .utf8)
        try Self.setModified(plain, 1_800_000_000)
        let second = try await Self.listing(common)
        let changed = try #require(second.first { $0["id"] as? String == Self.plainID })
        #expect(changed["preview"] as? String == "say yo")
        #expect(changed["updated_at"] as? String == "2027-01-15T08:00:00.000Z")
        // A deleted file is gone from the listing.
        try FileManager.default.removeItem(
          atPath: codex + "/sessions/2026/11/25/" + Self.rolloutName(Self.toolID))
        let third = try await Self.listing(common)
        #expect(third.compactMap { $0["id"] as? String } == [Self.plainID])
        // A damaged cache is rebuilt with a warning, and the listing stays right.
        let cacheDirectory = root + "/cairn/codex"
        let cache = try #require(
          try FileManager.default.contentsOfDirectory(atPath: cacheDirectory).first)
        var bytes = try LogFiles.read(cacheDirectory + "/" + cache)
        bytes[bytes.count / 2] ^= 0x40
        try LogFiles.write(bytes, to: cacheDirectory + "/" + cache)
        let repaired = try await runCairn(common)
        #expect(repaired.status == 0)
        #expect(repaired.stderr.contains("could not be used (checksum mismatch); rebuilt it"))
        let sessions = jsonObject(repaired.stdoutText)?["sessions"] as? [[String: Any]] ?? []
        #expect(sessions.compactMap { $0["preview"] as? String } == ["say yo"])
        let quiet = try await runCairn(common)
        #expect(quiet.stderr.isEmpty)
      }
    }

    @Test func archiveUnarchiveAndDeleteACodexSession() async throws {
      try await withTemporaryDirectory { root in
        let codex = try Self.codexHome(root)
        let names =
          "{\"id\":\"\(Self.plainID)\",\"thread_name\":\"twin\",\"updated_at\":\"x\"}\n"
          + "{\"id\":\"\(Self.toolID)\",\"thread_name\":\"twin\",\"updated_at\":\"x\"}\n"
          + "{\"id\":\"\(Self.toolID)\",\"thread_name\":\"tool run\",\"updated_at\":\"x\"}\n"
        try names.write(toFile: codex + "/session_index.jsonl", atomically: true, encoding: .utf8)
        let common = ["--home", root + "/cairn", "--codex-home", codex]
        // The later line renamed the tool session, so "twin" is the plain one only.
        let archived = try await runCairn(["archive", "twin"] + common)
        #expect(archived.status == 0, "\(archived.stderr)")
        #expect(archived.stdoutText == "Archived session twin (\(Self.plainID)).\n")
        #expect(
          Self.rolloutFiles(codex) == [
            "archived_sessions/" + Self.rolloutName(Self.plainID),
            "sessions/2026/11/25/" + Self.rolloutName(Self.toolID),
          ])
        let again = try await runCairn(["archive", Self.plainID] + common)
        #expect(again.status == 1)
        #expect(again.stderr == "cairn: no active session found matching '\(Self.plainID)'\n")
        let unarchived = try await runCairn(["unarchive", "01a2142b-4eac"] + common)
        #expect(unarchived.status == 0, "\(unarchived.stderr)")
        #expect(
          Self.rolloutFiles(codex) == [
            "sessions/2026/11/25/" + Self.rolloutName(Self.plainID),
            "sessions/2026/11/25/" + Self.rolloutName(Self.toolID),
          ])
        let ambiguous = try await runCairn(["archive", "01a2142b"] + common)
        #expect(ambiguous.status == 1)
        #expect(ambiguous.stderr.contains("'01a2142b' matches 2 sessions"))
        #expect(ambiguous.stderr.contains(Self.toolID))
        let refused = try await runCairn(["delete", Self.toolID] + common)
        #expect(refused.status == 1)
        #expect(
          refused.stderr
            == "cairn: cannot confirm session deletion without an interactive terminal; "
            + "rerun with --force and a session UUID\n")
        let byName = try await runCairn(["delete", "--force", "tool run"] + common)
        #expect(byName.status == 1)
        let deleted = try await runCairn(["delete", "--force", Self.toolID] + common)
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(deleted.stdoutText == "Deleted session tool run (\(Self.toolID)).\n")
        #expect(
          Self.rolloutFiles(codex) == ["sessions/2026/11/25/" + Self.rolloutName(Self.plainID)])
        let index = try String(contentsOfFile: codex + "/session_index.jsonl", encoding: .utf8)
        #expect(!index.contains(Self.toolID))
        #expect(index.contains(Self.plainID))
      }
    }

    @Test func archiveUnarchiveAndDeleteANativeSession() async throws {
      try await withTemporaryDirectory { root in
        let home = root + "/cairn"
        let common = ["--home", home, "--codex-home", root + "/no-codex"]
        let created = try await runCairn(["session", "create", "--home", home])
        let id = created.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        let archived = try await runCairn(["archive", id] + common)
        #expect(archived.status == 0, "\(archived.stderr)")
        let list = try await runCairn(["session", "list", "--all", "--json", "--home", home])
        #expect(list.stdoutText.contains("\"archived\":true"))
        let unarchived = try await runCairn(["unarchive", String(id.prefix(8))] + common)
        #expect(unarchived.status == 0, "\(unarchived.stderr)")
        let refused = try await runCairn(["delete", id] + common)
        #expect(refused.status == 1)
        let deleted = try await runCairn(["delete", "--force", id] + common)
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(!FileManager.default.fileExists(atPath: home + "/sessions/" + id))
      }
    }

    /// `cairn session …` takes a title or an id prefix as well as an id, through the same
    /// resolver; an ambiguous title is an error naming both sessions.
    @Test func sessionCommandsResolveTitlesAndPrefixes() async throws {
      try await withTemporaryDirectory { root in
        let home = root + "/cairn"
        var ids: [String] = []
        for _ in 0..<3 {
          let created = try await runCairn(["session", "create", "--home", home])
          #expect(created.status == 0, "\(created.stderr)")
          ids.append(created.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        for (id, title) in zip(ids, ["release notes", "flaky test", "flaky test"]) {
          let renamed = try await runCairn(["session", "rename", "--home", home, id, title])
          #expect(renamed.status == 0, "\(renamed.stderr)")
        }
        let byTitle = try await runCairn(["session", "show", "--home", home, "release notes"])
        #expect(byTitle.status == 0, "\(byTitle.stderr)")
        #expect(byTitle.stdoutText.contains(ids[0]), "\(byTitle.stdoutText)")
        let byPrefix = try await runCairn([
          "session", "resume", "--home", home, "--json", String(ids[0].prefix(8)),
        ])
        #expect(byPrefix.status == 0, "\(byPrefix.stderr)")
        #expect(byPrefix.stdoutText.contains(ids[0]))
        let ambiguous = try await runCairn(["session", "show", "--home", home, "flaky test"])
        #expect(ambiguous.status == 1)
        #expect(ambiguous.stderr.contains(ids[1]) && ambiguous.stderr.contains(ids[2]))
        let missing = try await runCairn(["session", "show", "--home", home, "no such title"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no such title"), "\(missing.stderr)")
      }
    }

    /// The same archive, unarchive and delete of the same rollout by the real codex and by
    /// Cairn, in two copies of a Codex home, leave the same rollout files and exit codes.
    @Test func matchesTheRealCodexOnTheFileLayout() async throws {
      let codexBinary = try requireCodex()
      let cairnBinary = try CairnBinary.require()
      try await withBuildDirectory { root in
        let real = try Self.codexHome(root + "/real")
        let ours = try Self.codexHome(root + "/ours")
        let steps: [[String]] = [
          ["archive", Self.plainID], ["archive", Self.plainID], ["unarchive", Self.plainID],
          ["unarchive", Self.plainID], ["delete", Self.toolID], ["delete", "--force", Self.toolID],
          ["delete", "--force", Self.toolID],
        ]
        for step in steps {
          let codexRun = try runInLoopbackNamespace(
            codexBinary, step, environment: ["CODEX_HOME": real], in: root)
          let cairnRun = try runInLoopbackNamespace(
            cairnBinary, step + ["--home", root + "/cairn"], environment: ["CODEX_HOME": ours],
            in: root)
          #expect(
            (codexRun.status == 0) == (cairnRun.status == 0),
            "\(step): codex \(codexRun.status) \(codexRun.stderr.prefix(200)); cairn \(cairnRun.status) \(cairnRun.stderr)"
          )
          #expect(Self.rolloutFiles(real) == Self.rolloutFiles(ours), "\(step)")
          if codexRun.status == 0 { #expect(codexRun.stdout == cairnRun.stdout, "\(step)") }
        }
      }
    }
  }
}
