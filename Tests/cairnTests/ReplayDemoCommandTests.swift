import CairnTestSupport
import Foundation
import Testing

extension CLITests {
  /// `cairn replay serve` and `cairn demo`, as black boxes over real loopback HTTP.
  @Suite struct ReplayDemoCommandTests {
    static let script = #"""
      {"responses": [
        {"when": {"last_input_type": "message"},
         "output": [
           {"type": "reasoning", "summary": ["Checking the marker"], "encrypted_content": "opaque"},
           {"type": "function_call", "name": "exec_command",
            "arguments": {"cmd": "echo replay-marker-42"}}]},
        {"when": {"last_input_type": "function_call_output"},
         "output": [{"type": "message", "text": "The marker printed replay-marker-42."}]}
      ]}
      """#

    /// Starts a `cairn` server command and returns it with the port from its JSON line.
    static func startServer(_ arguments: [String]) throws -> (ChildProcess, Int, String) {
      let server = try ChildProcess(arguments, stdin: .pipe)
      guard let line = server.readLine(), let json = jsonObject(line),
        let port = json["port"] as? Int
      else {
        server.closeStdin()
        throw HarnessFailure("no listening line from cairn \(arguments): \(server.finish().stderr)")
      }
      return (server, port, line)
    }

    /// `cairn exec --json PROMPT` against the server on `port`; its stdout events.
    static func exec(root: String, port: Int, prompt: String) throws -> String {
      let codexHome = root + "/codex-\(port)"
      try FileManager.default.createDirectory(atPath: codexHome, withIntermediateDirectories: true)
      let config = """
        model_provider = "loopback"
        [model_providers.loopback]
        name = "loopback"
        base_url = "http://127.0.0.1:\(port)/v1"
        experimental_bearer_token = "test-key"
        request_max_retries = 0
        stream_max_retries = 0
        """
      try config.write(toFile: codexHome + "/config.toml", atomically: true, encoding: .utf8)
      let result = try runProgram(
        try CairnBinary.require(),
        [
          "exec", "--json", "--skip-git-repo-check", "--home", root + "/cairn", "-C", root,
          "--dangerously-bypass-approvals-and-sandbox", prompt,
        ],
        environment: ["CODEX_HOME": codexHome])
      #expect(result.status == 0, "\(result.stderr)")
      return result.stdoutText
    }

    /// What the model said and called, in order: the part a replay must reproduce.
    static func modelItems(_ events: [[String: Any]]) -> [String] {
      events.compactMap { event -> String? in
        guard event["type"] as? String == "item.completed",
          let item = event["item"] as? [String: Any], let type = item["type"] as? String
        else { return nil }
        switch type {
        case "agent_message", "reasoning": return "\(type): \(item["text"] as? String ?? "")"
        case "command_execution":
          return "command: \(item["command"] as? String ?? "") -> "
            + "\(item["aggregated_output"] as? String ?? "")"
        default: return type
        }
      }
    }

    @Test func replayServeReExecutesARecordedSession() async throws {
      try await withTemporaryDirectory { root in
        let scriptPath = root + "/script.json"
        try Self.script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        let prompt = "print the marker"
        let firstOutput = try await offPool { () -> String in
          let (server, port, _) = try Self.startServer([
            "test-server", "responses", "--script", scriptPath, "--json",
          ])
          defer {
            server.closeStdin()
            _ = server.finish()
          }
          return try Self.exec(root: root, port: port, prompt: prompt)
        }
        let first = jsonObjectLines(Array(firstOutput.utf8))
        let sessionID = try #require(first.first?["thread_id"] as? String)
        let original = Self.modelItems(first)
        #expect(original.count == 3, "\(original)")
        #expect(original.contains("agent_message: The marker printed replay-marker-42."))

        let (secondOutput, line) = try await offPool { () -> (String, String) in
          let (server, port, json) = try Self.startServer([
            "replay", "serve", sessionID, "--home", root + "/cairn", "--json",
          ])
          defer {
            server.closeStdin()
            _ = server.finish()
          }
          return (try Self.exec(root: root, port: port, prompt: prompt), json)
        }
        let second = jsonObjectLines(Array(secondOutput.utf8))
        let listening = try #require(jsonObject(line))
        #expect(listening["responses"] as? Int == 2)
        #expect((listening["url"] as? String)?.hasPrefix("http://127.0.0.1:") == true)
        let replayed = Self.modelItems(second)
        #expect(replayed == original)
        #expect(second.first?["thread_id"] as? String != sessionID)
      }
    }

    @Test func replayServeOfAnUnknownSessionFails() async throws {
      try await withTemporaryDirectory { root in
        let result = try await runCairn(["replay", "serve", "no-such-session", "--home", root])
        #expect(result.status != 0)
        #expect(result.stderr.contains("no-such-session"))
      }
    }

    @Test func demoRunsOfflineWithAnApprovalAResumeAndAReplay() async throws {
      let result = try await runCairn(["demo"])
      #expect(result.status == 0, "\(result.stderr)")
      let text = result.stdoutText
      #expect(text.contains("succeeded"))
      #expect(text.contains("approval requested"))
      #expect(text.contains("approved by the demo, as a user would"))
      #expect(text.contains("build/ is gone from the workspace"))
      #expect(text.contains("resumed session "))
      #expect(text.contains("events/s), 3 turns, state verified"))
      #expect(text.contains("demo complete"))
      let workspace = text.split(separator: "\n").first { $0.contains("workspace     ") }
      let path = workspace.map { String($0.split(separator: " ").last ?? "") } ?? ""
      #expect(!path.isEmpty)
      #expect(!FileManager.default.fileExists(atPath: path))
    }
  }
}
