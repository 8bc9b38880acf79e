import CairnServer
import CairnTestSupport
import Foundation
import Testing

/// `cairn app-server` as a real process over stdio against the scripted Responses server
/// on loopback: NDJSON lines in, NDJSON lines out, as an IDE would drive it.
@Suite struct AppServerEndToEndTests {
  static let script = """
    {"responses": [
      {"when": {"last_user_text_contains": "RUNTOOL", "last_input_type": "message"}, "repeat": true,
       "output": [{"type": "function_call", "name": "exec_command",
                   "arguments": {"cmd": "touch marker.txt && echo hello-from-tool"}}]},
      {"when": {"last_input_type": "function_call_output"}, "repeat": true,
       "output": [{"type": "message", "text": "Tool ran fine. Done."}]},
      {"when": {"last_user_text_contains": "REASON"}, "repeat": true,
       "output": [{"type": "reasoning", "summary": "**Thinking** about it"},
                  {"type": "message", "text": "Reasoned answer."}]},
      {"repeat": true,
       "output": [{"type": "message", "text": "hi from mock", "deltas": ["hi from", " mock"]}]}
    ]}
    """

  static func start(_ home: ScriptedAgentHome) throws -> AppServerTestClient {
    try AppServerTestClient(
      arguments: [try CairnExecutable.require(), "app-server"], environment: home.environment,
      directory: home.work)
  }

  static func error(_ message: [String: Any]) -> (code: Int, message: String)? {
    guard let error = message["error"] as? [String: Any] else { return nil }
    return (error["code"] as? Int ?? 0, error["message"] as? String ?? "")
  }

