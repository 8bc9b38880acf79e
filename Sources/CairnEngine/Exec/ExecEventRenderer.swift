import CairnCore
import CairnTools

/// Codex's `exec --json` event stream (CODEX_OBSERVED.md §4) as a pure fold of a session's
/// envelopes: the live run feeds it each envelope as it is appended, and a replay of the
/// same log prints the same lines. Item ids count from `item_0` per rendering, as Codex's
/// do per run.
public struct ExecEventRenderer {
  /// Output kept per command for `aggregated_output`; the rest is counted, not kept.
  public static let aggregatedOutputBytesMax = 1 << 20

  private var nextItem = 0
  private var calls: [CallID: Call] = [:]
  private var plan: (id: String, items: [JSONValue])?
  /// apply_patch calls and the files each changed, as (path, kind), until their exit.
  private var patches: [CallID: [(path: String, kind: FileChangeKind)]] = [:]
  private var cumulative: TokenCounts

  private struct Call {
    var name: String
    var arguments: String
    var itemID: String?
    var command: String?
    var output: [UInt8] = []
    /// The server and tool of an MCP call (`mcp__SERVER__TOOL`).
    var mcp: (server: String, tool: String)?
  }

  /// `usage` is the session's cumulative usage before the first rendered envelope: Codex's
  /// `turn.completed` reports the thread's total, earlier turns included.
  public init(usage: TokenCounts = TokenCounts()) {
    cumulative = usage
  }

  /// The line that opens a run: the thread (session) id.
  public static func threadStarted(_ sessionID: SessionID) -> JSONValue {
    .object([("type", .string("thread.started")), ("thread_id", .string(sessionID.rawValue))])
  }

  public mutating func lines(for envelope: Envelope) -> [JSONValue] {
    switch envelope.event {
    case .turnStarted:
      plan = nil
      return [.object([("type", .string("turn.started"))])]
    case .messageCompleted(let message):
      return [completed(newItem(), type: "agent_message", [("text", .string(message.text))])]
    case .reasoningCompleted(let reasoning):
      let text = reasoning.summary.joined(separator: "\n\n")
      guard !text.isEmpty else { return [] }
      return [completed(newItem(), type: "reasoning", [("text", .string(text))])]
    case .functionCallCompleted(let call):
      calls[call.callID] = Call(name: call.name, arguments: call.arguments)
      return []
    case .customToolCallCompleted(let call):
      if call.name == "apply_patch" { patches[call.callID] = [] }
      return []
    case .fileChanged(let change):
      patches[change.callID]?.append((change.path, change.kind))
      return []
    case .toolCallPlanned(let planned):
      // An MCP tool call (`mcp SERVER TOOL`) is not a command execution.
      if planned.tool.hasPrefix("mcp__"), planned.command.count == 3, planned.command[0] == "mcp" {
        calls[planned.callID]?.mcp = (planned.command[1], planned.command[2])
      } else if !planned.command.isEmpty {
        calls[planned.callID]?.command = ShellQuoting.join(planned.command)
      }
      return []
    case .toolStarted(let started):
      if let call = calls[started.callID], call.mcp != nil {
        return mcpStarted(started.callID, call)
      }
      guard var call = calls[started.callID], let command = call.command else { return [] }
      let id = newItem()
      call.itemID = id
      calls[started.callID] = call
      return [
        item(
          "item.started", id, type: "command_execution",
          [
            ("command", .string(command)), ("aggregated_output", .string("")),
            ("exit_code", .null), ("status", .string("in_progress")),
          ])
      ]
    case .mcpToolResultReceived(let received):
      return mcpCompleted(received)
    case .toolOutputReceived(let output):
      guard var call = calls[output.callID], call.itemID != nil else { return [] }
      let room = Self.aggregatedOutputBytesMax - call.output.count
      if room > 0 { call.output += output.chunk.prefix(room) }
      calls[output.callID] = call
      return []
    case .toolExited(let exited):
      if let changes = patches.removeValue(forKey: exited.callID) {
        return fileChange(changes, succeeded: exited.exitCode == 0)
      }
      guard let call = calls[exited.callID], let id = call.itemID, let command = call.command
      else { return [] }
      calls[exited.callID] = nil
      return [
        item(
          "item.completed", id, type: "command_execution",
          [
            ("command", .string(command)),
            ("aggregated_output", .string(String(decoding: call.output, as: UTF8.self))),
            ("exit_code", exited.exitCode.map { .int(Int64($0)) } ?? .null),
            ("status", .string(exited.exitCode == 0 ? "completed" : "failed")),
          ])
      ]
    case .toolResultRecorded(let result):
      guard let call = calls.removeValue(forKey: result.callID), call.name == "update_plan",
        let items = PlanArguments.todoItems(call.arguments)
      else { return [] }
      let list: JSONValue = .array(items)
      if let current = plan {
        plan = (current.id, items)
        return [item("item.updated", current.id, type: "todo_list", [("items", list)])]
      }
      let id = newItem()
      plan = (id, items)
      return [item("item.started", id, type: "todo_list", [("items", list)])]
    case .modelRequestRetried(let retry):
      guard retry.streamLevel else { return [] }
      return [
        .object([
          ("type", .string("error")),
          (
            "message",
            .string("Reconnecting... \(retry.attempt)/\(retry.maxAttempts) (\(retry.reason))")
          ),
        ])
      ]
    case .tokenUsageRecorded(let usage):
      cumulative.add(
        TokenCounts(
          inputTokens: usage.inputTokens, cachedInputTokens: usage.cachedInputTokens,
          outputTokens: usage.outputTokens, reasoningOutputTokens: usage.reasoningOutputTokens))
      return []
    case .turnCompleted:
      return closePlan() + [
        .object([
          ("type", .string("turn.completed")),
          (
            "usage",
            .object([
              ("input_tokens", .uint(cumulative.inputTokens)),
              ("cached_input_tokens", .uint(cumulative.cachedInputTokens)),
              ("cache_write_input_tokens", .uint(0)),
              ("output_tokens", .uint(cumulative.outputTokens)),
              ("reasoning_output_tokens", .uint(cumulative.reasoningOutputTokens)),
            ])
          ),
        ])
      ]
    case .turnFailed(let failed):
      return closePlan() + [
        .object([("type", .string("error")), ("message", .string(failed.message))]),
        .object([
          ("type", .string("turn.failed")),
          ("error", .object([("message", .string(failed.message))])),
        ]),
      ]
    case .turnInterrupted(let interrupted):
      return closePlan() + [
        .object([
          ("type", .string("turn.failed")),
          ("error", .object([("message", .string("turn interrupted: \(interrupted.reason)"))])),
        ])
      ]
    default:
      return []
    }
  }

