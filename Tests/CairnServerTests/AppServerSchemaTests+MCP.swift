import CairnTestSupport
import Foundation
import Testing

/// The schema session's MCP part: two configured servers (the Python SDK's test server and
/// one that exits at start), a thread whose turn calls an MCP tool, and each MCP method, so
/// the statuses, the `mcpToolCall` items and the answers reach the validator.
extension AppServerSchemaTests.Recorder {
  /// The session home's `mcp_servers`.
  static func mcpServers() throws -> String {
    try MCPToolsExecTests.server("broken", mode: "exit-at-start")
      + (try MCPToolsExecTests.server("test"))
  }

  /// Runs the MCP operations with request ids from `first` (nine ids).
  func mcpOperations(_ home: ScriptedAgentHome, first: Int) throws {
    let started = try result(
      first, "thread/start",
      ["cwd": home.work, "approvalPolicy": "never", "sandbox": "danger-full-access"])
    let threadID = try #require((started["thread"] as? [String: Any])?["id"] as? String)
    _ = try client.waitFor("the test server ready for \(threadID)") { message in
      let params = message["params"] as? [String: Any] ?? [:]
      return message["method"] as? String == "mcpServer/startupStatus/updated"
        && params["threadId"] as? String == threadID && params["name"] as? String == "test"
        && params["status"] as? String == "ready"
    }
    try turn(first + 1, threadID, "MCPADD please")
    let called = client.received.contains { message in
      let item = (message["params"] as? [String: Any])?["item"] as? [String: Any]
      return message["method"] as? String == "item/completed"
        && item?["type"] as? String == "mcpToolCall" && item?["status"] as? String == "completed"
    }
    #expect(called)
    let listed = try result(first + 2, "mcpServerStatus/list", ["threadId": threadID])
    let names = (listed["data"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
    #expect(names == ["broken", "test"])
    let page = try result(
      first + 3, "mcpServerStatus/list", ["limit": 1, "detail": "toolsAndAuthOnly"])
    #expect(page["nextCursor"] as? String == "1")
    let sum = try result(
      first + 4, "mcpServer/tool/call",
      ["threadId": threadID, "server": "test", "tool": "add", "arguments": ["a": 2, "b": 3]])
    #expect((sum["content"] as? [[String: Any]])?.first?["text"] as? String == "5")
    let read = try result(
      first + 5, "mcpServer/resource/read",
      ["threadId": threadID, "server": "test", "uri": "cairn://notes/readme"])
    #expect((read["contents"] as? [Any])?.count == 1)
    let before = client.received.count
    try result(first + 6, "config/mcpServer/reload", nil)
    _ = try client.waitFor(from: before, "the test server ready again") { message in
      let params = message["params"] as? [String: Any] ?? [:]
      return message["method"] as? String == "mcpServer/startupStatus/updated"
        && params["name"] as? String == "test" && params["status"] as? String == "ready"
    }
    // The thread's history with the MCP call, for thread/read's validation.
    try result(first + 7, "thread/read", ["threadId": threadID, "includeTurns": true])
    // Its only subscriber leaves: the thread is unloaded and `thread/closed` follows.
    let leaving = client.received.count
    try result(first + 8, "thread/unsubscribe", ["threadId": threadID])
    _ = try client.waitFor(from: leaving, "thread/closed for \(threadID)") { message in
      message["method"] as? String == "thread/closed"
        && (message["params"] as? [String: Any])?["threadId"] as? String == threadID
    }
  }
}