  @Test func handshakeErrorsAndHostileLines() async throws {
    let home = try await ScriptedAgentHome(prefix: "cairn-appserver-errors", script: Self.script)
    defer { Task { await home.finish() } }
    let client = try Self.start(home)
    // Before initialize.
    let early = try client.request(1, "thread/list", [:])
    #expect(Self.error(early)?.code == -32600)
    #expect(Self.error(early)?.message == "Not initialized")
    let noClient = try client.request(2, "initialize", [:])
    #expect(Self.error(noClient)?.message == "Invalid request: missing field `clientInfo`")
    // Initialize, then the remote-control push.
    let initialized = try client.result(
      3, "initialize",
      [
        "clientInfo": ["name": "probe", "version": "0.1"],
        "capabilities": ["optOutNotificationMethods": ["account/rateLimits/updated"]],
      ])
    #expect((initialized["userAgent"] as? String)?.hasPrefix("probe/0.147.0 (") == true)
    #expect((initialized["userAgent"] as? String)?.hasSuffix(" (probe; 0.1)") == true)
    #expect(initialized["codexHome"] as? String == home.root + "/codex")
    #expect(initialized["platformFamily"] as? String == "unix")
    #expect(initialized["platformOs"] as? String == "linux")
    let pushIndex = try client.notification("remoteControl/status/changed")
    let push = client.received[pushIndex]
    #expect((push["params"] as? [String: Any])?["status"] as? String == "disabled")
    #expect(push["emittedAtMs"] is Int)
    let again = try client.request(4, "initialize", ["clientInfo": ["name": "x", "version": "1"]])
    #expect(Self.error(again)?.message == "Already initialized")
    client.send(["method": "initialized"])

    // Unknown method: -32600 with the whole list of Codex's methods.
    let unknown = try client.request(5, "no/such/method", [:])
    #expect(Self.error(unknown)?.code == -32600)
    #expect(
      Self.error(unknown)?.message.hasPrefix(
        "Invalid request: unknown variant `no/such/method`, expected one of `initialize`, "
          + "`thread/start`, `thread/resume`") == true)
    #expect(Self.error(unknown)?.message.contains("`fuzzyFileSearch`") == true)
    // Wrong types, missing params, a bad thread id.
    let wrongType = try client.request(6, "thread/start", ["cwd": 123])
    #expect(
      Self.error(wrongType)?.message
        == "Invalid request: invalid type: integer `123`, expected a string")
    client.sendLine(#"{"id":7,"method":"account/read"}"#)
    #expect(
      Self.error(try client.response(7))?.message == "Invalid request: missing field `params`")
    let badID = try client.request(8, "thread/read", ["threadId": "not-a-uuid"])
    #expect(
      Self.error(badID)?.message
        == "invalid thread id: invalid character: expected an optional prefix of `urn:uuid:` "
        + "followed by [0-9a-fA-F-], found `n` at 1")
    let relative = try client.request(9, "fs/readFile", ["path": "relative.txt"])
    #expect(
      Self.error(relative)?.message
        == "Invalid request: AbsolutePathBuf deserialized without a base path")
    let missing = try client.request(10, "fs/readFile", ["path": home.work + "/nope.txt"])
    #expect(Self.error(missing)?.code == -32603)
    #expect(Self.error(missing)?.message == "No such file or directory (os error 2)")
    // A method Codex has and Cairn does not run: a typed answer, never silence.
    let cloud = try client.request(11, "plugin/list", [:])
    #expect(Self.error(cloud)?.code == -32601)
    #expect(Self.error(cloud)?.message.contains("OpenAI") == true)

    // Garbage, a truncated object, a 40 MB line, an unknown notification, a response to an
    // id never issued, a "jsonrpc" member and a string id: the connection stays up.
    client.sendLine("hello")
    client.sendLine(#"{"id": 50, "method": "thread/list""#)
    client.sendLine("[" + String(repeating: "1,", count: 20 << 20) + "1]")
    client.sendLine(#"{"method":"bogus/notification","params":{}}"#)
    client.sendLine(#"{"id":999,"result":{}}"#)
    client.sendLine(#"{"jsonrpc":"2.0","id":51,"method":"account/read","params":{}}"#)
    let account = try client.response(51)
    #expect(account["jsonrpc"] == nil)
    #expect(
      (account["result"] as? [String: Any])?["requiresOpenaiAuth"] as? Bool == false)
    client.sendLine(#"{"id":"str-id-1","method":"model/list","params":{}}"#)
    let models = try client.response("str-id-1")
    #expect(((models["result"] as? [String: Any])?["data"] as? [Any])?.isEmpty == false)
    #expect(client.received.allSatisfy { $0["jsonrpc"] == nil })
    #expect(client.unparsed.isEmpty)
    #expect(
      client.received.filter { $0["method"] != nil && $0["id"] == nil }.allSatisfy {
        $0["emittedAtMs"] is Int
      })
    #expect(try client.finish() == 0)
  }

  @Test func textTurnStreamsInCodexOrder() async throws {
    let home = try await ScriptedAgentHome(prefix: "cairn-appserver-turn", script: Self.script)
    defer { Task { await home.finish() } }
    let client = try Self.start(home)
    try client.initialize()
    let started = try client.result(
      1, "thread/start",
      ["cwd": home.work, "approvalPolicy": "never", "sandbox": "workspace-write"])
    let thread = try #require(started["thread"] as? [String: Any])
    let threadID = try #require(thread["id"] as? String)
    #expect(thread["status"] as? [String: String] == ["type": "idle"])
    #expect(started["approvalPolicy"] as? String == "never")
    #expect((started["sandbox"] as? [String: Any])?["type"] as? String == "workspaceWrite")
    #expect(started["modelProvider"] as? String == "scripted")
    let startedNote = try client.notification("thread/started")
    let answerIndex = client.received.firstIndex { AppServerTestClient.sameID($0["id"], 1) }!
    #expect(startedNote > answerIndex)

    let turnAnswer = try client.result(
      2, "turn/start", ["threadId": threadID, "input": [["type": "text", "text": "Say hello"]]])
    let turn = try #require(turnAnswer["turn"] as? [String: Any])
    #expect(turn["status"] as? String == "inProgress")
    #expect(turn["itemsView"] as? String == "notLoaded")
    let answer = client.received.firstIndex { AppServerTestClient.sameID($0["id"], 2) }!
    let completed = try client.notification("turn/completed", from: answer)
    // Cairn logs text deltas coalesced (50 ms or 4 KiB per event), so the deltas may be
    // fewer than the model's; their order and their text are the model's.
    let sequence = client.methods(from: answer, through: completed)
    var collapsed: [String] = []
    for method in sequence where method != collapsed.last || method != "item/agentMessage/delta" {
      collapsed.append(method)
    }
    #expect(
      collapsed == [
        "thread/status/changed", "turn/started", "item/started", "item/completed",
        "item/started", "item/agentMessage/delta", "item/completed",
        "thread/tokenUsage/updated", "account/rateLimits/updated", "thread/status/changed",
        "turn/completed",
      ])
    let final = try #require(client.received[completed]["params"] as? [String: Any])
    let finalTurn = try #require(final["turn"] as? [String: Any])
    #expect(finalTurn["id"] as? String == turn["id"] as? String)
    #expect(finalTurn["status"] as? String == "completed")
    #expect(finalTurn["itemsView"] as? String == "summary")
    let items = try #require(finalTurn["items"] as? [[String: Any]])
    #expect(items.first?["text"] as? String == "hi from mock")
    let deltas = client.received[answer...completed].filter {
      $0["method"] as? String == "item/agentMessage/delta"
    }.compactMap { ($0["params"] as? [String: Any])?["delta"] as? String }
    #expect(deltas.joined() == "hi from mock")
    let usage = client.received[answer...completed].first {
      $0["method"] as? String == "thread/tokenUsage/updated"
    }
    let total = ((usage?["params"] as? [String: Any])?["tokenUsage"] as? [String: Any])?["total"]
    #expect((total as? [String: Any])?["totalTokens"] as? Int == 110)

    // A reasoning turn: the summary part and its text stream before the item completes.
    let reasonAnswer = try client.result(
      3, "turn/start", ["threadId": threadID, "input": [["type": "text", "text": "REASON now"]]])
    _ = reasonAnswer
    let reasonStart = client.received.firstIndex { AppServerTestClient.sameID($0["id"], 3) }!
    let reasonEnd = try client.notification("turn/completed", from: reasonStart)
    let methods = client.methods(from: reasonStart, through: reasonEnd)
    let part = try #require(methods.firstIndex(of: "item/reasoning/summaryPartAdded"))
    #expect(methods[part + 1] == "item/reasoning/summaryTextDelta")
    #expect(methods[part - 1] == "item/started")
    #expect(try client.finish() == 0)
  }

  @Test func commandExecAnswersStreamsTerminatesAndTimesOut() async throws {
    let home = try await ScriptedAgentHome(prefix: "cairn-appserver-exec", script: Self.script)
    defer { Task { await home.finish() } }
    let client = try Self.start(home)
    try client.initialize()
    let full: [String: Any] = ["type": "dangerFullAccess"]
    let plain = try client.result(
      1, "command/exec",
      [
        "command": ["bash", "-c", "echo out; echo err 1>&2; exit 3"], "cwd": home.work,
        "sandboxPolicy": full,
      ])
    #expect(plain["exitCode"] as? Int == 3)
    #expect(plain["stdout"] as? String == "out\n")
    #expect(plain["stderr"] as? String == "err\n")

    let streamed = try client.result(
      2, "command/exec",
      [
        "command": ["bash", "-c", "echo line1; echo line2"], "processId": "p1",
        "streamStdoutStderr": true, "sandboxPolicy": full,
      ])
    #expect(streamed["stdout"] as? String == "")
    let deltas = client.received.filter { $0["method"] as? String == "command/exec/outputDelta" }
    let text = deltas.compactMap { ($0["params"] as? [String: Any])?["deltaBase64"] as? String }
      .compactMap { Data(base64Encoded: $0) }.map { String(decoding: $0, as: UTF8.self) }.joined()
    #expect(text == "line1\nline2\n")

    client.send([
      "id": 3, "method": "command/exec",
      "params": ["command": ["sleep", "30"], "processId": "p3", "sandboxPolicy": full],
    ])
    // The terminate may race the spawn: ask until the process id is known.
    var terminated = try client.request(4, "command/exec/terminate", ["processId": "p3"])
    var attempt = 5
    while terminated["error"] != nil && attempt < 200 {
      terminated = try client.request(attempt, "command/exec/terminate", ["processId": "p3"])
      attempt += 1
    }
    #expect(terminated["result"] != nil)
    #expect((try client.response(3)["result"] as? [String: Any])?["exitCode"] as? Int == 137)
    let timedOut = try client.result(
      300, "command/exec", ["command": ["sleep", "5"], "timeoutMs": 200, "sandboxPolicy": full])
    #expect(timedOut["exitCode"] as? Int == 124)
    let empty = try client.request(
      301, "command/exec", ["command": [String](), "sandboxPolicy": full])
    #expect(Self.error(empty)?.message == "command must not be empty")
    let unknown = try client.request(302, "command/exec/terminate", ["processId": "nope"])
    #expect(Self.error(unknown)?.message == "no active command/exec for process id \"nope\"")
    #expect(try client.finish() == 0)
  }
}
