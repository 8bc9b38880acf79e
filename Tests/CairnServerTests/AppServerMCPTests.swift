import CairnServer
import CairnTestSupport
import Foundation
import Testing

/// The app server's MCP surface against real MCP servers (the official Python SDK's):
/// `mcpServer/startupStatus/updated`, `mcpServerStatus/list`, `mcpServer/tool/call`,
/// `mcpServer/resource/read`, `config/mcpServer/reload`, and MCP calls of a turn as
/// `mcpToolCall` items (live and in `thread/read`). docs/APP_SERVER.md, docs/MCP.md.
@Suite struct AppServerMCPTests {
  static let script = """
    {"responses": [
      {"when": {"last_user_text_contains": "ADD", "last_input_type": "message"}, "repeat": true,
       "output": [{"type": "function_call", "call_id": "call_add", "name": "mcp__test__add",
                   "arguments": {"a": 20, "b": 22}}]},
      {"when": {"last_input_type": "function_call_output"}, "repeat": true,
       "output": [{"type": "message", "text": "Added."}]},
      {"repeat": true, "output": [{"type": "message", "text": "hi"}]}
    ]}
    """

  static func params(_ message: [String: Any]) -> [String: Any] {
    message["params"] as? [String: Any] ?? [:]
  }

  static func start() async throws -> (AppServerTestClient, ScriptedAgentHome) {
    let config =
      try MCPToolsExecTests.server("broken", mode: "exit-at-start")
      + (try MCPToolsExecTests.server("test"))
    let home = try await ScriptedAgentHome(
      prefix: "cairn-appserver-mcp", script: script, extraConfig: config)
    let client = try AppServerTestClient(
      arguments: [try CairnExecutable.require(), "app-server"], environment: home.environment,
      directory: home.work)
    try client.initialize()
    return (client, home)
  }

  /// Waits for the startup status of `server` to become `status`; its params.
  static func status(
    _ client: AppServerTestClient, _ server: String, _ status: String, from: Int = 0
  ) throws -> [String: Any] {
    let index = try client.waitFor(from: from, "\(server) \(status)") { message in
      let params = message["params"] as? [String: Any] ?? [:]
      return message["method"] as? String == "mcpServer/startupStatus/updated"
        && params["name"] as? String == server && params["status"] as? String == status
    }
    return params(client.received[index])
  }

  @Test func startupStatusListCallAndRead() async throws {
    let (client, home) = try await Self.start()
    defer { Task { await home.finish() } }
    let started = try client.result(
      1, "thread/start", ["cwd": home.work, "approvalPolicy": "never"])
    let threadID = try #require((started["thread"] as? [String: Any])?["id"] as? String)
    let ready = try Self.status(client, "test", "ready")
    #expect(ready["threadId"] as? String == threadID)
    #expect(ready["error"] is NSNull)
    let failed = try Self.status(client, "broken", "failed")
    #expect(
      (failed["error"] as? String)?.hasPrefix("MCP client for `broken` failed to start: ") == true)
    #expect(failed["failureReason"] is NSNull)

    let listed = try client.result(2, "mcpServerStatus/list", ["threadId": threadID])
    let data = try #require(listed["data"] as? [[String: Any]])
    #expect(data.map { $0["name"] as? String } == ["broken", "test"])
    #expect(listed["nextCursor"] is NSNull)
    let test = data[1]
    let tools = try #require(test["tools"] as? [String: Any])
    let add = try #require(tools["add"] as? [String: Any])
    #expect(add["name"] as? String == "add")
    #expect(add["description"] as? String == "Adds two integers.")
    #expect((add["inputSchema"] as? [String: Any])?["required"] as? [String] == ["a", "b"])
    let resources = try #require(test["resources"] as? [[String: Any]])
    #expect(resources.first?["uri"] as? String == "cairn://notes/readme")
    #expect(test["resourceTemplates"] as? [Any] != nil)
    #expect(test["authStatus"] as? String == "unsupported")
    #expect((test["serverInfo"] as? [String: Any])?["name"] as? String == "cairn-test")
    #expect(data[0]["tools"] as? [String: Any] != nil)
    #expect(data[0]["serverInfo"] is NSNull)

