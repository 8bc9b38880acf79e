import Foundation
import Testing

extension CLITests {
  /// `cairn import codex` and `cairn export codex` as a black box.
  @Suite struct ImportExportCommandTests {
    static let rollouts = SessionSummarizeCommandTests.rollouts

    @Test func aFailedFileFailsTheRunButTheOthersImport() async throws {
      try await withTemporaryDirectory { root in
        let good = [
          Self.rollouts + "/0.147.0/b_tool.jsonl", Self.rollouts + "/0.46.0/e_patch.jsonl",
        ]
        let notARollout = root + "/notes.jsonl"
        try LogFiles.write(Array("{\"type\":\"event_msg\",\"payload\":{}}\n".utf8), to: notARollout)
        let missing = root + "/missing.jsonl"
        let home = root + "/home"
        let result = try await runCairn(
          ["import", "codex", good[0], notARollout, missing, good[1], "--home", home])
        #expect(result.status == 1)
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(
          lines.first
            == "\(good[0]): session 01a2142b-5346-7113-a6c1-bc98461791c3 created: 12 events "
            + "appended, 15 lines read, 0 malformed, 0 unknown")
        #expect(lines.last?.hasPrefix("\(good[1]): session ") == true)
        #expect(
          result.stderr.contains(
            "cairn: \(notARollout): not a Codex rollout: line 1 is event_msg, not session_meta"))
        #expect(result.stderr.contains("cairn: \(missing): cannot open: No such file or directory"))

        let again = try await runCairn(["import", "codex", good[0], "--home", home, "--json"])
        #expect(again.status == 0, "\(again.stderr)")
        let json = try #require(jsonObject(again.stdoutText))
        #expect(json["failed"] as? Int == 0)
        let file = try #require((json["files"] as? [[String: Any]])?.first)
        #expect(file["created"] as? Bool == false)
        #expect(file["events_appended"] as? Int == 0)
        #expect(file["lines_read"] as? Int == 0)

        let shown = try await runCairn([
          "session", "show", "01a2142b-5346-7113-a6c1-bc98461791c3", "--home", home, "--json",
        ])
        #expect(shown.status == 0)
        let session = try #require(jsonObject(shown.stdoutText))
        #expect(session["turns"] as? Int == 1)
        #expect(session["finished_tools"] as? Int == 1)
        #expect(session["input_tokens"] as? Int == 300)
      }
    }

    @Test func malformedLinesAreReportedWithTheirNumbers() async throws {
      try await withTemporaryDirectory { root in
        var bytes = try LogFiles.read(Self.rollouts + "/0.87.0/b_tool.jsonl")
        let secondLine = bytes.firstIndex(of: 0x0A)! + 1
        bytes.insert(contentsOf: Array("{\"broken\": tru\n".utf8), at: secondLine)
        bytes += Array("{\"timestamp\":\"2026".utf8)
        let path = root + "/rollout.jsonl"
        try LogFiles.write(bytes, to: path)
        let result = try await runCairn(["import", "codex", path, "--home", root + "/home"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("\(path): line 2, byte 15 of the line"))
        #expect(result.stderr.contains("truncated last line"))
        #expect(
          result.stdoutText.contains("1 malformed (lines 2), 0 unknown, truncated last line 18"))
      }
    }

    @Test func exportWritesAPrivateRolloutAndNamesAMissingSession() async throws {
      try await withTemporaryDirectory { root in
        let home = root + "/home"
        let imported = try await runCairn([
          "import", "codex", Self.rollouts + "/0.125.0/b_tool.jsonl", "--home", home,
        ])
        #expect(imported.status == 0)
        let out = root + "/exported.jsonl"
        let exported = try await runCairn([
          "export", "codex", "01a2142b-5096-7002-9da7-78f56b674ecf", "--out", out, "--home", home,
        ])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(
          exported.stdoutText.hasPrefix(
            "\(out): session 01a2142b-5096-7002-9da7-78f56b674ecf as Codex thread "))
        let mode = try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions]
        #expect((mode as? NSNumber)?.intValue == 0o600)
        let summary = try await runCairn(["session", "summarize", out, "--json"])
        let json = try #require(jsonObject(summary.stdoutText))
        #expect(json["session_id"] as? String == "01a2142b-5096-7002-9da7-78f56b674ecf")
        #expect(json["tool_calls"] as? Int == 1)
        #expect(json["tool_outputs"] as? Int == 1)
        #expect(json["malformed_lines"] as? Int == 0)

        let missing = try await runCairn(["export", "codex", "nope", "--out", out, "--home", home])
        #expect(missing.status == 1)
        #expect(
          missing.stderr == "cairn: no session nope (cairn session list shows the sessions)\n")
        let neither = try await runCairn(["export", "codex", "nope", "--home", home])
        #expect(neither.status != 0)
        #expect(neither.stderr.contains("give --out FILE or --codex-home DIR"))
      }
    }
  }
}
