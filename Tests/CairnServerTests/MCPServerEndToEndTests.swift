import CairnServer
import CairnTestSupport
import Foundation
import Testing

/// `cairn mcp-server` as a real process against the scripted Responses server (loopback),
/// driven line by line: the handshake, the two tools, the streamed `codex/event`
/// notifications, approvals as `elicitation/create`, cancellation, hostile lines and the
/// end of input. The official Python SDK as a client is in MCPServerSDKTests.
@Suite struct MCPServerEndToEndTests {
  /// A scratch world and a running `cairn mcp-server` in its work directory.
  final class Session: @unchecked Sendable {
    let home: ScriptedAgentHome
    let peer: MCPPeer

    init(script: String, arguments: [String] = []) async throws {
      home = try await ScriptedAgentHome(prefix: "cairn-mcp-server", script: script)
      peer = try MCPPeer(
        [try CairnExecutable.require(), "mcp-server"] + arguments,
        environment: home.environment, directory: home.work)
    }

    /// `initialize` (protocol version `version`) and `notifications/initialized`.
    func initialize(_ version: String = "2025-06-18") throws -> [String: Any] {
      peer.request(
        1, "initialize",
        [
          "protocolVersion": version, "capabilities": [String: Any](),
          "clientInfo": ["name": "raw-test", "version": "0.1"],
        ])
      let answer = try peer.response(1).response
      peer.send(["jsonrpc": "2.0", "method": "notifications/initialized"])
      return answer
    }

    /// The JSON bodies of the model requests so far.
    var bodies: [[String: Any]] {
      home.server.requests.compactMap {
        try? JSONSerialization.jsonObject(with: Data($0.body)) as? [String: Any]
      }
    }

    func finish() async throws -> Int32 {
      let code = try peer.finish()
      await home.finish()
      return code
    }
  }

  static let hello =
    #"{"responses": [{"repeat": true, "output": [{"type": "message", "text": "hi from cairn", "deltas": ["hi from ", "cairn"]}]}]}"#

  /// A script whose prompts containing RUNTOOL call `exec_command` with a command that is
  /// not known-safe (so `untrusted` asks), then answers "Tool ran." after the output.
  static let runTool = """
    {"responses": [
      {"when": {"last_user_text_contains": "RUNTOOL", "last_input_type": "message"}, "repeat": true,
       "output": [{"type": "function_call", "name": "exec_command",
                   "arguments": {"cmd": "touch marker.txt && echo hello-from-tool"}}]},
      {"when": {"last_input_type": "function_call_output"}, "repeat": true,
       "output": [{"type": "message", "text": "Tool ran."}]},
      {"repeat": true, "output": [{"type": "message", "text": "plain answer"}]}]}
    """

