import Foundation
import Testing

extension CLITests {
  /// `cairn session summarize` on real and hostile rollouts, as a black box.
  @Suite struct SessionSummarizeCommandTests {
    static let rollouts = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("CairnCodexTests/Fixtures/rollouts").path

    @Test func summarizesARealRolloutAsJSON() async throws {
      let path = Self.rollouts + "/0.147.0/b_tool.jsonl"
      let result = try await runCairn(["session", "summarize", path, "--json"])
      #expect(result.status == 0, "\(result.stderr)")
      #expect(result.stderr.isEmpty)
      let json = try #require(jsonObject(result.stdoutText))
      #expect(json["session_id"] as? String == "01a2142b-5346-7113-a6c1-bc98461791c3")
      #expect(json["cli_version"] as? String == "0.147.0")
      #expect(json["turns"] as? Int == 1)
      #expect(json["tool_calls"] as? Int == 1)
      #expect(json["tool_outputs"] as? Int == 1)
      #expect(json["records"] as? Int == 15)
      #expect(json["malformed_lines"] as? Int == 0)
      let tokens = try #require(json["tokens"] as? [String: Any])
      #expect(tokens["total"] as? Int == 330)
      let text = try await runCairn(["session", "summarize", path])
      #expect(text.status == 0)
      #expect(text.stdoutText.contains("tool calls by name        exec_command=1"))
    }

    @Test func malformedLinesAreReportedAndTheSummaryStillPrints() async throws {
      try await withTemporaryDirectory { root in
        var bytes = try LogFiles.read(Self.rollouts + "/0.65.0/b_tool.jsonl")
        let secondLine = bytes.firstIndex(of: 0x0A)! + 1
        bytes.insert(contentsOf: Array("{\"broken\": tru\n".utf8), at: secondLine)
        bytes += Array("{\"timestamp\":\"2026".utf8)
        let path = root + "/rollout.jsonl"
        try LogFiles.write(bytes, to: path)
        let result = try await runCairn(["session", "summarize", path, "--json"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("\(path): line 2, byte 15 of the line"))
        #expect(result.stderr.contains("malformed JSON: unexpected byte 0x0A") == false)
        #expect(result.stderr.contains("the line ends inside a JSON value"))
        #expect(result.stderr.contains("line 16 (file offset"))
        #expect(result.stderr.contains("truncated last line"))
        let json = try #require(jsonObject(result.stdoutText))
        #expect(json["malformed_lines"] as? Int == 1)
        #expect(json["truncated_last_line"] as? Bool == true)
        #expect(json["records"] as? Int == 14)
        #expect(json["tool_calls"] as? Int == 1)
      }
    }

    @Test func anUnreadableFileIsAnErrorWithExitCode1() async throws {
      let missing = try await runCairn(["session", "summarize", "/nonexistent/rollout.jsonl"])
      #expect(missing.status == 1)
      #expect(
        missing.stderr
          == "cairn: cannot open /nonexistent/rollout.jsonl: No such file or directory\n")
      #expect(missing.stdout.isEmpty)
      let directory = try await runCairn(["session", "summarize", Self.rollouts])
      #expect(directory.status == 1)
      #expect(directory.stderr.contains("is not a regular file"))
    }

    /// A 300 MB line streams through: the real binary's peak RSS (GNU time's %M, which,
    /// unlike wait4 after posix_spawn, does not include the spawning test runner's own
    /// memory) stays under the 64 MB budget.
    @Test func aLineOf300MegabytesStaysInBoundedMemory() async throws {
      try await withTemporaryDirectory { root in
        let path = root + "/huge.jsonl"
        let reference = try LogFiles.read(Self.rollouts + "/0.147.0/a_plain.jsonl")
        let firstLine = Array(reference[0...reference.firstIndex(of: 0x0A)!])
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        let head =
          #"{"timestamp":"2026-11-25T19:25:13.202Z","type":"response_item","payload":{"type":"function_call_output","call_id":"c","output":"\n\"é"#
        try handle.write(contentsOf: firstLine + Array(head.utf8))
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
        for _ in 0..<300 { try handle.write(contentsOf: chunk) }
        try handle.write(contentsOf: Array("\"}}\n".utf8) + firstLine)
        try handle.close()
        let rssFile = root + "/rss"
        let result = try await offPool {
          try Self.runTimed(["session", "summarize", path, "--json"], rssFile: rssFile)
        }
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(jsonObject(result.stdout))
        #expect(json["records"] as? Int == 3)
        #expect(json["malformed_lines"] as? Int == 0)
        #expect(json["tool_outputs"] as? Int == 1)
        #expect((json["bytes"] as? Int ?? 0) > 300 << 20)
        let text = try String(contentsOfFile: rssFile, encoding: .utf8)
        let kilobytes = try #require(Int(text.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(kilobytes > 0)
        #expect(kilobytes < 64 * 1024, "peak RSS \(kilobytes) KiB")
      }
    }

    static func runTimed(_ arguments: [String], rssFile: String) throws -> (
      status: Int32, stdout: String, stderr: String
    ) {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
      process.arguments = ["-f", "%M", "-o", rssFile, try CairnBinary.require()] + arguments
      let output = Pipe()
      let errors = Pipe()
      process.standardOutput = output
      process.standardError = errors
      try process.run()
      let stdout = output.fileHandleForReading.readDataToEndOfFile()
      let stderr = errors.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      return (
        process.terminationStatus, String(decoding: stdout, as: UTF8.self),
        String(decoding: stderr, as: UTF8.self)
      )
    }
  }
}
