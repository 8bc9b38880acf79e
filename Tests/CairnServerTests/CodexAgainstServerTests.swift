import CairnServer
import CairnTestSupport
import Foundation
import Testing

/// The real codex 0.147 against the scripted server, both in one loopback-only network
/// namespace (see `CodexLoopback`). These are slow (seconds each), so they run one at a
/// time. A missing codex fails them, with what to run: tools/bootstrap installs it.
@Suite(.serialized) struct CodexAgainstServerTests {
  /// The reference mock's behaviour (rollouts/README.md), as a script.
  static let referenceScript = #"""
    {"description": "the reference mock: RUNTOOL, REASON, PATCH, else plain text",
     "responses": [
      {"name": "tool call", "repeat": true,
       "when": {"last_user_text_contains": "RUNTOOL", "last_input_type": "message"},
       "output": [{"type": "function_call", "name": "exec_command",
                   "arguments": {"cmd": "echo hello-from-tool", "yield_time_ms": 1000}}]},
      {"name": "after a tool", "repeat": true, "when": {"last_input_type": "function_call_output"},
       "output": [{"type": "message", "text": "Tool ran fine. Done."}]},
      {"name": "patch", "repeat": true,
       "when": {"last_user_text_contains": "PATCH", "last_input_type": "message"},
       "output": [{"type": "custom_tool_call", "name": "apply_patch",
                   "input": "*** Begin Patch\n*** Add File: hello.txt\n+hello from apply_patch\n*** End Patch\n"}]},
      {"name": "after a patch", "repeat": true,
       "when": {"last_input_type": "custom_tool_call_output"},
       "output": [{"type": "message", "text": "Patched."}]},
      {"name": "reasoning", "repeat": true, "when": {"last_user_text_contains": "REASON"},
       "output": [{"type": "reasoning", "summary": ["**Thinking** about the greeting"],
                   "encrypted_content": "gAAAAmockEncryptedReasoning=="},
                  {"type": "message", "text": "Reasoned answer."}]},
      {"name": "plain", "repeat": true,
       "output": [{"type": "message", "text": "hi from the script", "deltas": ["hi ", "from the script"]}]}
     ]}
    """#

  static func exec(_ prompt: String, _ extra: [String] = []) -> [String] {
    ["exec", "--skip-git-repo-check", "--json"] + extra + [prompt]
  }

  /// The `response_item` payloads of a rollout.
  static func responseItems(_ lines: [[String: Any]]) -> [[String: Any]] {
    lines.filter { $0["type"] as? String == "response_item" }
      .compactMap { $0["payload"] as? [String: Any] }
  }

  static func text(ofMessage item: [String: Any]) -> String? {
    (item["content"] as? [[String: Any]])?.compactMap { $0["text"] as? String }.joined()
  }

  static func userTexts(_ request: RecordedRequest) -> [String] {
    request.inputItems.filter {
      $0["type"] as? String == "message" && $0["role"] as? String == "user"
    }
    .compactMap { text(ofMessage: $0) }
  }

  @Test func codexIsTheExpectedVersion() throws {
    let codex = try CodexLoopback(scriptJSON: #"{"responses": []}"#)
    defer { codex.cleanUp() }
    let run = try codex.run(["--version"], timeoutSeconds: 30)
    #expect(run.exitCode == 0)
    #expect(run.stdoutText == "codex-cli \(CodexLoopback.expectedCodexVersion)\n")
  }

  @Test func aPlainPromptWritesARolloutWithTheScriptedAnswer() throws {
    let codex = try CodexLoopback(scriptJSON: Self.referenceScript)
    defer { codex.cleanUp() }
    let run = try codex.run(Self.exec("say hi"))
    let requests = try codex.stopServer()

    #expect(run.exitCode == 0, "stderr: \(run.stderr)")
    #expect(
      run.events.map { $0["type"] as? String } == [
        "thread.started", "turn.started", "item.completed", "turn.completed",
      ])
    let answer = run.events(ofType: "item.completed").first?["item"] as? [String: Any]
    #expect(answer?["type"] as? String == "agent_message")
    #expect(answer?["text"] as? String == "hi from the script")
    let usage = run.events(ofType: "turn.completed").first?["usage"] as? [String: Any]
    #expect(usage?["input_tokens"] as? Int == 100)
    #expect(usage?["output_tokens"] as? Int == 10)

    #expect(run.rolloutPaths.count == 1)
    let path = try #require(run.rolloutPaths.first)
    let threadID = try #require(run.threadID)
    #expect(path.hasSuffix("-\(threadID).jsonl"))
    let lines = try rolloutLines(path: path)
    #expect(lines.first?["type"] as? String == "session_meta")
    let meta = lines.first?["payload"] as? [String: Any]
    #expect(meta?["cli_version"] as? String == "0.147.0")
    #expect(meta?["id"] as? String == threadID)
    #expect(meta?["model_provider"] as? String == "cairn")
    let assistant = Self.responseItems(lines).filter { $0["role"] as? String == "assistant" }
    #expect(assistant.count == 1)
    #expect(assistant.first?["id"] as? String == "msg_resp_001")
    #expect(assistant.first.flatMap(Self.text(ofMessage:)) == "hi from the script")

    #expect(requests.count == 1)
    let request = try #require(requests.first)
    #expect(request.method == "POST")
    #expect(request.path == "/v1/responses")
    #expect(request.header("authorization") == "Bearer [REDACTED]")
    #expect(request.header("accept") == "text/event-stream")
    #expect(request.header("originator") == "codex_exec")
    #expect(request.header("session-id") == threadID)
    #expect(Self.userTexts(request).last == "say hi")
    let body = try #require(request.jsonBody)
    #expect(body["model"] as? String == "gpt-5.5")
    #expect(body["stream"] as? Bool == true)
    #expect(body["store"] as? Bool == false)
    #expect(body["prompt_cache_key"] as? String == threadID)
    #expect(body["previous_response_id"] == nil)
    let tools = (body["tools"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
    #expect(tools.contains("exec_command"))
    #expect(tools.contains("apply_patch"))
  }

  @Test func aScriptedShellCallRunsAndItsOutputGoesBackInTheSecondRequest() throws {
    let codex = try CodexLoopback(scriptJSON: Self.referenceScript)
    defer { codex.cleanUp() }
    let run = try codex.run(
      Self.exec("RUNTOOL please", ["--dangerously-bypass-approvals-and-sandbox"]))
    let requests = try codex.stopServer()

    #expect(run.exitCode == 0, "stderr: \(run.stderr)")
    let commands = run.events(ofType: "item.completed").compactMap { $0["item"] as? [String: Any] }
      .filter { $0["type"] as? String == "command_execution" }
    #expect(commands.count == 1)
    #expect((commands.first?["aggregated_output"] as? String)?.contains("hello-from-tool") == true)
    #expect(commands.first?["exit_code"] as? Int == 0)

    #expect(requests.map(\.scriptEntry) == [0, 1])
    let second = try #require(requests.last)
    let first = try #require(requests.first)
    let tail = second.inputItems.suffix(2)
    #expect(tail.first?["type"] as? String == "function_call")
    #expect(tail.first?["id"] as? String == "fc_resp_001")
    #expect(tail.first?["call_id"] as? String == "call_resp_001")
    #expect(tail.first?["name"] as? String == "exec_command")
    #expect(tail.last?["type"] as? String == "function_call_output")
    #expect(tail.last?["call_id"] as? String == "call_resp_001")
    #expect((tail.last?["output"] as? String)?.contains("hello-from-tool") == true)
    // The second request repeats the first one's input, then adds the call and its output.
    #expect(second.inputItems.count == first.inputItems.count + 2)

    let lines = try rolloutLines(path: try #require(run.rolloutPaths.first))
    let types = Self.responseItems(lines).compactMap { $0["type"] as? String }
    #expect(types.suffix(3) == ["function_call", "function_call_output", "message"])
  }

  @Test func reasoningAndAnApplyPatchCallAreAcceptedAndRecorded() throws {
    let codex = try CodexLoopback(scriptJSON: Self.referenceScript)
    defer { codex.cleanUp() }
    let reasoning = try codex.run(Self.exec("REASON now"))
    let patch = try codex.run(
      Self.exec("PATCH please", ["--dangerously-bypass-approvals-and-sandbox"]))
    let requests = try codex.stopServer()

    #expect(reasoning.exitCode == 0, "stderr: \(reasoning.stderr)")
    let summary = reasoning.events(ofType: "item.completed").compactMap {
      $0["item"] as? [String: Any]
    }.first { $0["type"] as? String == "reasoning" }
    #expect(summary?["text"] as? String == "**Thinking** about the greeting")

    #expect(patch.exitCode == 0, "stderr: \(patch.stderr)")
    let written = try String(contentsOfFile: codex.workDirectory + "/hello.txt", encoding: .utf8)
    #expect(written == "hello from apply_patch\n")
    #expect(requests.map(\.scriptEntry) == [4, 2, 3])
    let patchOutput = requests.last?.inputItems.last
    #expect(patchOutput?["type"] as? String == "custom_tool_call_output")
    #expect(patchOutput?["call_id"] as? String == "call_resp_002")

    #expect(patch.rolloutPaths.count == 2)
    let reasoningLines = try rolloutLines(path: try #require(reasoning.rolloutPaths.first))
    let item = Self.responseItems(reasoningLines).first { $0["type"] as? String == "reasoning" }
    #expect(item?["encrypted_content"] as? String == "gAAAAmockEncryptedReasoning==")
    #expect(item?["id"] as? String == "rs_resp_001")
  }

  @Test func resumeAppendsToTheSameRolloutAndResendsTheHistory() throws {
    let codex = try CodexLoopback(scriptJSON: Self.referenceScript)
    defer { codex.cleanUp() }
    let first = try codex.run(Self.exec("say hi"))
    let threadID = try #require(first.threadID)
    let path = try #require(first.rolloutPaths.first)
    let linesBefore = try rolloutLines(path: path).count
    let resumed = try codex.run(
      ["exec", "resume", "--skip-git-repo-check", "--json", threadID, "next"])
    let requests = try codex.stopServer()

    #expect(first.exitCode == 0, "stderr: \(first.stderr)")
    #expect(resumed.exitCode == 0, "stderr: \(resumed.stderr)")
    #expect(resumed.threadID == threadID)
    #expect(resumed.rolloutPaths == [path])
    let lines = try rolloutLines(path: path)
    #expect(lines.count > linesBefore)
    let appended = lines[linesBefore]
    #expect(appended["type"] as? String == "event_msg")
    #expect(
      (appended["payload"] as? [String: Any])?["type"] as? String == "thread_settings_applied")
    let userPrompts = lines.filter { $0["type"] as? String == "event_msg" }
      .compactMap { $0["payload"] as? [String: Any] }
      .filter { $0["type"] as? String == "user_message" }.compactMap { $0["message"] as? String }
    #expect(userPrompts == ["say hi", "next"])

    #expect(requests.count == 2)
    let before = try #require(requests.first).inputItems
    let after = try #require(requests.last).inputItems
    // The resumed request starts with the whole earlier input, then the earlier answer.
    #expect(after.count > before.count + 1)
    let prefixMatches = zip(before, after).allSatisfy {
      NSDictionary(dictionary: $0) == NSDictionary(dictionary: $1)
    }
    #expect(prefixMatches)
    #expect(after[before.count]["role"] as? String == "assistant")
    #expect(Self.text(ofMessage: after[before.count]) == "hi from the script")
    #expect(Self.userTexts(try #require(requests.last)).last == "next")
  }
}