  @Test func handshakeEchoesAnyProtocolVersionAndListsCodexsTwoTools() async throws {
    let session = try await Session(script: Self.hello)
    let answer = try session.initialize("1999-01-01")
    session.peer.request(2, "tools/list")
    let tools = try session.peer.response(2).response.result["tools"] as? [[String: Any]] ?? []
    session.peer.request(3, "ping")
    let ping = try session.peer.response(3).response
    let code = try await session.finish()

    #expect(answer["jsonrpc"] as? String == "2.0")
    #expect(answer.result["protocolVersion"] as? String == "1999-01-01")
    let capabilities = answer.result["capabilities"] as? [String: Any]
    #expect(capabilities?.keys.sorted() == ["tools"])
    #expect((capabilities?["tools"] as? [String: Any])?["listChanged"] as? Bool == true)
    let info = answer.result["serverInfo"] as? [String: Any] ?? [:]
    #expect(info.keys.sorted() == ["name", "title", "user_agent", "version"])
    #expect((info["user_agent"] as? String)?.hasSuffix(" (raw-test; 0.1)") == true)

    #expect(tools.map { $0["name"] as? String } == ["codex", "codex-reply"])
    #expect(tools.map { $0["title"] as? String } == ["Codex", "Codex Reply"])
    let codex = tools.first?["inputSchema"] as? [String: Any] ?? [:]
    #expect(codex["additionalProperties"] as? Bool == false)
    #expect(codex["required"] as? [String] == ["prompt"])
    #expect(
      (codex["properties"] as? [String: Any])?.keys.sorted() == [
        "approval-policy", "base-instructions", "compact-prompt", "config", "cwd",
        "developer-instructions", "model", "prompt", "sandbox",
      ])
    let reply = tools.last?["inputSchema"] as? [String: Any] ?? [:]
    #expect(
      (reply["properties"] as? [String: Any])?.keys.sorted() == [
        "conversationId", "prompt", "threadId",
      ])
    for tool in tools {
      let output = tool["outputSchema"] as? [String: Any] ?? [:]
      #expect(output["required"] as? [String] == ["threadId", "content"])
    }
    #expect(ping.result.isEmpty && ping["error"] == nil)
    #expect(code == 0)
  }

  @Test func codexStreamsEventsWithMetaThenReplyContinuesTheThread() async throws {
    let session = try await Session(script: Self.hello)
    _ = try session.initialize()
    session.peer.toolsCall(3, "codex", ["prompt": "Say hello please", "sandbox": "read-only"])
    let (events, result) = try session.peer.response(3)
    let threadID = (result.result["structuredContent"] as? [String: Any])?["threadId"] as? String
    session.peer.toolsCall(4, "codex-reply", ["threadId": threadID ?? "", "prompt": "Again"])
    let (replyEvents, reply) = try session.peer.response(4)
    session.peer.toolsCall(
      5, "codex-reply", ["conversationId": threadID ?? "", "prompt": "Once more"])
    let (_, legacy) = try session.peer.response(5)
    let bodies = session.bodies
    let code = try await session.finish()

    // Deltas are streamed as the log holds them (coalesced): one or more in a row.
    var types: [String] = []
    for type in events.compactMap(\.eventType)
    where !(type == "agent_message_content_delta" && types.last == type) {
      types.append(type)
    }
    #expect(
      types == [
        "session_configured", "mcp_startup_complete", "task_started", "item_started",
        "item_completed", "user_message", "item_started", "agent_message_content_delta",
        "item_completed", "agent_message", "token_count", "task_complete",
      ])
    #expect(events.allSatisfy { $0["method"] as? String == "codex/event" })
    for event in events {
      let meta = event.params["_meta"] as? [String: Any]
      #expect(meta?["requestId"] as? Int == 3)
      #expect(meta?["threadId"] as? String == threadID)
    }
    let configured = events.first?.msg ?? [:]
    #expect(configured["session_id"] as? String == threadID)
    #expect(configured["model"] as? String == "gpt-5.5")
    #expect(configured["approval_policy"] as? String == "on-request")
    let deltas = events.filter { $0.eventType == "agent_message_content_delta" }
    #expect(deltas.compactMap { $0.msg["delta"] as? String }.joined() == "hi from cairn")
    // Every turn event carries the turn id as the notification's `id`.
    let turnID = events.first { $0.eventType == "task_started" }?.msg["turn_id"] as? String
    #expect(turnID != nil)
    #expect(events.dropFirst(2).allSatisfy { $0.params["id"] as? String == turnID })

    #expect(result["error"] == nil && result.result["isError"] == nil)
    #expect(
      result.result["content"] as? [[String: String]] == [
        ["type": "text", "text": "hi from cairn"]
      ]
    )
    #expect(
      (result.result["structuredContent"] as? [String: Any])?["content"] as? String
        == "hi from cairn")
    #expect(threadID.map { UUID(uuidString: $0) != nil } == true)

    // The reply runs on the same thread: no session_configured, the earlier turn in the
    // model's input.
    #expect(!replyEvents.contains { $0.eventType == "session_configured" })
    #expect(replyEvents.contains { $0.eventType == "task_complete" })
    #expect(
      (reply.result["structuredContent"] as? [String: Any])?["threadId"] as? String == threadID)
    #expect(
      (legacy.result["structuredContent"] as? [String: Any])?["threadId"] as? String == threadID)
    #expect(bodies.count == 3)
    let secondInput = bodies.count > 1 ? "\(bodies[1]["input"] ?? "")" : ""
    #expect(secondInput.contains("Say hello please") && secondInput.contains("Again"))
    #expect(code == 0)
  }

  @Test func toolFailuresAreErrorResultsWithCodexsTexts() async throws {
    let session = try await Session(script: Self.hello)
    _ = try session.initialize()
    session.peer.toolsCall(5, "nope", [:])
    let unknown = try session.peer.response(5).response.result
    session.peer.toolsCall(6, "codex", ["promptx": 1])
    let bad = try session.peer.response(6).response.result
    session.peer.toolsCall(7, "codex", ["prompt": "x", "sandbox": "nowhere"])
    let variant = try session.peer.response(7).response.result
    let missing = "00000000-0000-0000-0000-000000000000"
    session.peer.toolsCall(8, "codex-reply", ["threadId": missing, "prompt": "x"])
    let notFound = try session.peer.response(8).response.result
    session.peer.toolsCall(9, "codex-reply", ["prompt": "x"])
    let noID = try session.peer.response(9).response.result
    let code = try await session.finish()

    func text(_ result: [String: Any]) -> String? {
      (result["content"] as? [[String: Any]])?.first?["text"] as? String
    }
    #expect(unknown["isError"] as? Bool == true)
    #expect(text(unknown) == "Unknown tool 'nope'")
    #expect(bad["isError"] as? Bool == true)
    #expect(
      text(bad)
        == "Failed to parse configuration for Codex tool: unknown field `promptx`, expected one of `prompt`, `model`, `cwd`, `approval-policy`, `sandbox`, `config`, `base-instructions`, `developer-instructions`, `compact-prompt`"
    )
    #expect(text(variant)?.contains("unknown variant `nowhere`") == true)
    #expect(notFound["isError"] as? Bool == true)
    #expect(text(notFound) == "Session not found for thread_id: \(missing)")
    #expect((notFound["structuredContent"] as? [String: Any])?["threadId"] as? String == missing)
    #expect(
      text(noID) == "Failed to parse thread_id: either threadId or conversationId must be provided")
    #expect(code == 0)
  }

  @Test func garbageAndUnknownMethodsLeaveTheConnectionUp() async throws {
    let session = try await Session(script: Self.hello)
    _ = try session.initialize()
    session.peer.request(9, "nosuch/method")
    let unknown = try session.peer.response(9).response
    session.peer.sendRaw(#"{"jsonrpc":"2.0","id":77,"method":"tools/list""# + "\n")
    session.peer.sendRaw("not json at all\n")
    session.peer.sendRaw(#"{"id":78,"method":"tools/list"}"# + "\n")
    // 20 MiB in one line: more than the line limit, skipped without buffering it.
    let huge =
      #"{"jsonrpc":"2.0","id":79,"method":"ping","params":{"x":""#
      + String(repeating: "a", count: 20 << 20) + "\"}}\n"
    session.peer.sendRaw(huge)
    session.peer.request(10, "ping")
    let (before, ping) = try session.peer.response(10, seconds: 60)
    session.peer.request(11, "resources/list")
    let resources = try session.peer.response(11).response
    session.peer.request(12, "prompts/list")
    let prompts = try session.peer.response(12).response
    // Stderr is read once the process exited and its pipes drained: the skipped line is
    // reported as the reader reaches the newline, which may be after the last answer.
    let code = try await session.finish()
    let stderr = session.peer.process.stderr

    let error = unknown["error"] as? [String: Any]
    #expect(error?["code"] as? Int == -32601)
    #expect(error?["message"] as? String == "method not found: nosuch/method")
    #expect((error?["data"] as? [String: Any])?["method"] as? String == "nosuch/method")
    // Nothing answered the malformed, jsonrpc-less or huge lines.
    #expect(before.isEmpty)
    #expect(ping["result"] != nil)
    #expect((resources["error"] as? [String: Any])?["code"] as? Int == -32601)
    #expect((prompts["error"] as? [String: Any])?["code"] as? Int == -32601)
    #expect(stderr.contains("Failed to deserialize JSON-RPC message"))
    #expect(stderr.contains("skipped a line of"))
    #expect(code == 0)
  }

  /// Answers the next elicitation with `result` (or a JSON-RPC error); returns the messages
  /// up to it, the elicitation last.
  static func answerElicitation(
    _ session: Session, result: [String: Any]?, what: String
  ) throws -> [[String: Any]] {
    let messages = try session.peer.until(what) { $0["method"] as? String == "elicitation/create" }
    let elicitation = messages.last!
    let id = elicitation["id"] as? Int ?? -1
    if let result {
      session.peer.send(["jsonrpc": "2.0", "id": id, "result": result])
    } else {
      session.peer.send([
        "jsonrpc": "2.0", "id": id, "error": ["code": -32000, "message": "client refuses"],
      ])
    }
    return messages
  }

  @Test func approvalsAskWithCodexFieldsAndFollowTheDecision() async throws {
    let session = try await Session(script: Self.runTool)
    _ = try session.initialize()
    let work = session.home.work
    session.peer.toolsCall(
      2, "codex",
      ["prompt": "RUNTOOL now", "approval-policy": "untrusted", "sandbox": "danger-full-access"])
    let beforeAsking = try Self.answerElicitation(
      session, result: ["decision": "approved"], what: "the first elicitation")
    let asked = beforeAsking.last ?? [:]
    let (first, approved) = try session.peer.response(2)
    let markerAfterApproval = FileManager.default.fileExists(atPath: work + "/marker.txt")
    let threadID =
      (approved.result["structuredContent"] as? [String: Any])?["threadId"] as? String ?? ""

    // approved_for_session: asked once, then never again for the same command.
    session.peer.toolsCall(3, "codex-reply", ["threadId": threadID, "prompt": "RUNTOOL again"])
    _ = try Self.answerElicitation(
      session, result: ["decision": "approved_for_session"], what: "the second elicitation")
    _ = try session.peer.response(3)
    session.peer.toolsCall(4, "codex-reply", ["threadId": threadID, "prompt": "RUNTOOL third"])
    let (third, _) = try session.peer.response(4)

    // A new thread: a denial with a reason reaches the model as the call's output.
    session.peer.toolsCall(
      5, "codex",
      ["prompt": "RUNTOOL deny", "approval-policy": "untrusted", "sandbox": "danger-full-access"])
    _ = try Self.answerElicitation(
      session, result: ["decision": ["denied": ["rejection": "not today"]]], what: "a denial")
    let (_, denied) = try session.peer.response(5)
    let deniedRequest = session.bodies.last.map { "\($0["input"] ?? "")" } ?? ""

    // A JSON-RPC error, or a standard MCP reply without `decision`, is a failed request.
    session.peer.toolsCall(
      6, "codex",
      ["prompt": "RUNTOOL error", "approval-policy": "untrusted", "sandbox": "danger-full-access"])
    _ = try Self.answerElicitation(session, result: nil, what: "an elicitation to refuse")
    _ = try session.peer.response(6)
    let refusedRequest = session.bodies.last.map { "\($0["input"] ?? "")" } ?? ""

    // abort ends the turn; Cairn answers the call with an error result.
    session.peer.toolsCall(
      7, "codex",
      ["prompt": "RUNTOOL abort", "approval-policy": "untrusted", "sandbox": "danger-full-access"])
    _ = try Self.answerElicitation(session, result: ["decision": "abort"], what: "an abort")
    let (aborting, aborted) = try session.peer.response(7)
    let code = try await session.finish()

    #expect(asked["id"] as? Int == 0)
    let params = asked.params
    #expect(params["codex_elicitation"] as? String == "exec-approval")
    #expect(params["codex_mcp_tool_call_id"] as? String == "2")
    #expect(params["threadId"] as? String == threadID)
    #expect(
      (params["codex_command"] as? [String])?.last == "touch marker.txt && echo hello-from-tool")
    #expect(
      params["codex_cwd"] as? String == work
        || (params["codex_cwd"] as? String)?.hasSuffix("/work") == true)
    #expect(params["codex_call_id"] as? String != nil)
    #expect((params["requestedSchema"] as? [String: Any])?["type"] as? String == "object")
    #expect(markerAfterApproval)
    #expect(beforeAsking.dropLast().last?.eventType == "exec_approval_request")
    let firstTypes = first.compactMap(\.eventType)
    #expect(firstTypes.contains("exec_command_begin") && firstTypes.contains("exec_command_end"))
    let end = first.first { $0.eventType == "exec_command_end" }?.msg ?? [:]
    #expect(end["exit_code"] as? Int == 0)
    #expect((end["aggregated_output"] as? String)?.contains("hello-from-tool") == true)
    #expect(
      (approved.result["content"] as? [[String: Any]])?.first?["text"] as? String == "Tool ran.")

    #expect(!third.contains { $0["method"] as? String == "elicitation/create" })
    #expect(third.contains { $0.eventType == "exec_command_end" })

    #expect(denied.result["isError"] == nil)
    #expect(deniedRequest.contains("not today"))
    #expect(refusedRequest.contains("approval request failed"))

    #expect(aborting.contains { $0.eventType == "turn_aborted" })
    #expect(aborted.result["isError"] as? Bool == true)
    #expect(code == 0)
  }

  @Test func aPatchIsAnnouncedAskedAsPatchApprovalAndApplied() async throws {
    let patch = "*** Begin Patch\n*** Add File: hello.txt\n+hello from apply_patch\n*** End Patch\n"
    let script = """
      {"responses": [
        {"when": {"last_input_type": "message"},
         "output": [{"type": "custom_tool_call", "name": "apply_patch",
                     "input": \(Self.quoted(patch))}]},
        {"repeat": true, "output": [{"type": "message", "text": "Patched."}]}]}
      """
    let session = try await Session(script: script)
    _ = try session.initialize()
    session.peer.toolsCall(
      2, "codex",
      ["prompt": "PATCH please", "approval-policy": "untrusted", "sandbox": "workspace-write"])
    let before = try Self.answerElicitation(
      session, result: ["decision": "approved"], what: "a patch approval")
    let (after, result) = try session.peer.response(2)
    let path = session.home.work + "/hello.txt"
    let written = try? String(contentsOfFile: path, encoding: .utf8)
    let code = try await session.finish()

    let asked = before.last?.params ?? [:]
    #expect(asked["codex_elicitation"] as? String == "patch-approval")
    let changes = asked["codex_changes"] as? [String: [String: Any]] ?? [:]
    let change = changes.first { $0.key.hasSuffix("/work/hello.txt") }?.value
    #expect(change?["type"] as? String == "add")
    #expect(change?["content"] as? String == "hello from apply_patch\n")
    let announced = before.compactMap(\.eventType)
    #expect(
      Array(announced.suffix(3)) == [
        "item_started", "patch_apply_begin", "apply_patch_approval_request",
      ])
    let end = after.first { $0.eventType == "patch_apply_end" }?.msg ?? [:]
    #expect(end["success"] as? Bool == true)
    #expect(
      after.contains {
        $0.eventType == "item_completed"
          && ($0.msg["item"] as? [String: Any])?["type"] as? String == "FileChange"
      })
    #expect(written == "hello from apply_patch\n")
    #expect(
      (result.result["structuredContent"] as? [String: Any])?["content"] as? String == "Patched.")
    #expect(code == 0)
  }

  /// A JSON string literal of `text`.
  static func quoted(_ text: String) -> String {
    let data = try! JSONSerialization.data(withJSONObject: [text], options: [])
    return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
  }

  @Test func cancelledCallAbortsItsTurnWithoutAResponse() async throws {
    let session = try await Session(script: Self.runTool)
    _ = try session.initialize()
    session.peer.toolsCall(
      8, "codex",
      ["prompt": "RUNTOOL cancel me", "approval-policy": "untrusted", "sandbox": "read-only"])
    _ = try session.peer.until("an elicitation") {
      $0["method"] as? String == "elicitation/create"
    }
    session.peer.send([
      "jsonrpc": "2.0", "method": "notifications/cancelled",
      "params": ["requestId": 8, "reason": "user cancel"],
    ])
    let aborted = try session.peer.until("turn_aborted") { $0.eventType == "turn_aborted" }
    session.peer.request(9, "ping")
    let (between, _) = try session.peer.response(9)
    let code = try await session.finish()
    let all = session.peer.lines

    #expect(aborted.last?.params["_meta"].map { ($0 as? [String: Any])?["requestId"] as? Int } == 8)
    #expect(between.isEmpty)
    #expect(!all.contains { ($0["id"] as? Int) == 8 && $0["method"] == nil })
    #expect(code == 0)
  }

  @Test func endOfInputLetsTheRunningTurnAnswerThenExitsZero() async throws {
    let session = try await Session(script: Self.hello)
    _ = try session.initialize()
    session.peer.toolsCall(2, "codex", ["prompt": "hello", "sandbox": "read-only"])
    let code = try session.peer.finish()
    let lines = session.peer.lines
    await session.home.finish()
    #expect(code == 0)
    let answer = lines.first { ($0["id"] as? Int) == 2 && $0["method"] == nil }
    #expect((answer?["result"] as? [String: Any])?["structuredContent"] != nil)
  }
}