  /// Codex's `file_change` item for a patch that ran: started and completed (or failed)
  /// together, the changes sorted by path byte by byte (as Codex: `a.txt` before `a/b.txt`).
  /// A patch refused before it ran has none.
  private mutating func fileChange(
    _ changes: [(path: String, kind: FileChangeKind)], succeeded: Bool
  ) -> [JSONValue] {
    let id = newItem()
    let list: JSONValue = .array(
      changes.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }.map {
        .object([("path", .string($0.path)), ("kind", .string($0.kind.rawValue))])
      })
    return [
      item(
        "item.started", id, type: "file_change",
        [("changes", list), ("status", .string("in_progress"))]),
      item(
        "item.completed", id, type: "file_change",
        [("changes", list), ("status", .string(succeeded ? "completed" : "failed"))]),
    ]
  }

  /// Codex's `mcp_tool_call` item as the call is sent to its server.
  private mutating func mcpStarted(_ callID: CallID, _ call: Call) -> [JSONValue] {
    guard let mcp = call.mcp else { return [] }
    var call = call
    let id = newItem()
    call.itemID = id
    calls[callID] = call
    return [
      item(
        "item.started", id, type: "mcp_tool_call",
        mcpFields(mcp, arguments: call.arguments) + [
          ("result", .null), ("error", .null), ("status", .string("in_progress")),
        ])
    ]
  }

  /// The item completed with the server's result (failed when it reported `isError`), or
  /// failed with why no result came.
  private mutating func mcpCompleted(_ received: MCPToolResultReceived) -> [JSONValue] {
    guard let call = calls[received.callID], let id = call.itemID, let mcp = call.mcp else {
      return []
    }
    var result: JSONValue = .null
    var error: JSONValue = .null
    if let content = received.content {
      result = .object([
        ("content", MCPJSON.value(content) ?? .array([])),
        ("structured_content", received.structuredContent.flatMap(MCPJSON.value) ?? .null),
      ])
    } else {
      error = .object([("message", .string(received.error ?? ""))])
    }
    let succeeded = received.error == nil && !received.isError
    return [
      item(
        "item.completed", id, type: "mcp_tool_call",
        mcpFields(mcp, arguments: call.arguments) + [
          ("result", result), ("error", error),
          ("status", .string(succeeded ? "completed" : "failed")),
        ])
    ]
  }

  private func mcpFields(_ mcp: (server: String, tool: String), arguments: String)
    -> [(String, JSONValue)]
  {
    [
      ("server", .string(mcp.server)), ("tool", .string(mcp.tool)),
      ("arguments", MCPJSON.value(arguments) ?? .null),
    ]
  }

  private mutating func newItem() -> String {
    defer { nextItem += 1 }
    return "item_\(nextItem)"
  }

  private mutating func closePlan() -> [JSONValue] {
    guard let current = plan else { return [] }
    plan = nil
    return [
      item("item.completed", current.id, type: "todo_list", [("items", .array(current.items))])
    ]
  }

  private func completed(_ id: String, type: String, _ fields: [(String, JSONValue)]) -> JSONValue {
    item("item.completed", id, type: type, fields)
  }

  private func item(
    _ event: String, _ id: String, type: String, _ fields: [(String, JSONValue)]
  ) -> JSONValue {
    .object([
      ("type", .string(event)),
      ("item", .object([("id", .string(id)), ("type", .string(type))] + fields)),
    ])
  }
}
