import CairnCore
import CairnTools

/// An MCP tool call as the turn renderer follows it: planned as `mcp SERVER TOOL`, then the
/// server's answer (`mcp_tool_result_received`).
struct MCPCall {
  var server: String
  var tool: String
  /// The tool's `readOnlyHint`, as the plan's reason says it (nil: no annotations).
  var readOnlyHint: Bool?
  var received: MCPToolResultReceived?
  /// Why the call did not run (declined).
  var error: String?

  init(server: String, tool: String) {
    self.server = server
    self.tool = tool
  }

  /// The MCP call `planned` describes, or nil for any other tool.
  init?(_ planned: ToolCallPlanned) {
    guard planned.tool.hasPrefix("mcp__"), planned.command.count == 3,
      planned.command[0] == "mcp"
    else { return nil }
    server = planned.command[1]
    tool = planned.command[2]
    if planned.reasons.contains("a read-only MCP tool") {
      readOnlyHint = true
    } else if planned.reasons.contains(where: { $0.hasPrefix("an MCP tool that may change") }) {
      readOnlyHint = false
    }
  }

  /// Codex's `completed`: a result came and the tool did not report an error.
  var succeeded: Bool {
    guard let received else { return false }
    return received.error == nil && !received.isError
  }
}

/// Codex's `mcpToolCall` thread item (app-server v2 `ThreadItem`).
enum AppServerMCPItem {
  static func json(
    id: String, mcp: MCPCall, arguments: String, status: String, durationNanoseconds: UInt64?
  ) -> JSONValue {
    var result: JSONValue = .null
    var error: JSONValue = mcp.error.map { .object([("message", .string($0))]) } ?? .null
    if let received = mcp.received {
      if let content = received.content {
        result = .object([
          ("content", MCPJSON.value(content) ?? .array([])),
          ("structuredContent", received.structuredContent.flatMap(MCPJSON.value) ?? .null),
          ("_meta", .null),
        ])
      } else {
        error = .object([("message", .string(received.error ?? ""))])
      }
    }
    return .object([
      ("type", .string("mcpToolCall")), ("id", .string(id)), ("server", .string(mcp.server)),
      ("tool", .string(mcp.tool)), ("status", .string(status)),
      ("arguments", MCPJSON.value(arguments) ?? .null), ("appContext", .null),
      ("pluginId", .null), ("readOnlyHint", mcp.readOnlyHint.map { .bool($0) } ?? .null),
      ("result", result), ("error", error),
      ("durationMs", durationNanoseconds.map { .int(Int64($0 / 1_000_000)) } ?? .null),
    ])
  }
}