    // Pages: one server a page, the cursor goes on.
    let page = try client.result(3, "mcpServerStatus/list", ["threadId": threadID, "limit": 1])
    #expect((page["data"] as? [[String: Any]])?.count == 1)
    #expect(page["nextCursor"] as? String == "1")
    let next = try client.result(
      4, "mcpServerStatus/list", ["threadId": threadID, "limit": 1, "cursor": "1"])
    #expect(((next["data"] as? [[String: Any]])?.first)?["name"] as? String == "test")
    #expect(next["nextCursor"] is NSNull)
    // Without a thread, the configured servers are started for the request.
    let fresh = try client.result(5, "mcpServerStatus/list", [:])
    #expect(
      (fresh["data"] as? [[String: Any]])?.map { $0["name"] as? String } == ["broken", "test"])

    let called = try client.result(
      6, "mcpServer/tool/call",
      ["threadId": threadID, "server": "test", "tool": "add", "arguments": ["a": 2, "b": 3]])
    let content = try #require(called["content"] as? [[String: Any]])
    #expect(content.first?["text"] as? String == "5")
    #expect(called["structuredContent"] as? [String: Int] == ["result": 5])
    #expect(called["isError"] as? Bool == false)
    let unknown = try client.request(
      7, "mcpServer/tool/call", ["threadId": threadID, "server": "nope", "tool": "add"])
    #expect(
      (unknown["error"] as? [String: Any])?["message"] as? String == "unknown MCP server 'nope'")

    let read = try client.result(
      8, "mcpServer/resource/read",
      ["threadId": threadID, "server": "test", "uri": "cairn://notes/readme"])
    let contents = try #require(read["contents"] as? [[String: Any]])
    #expect(contents.first?["text"] as? String == "notes from the test server")

    // Reload: the thread's servers start again and report again.
    let before = client.received.count
    let reloaded = try client.request(9, "config/mcpServer/reload", nil)
    #expect(reloaded["result"] as? [String: Any] != nil, "\(reloaded)")
    _ = try Self.status(client, "test", "ready", from: before)
    #expect(try client.finish() == 0)
  }

  @Test func aTurnsMCPCallIsAnMCPToolCallItemLiveAndInThreadRead() async throws {
    let (client, home) = try await Self.start()
    defer { Task { await home.finish() } }
    let started = try client.result(
      1, "thread/start", ["cwd": home.work, "approvalPolicy": "never"])
    let threadID = try #require((started["thread"] as? [String: Any])?["id"] as? String)
    _ = try client.result(
      2, "turn/start", ["threadId": threadID, "input": [["type": "text", "text": "ADD please"]]])
    let answer = client.received.firstIndex { AppServerTestClient.sameID($0["id"], 2) }!
    let completed = try client.notification("turn/completed", from: answer)
    let items = client.received[answer...completed].filter {
      let method = $0["method"] as? String
      let item = Self.params($0)["item"] as? [String: Any]
      return (method == "item/started" || method == "item/completed")
        && item?["type"] as? String == "mcpToolCall"
    }
    #expect(items.map { $0["method"] as? String } == ["item/started", "item/completed"])
    let startedItem = try #require(Self.params(items[0])["item"] as? [String: Any])
    #expect(startedItem["server"] as? String == "test")
    #expect(startedItem["tool"] as? String == "add")
    #expect(startedItem["status"] as? String == "inProgress")
    #expect(startedItem["arguments"] as? [String: Int] == ["a": 20, "b": 22])
    #expect(startedItem["result"] is NSNull)
    let done = try #require(Self.params(items[1])["item"] as? [String: Any])
    #expect(done["status"] as? String == "completed")
    #expect(done["id"] as? String == startedItem["id"] as? String)
    let result = try #require(done["result"] as? [String: Any])
    #expect(result["structuredContent"] as? [String: Int] == ["result": 42])
    #expect(done["error"] is NSNull)
    #expect(done["durationMs"] as? Int != nil)

    let read = try client.result(3, "thread/read", ["threadId": threadID, "includeTurns": true])
    let turns = try #require((read["thread"] as? [String: Any])?["turns"] as? [[String: Any]])
    let history = turns.last?["items"] as? [[String: Any]] ?? []
    let recorded = history.first { $0["type"] as? String == "mcpToolCall" }
    #expect(recorded?["status"] as? String == "completed")
    #expect(
      ((recorded?["result"] as? [String: Any])?["structuredContent"] as? [String: Int])
        == ["result": 42])
    #expect(try client.finish() == 0)
  }
}
