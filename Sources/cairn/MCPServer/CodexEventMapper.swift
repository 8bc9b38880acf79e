import CairnCore
import CairnEngine

/// Turns a Cairn session's envelopes into Codex's `EventMsg` shapes (snake_case `msg`
/// objects of `codex/event` notifications), for one turn: agent messages with their
/// item start, deltas and completion; commands and patches with their begin and end;
/// token counts; the turn's start and end. Envelopes with no Codex counterpart map to
/// nothing. docs/MCP.md lists what is sent.
struct CodexEventMapper {
  let threadID: String
  let contextWindow: Int
  /// Token totals of the session before this turn (Codex's `total_token_usage` runs over
  /// the whole thread).
  var total: TokenCounts
  private var startedMessages: Set<String> = []
  private var turnStartedAt: Int64 = 0
  private var firstTokenAt: Int64?
  private var lastMessage: String?
  private var calls: [String: Call] = [:]
  private var turnID = ""
  /// apply_patch inputs by call id, until the call is planned.
  private var patches: [String: String] = [:]

  /// What a tool call's begin and end events repeat.
  private struct Call {
    var tool: String
    var command: [String]
    var cwd: String
    var processID: Int32 = 0
    var output: [UInt8] = []
    var exitCode: Int32?
    var nanoseconds: UInt64 = 0
    /// apply_patch's `changes` map.
    var changes: JSONValue = .object([])
    var startedAtMilliseconds: Int64 = 0
  }

  /// Output kept per call for `exec_command_end`; the model's own copy is bounded the same
  /// way by the runtime.
  static let outputBytesMax = 64 * 1024

  init(threadID: String, contextWindow: Int, total: TokenCounts) {
    self.threadID = threadID
    self.contextWindow = contextWindow
    self.total = total
  }

  /// The `msg` objects for one envelope, in order.
  mutating func messages(for envelope: Envelope) -> [JSONValue] {
    let now = envelope.recordedAtNanoseconds
    switch envelope.event {
    case .turnStarted(let turn):
      turnStartedAt = now
      return [
        msg(
          "task_started",
          [
            ("turn_id", .string(turn.turnID.rawValue)), ("started_at", .int(now / 1_000_000_000)),
            ("model_context_window", .int(Int64(contextWindow))),
            ("collaboration_mode_kind", .string("default")),
          ])
      ]
    case .userMessageAdded(let message):
      let item: JSONValue = .object([
        ("type", .string("UserMessage")), ("id", .string("user-\(envelope.seq.rawValue)")),
        (
          "content",
          .array([
            .object([
              ("type", .string("text")), ("text", .string(message.text)),
              ("text_elements", .array([])),
            ])
          ])
        ),
      ])
      return [
        itemEvent("item_started", turn: message.turnID.rawValue, item: item, now: now),
        itemEvent("item_completed", turn: message.turnID.rawValue, item: item, now: now),
        msg(
          "user_message",
          [
            ("message", .string(message.text)), ("images", .array([])),
            ("local_images", .array([])), ("audio", .array([])), ("local_audio", .array([])),
            ("text_elements", .array([])),
          ]),
      ]
    case .outputTextAppended(let delta):
      if firstTokenAt == nil { firstTokenAt = now }
      var out: [JSONValue] = []
      if startedMessages.insert(delta.itemID.rawValue).inserted {
        out.append(agentItem("item_started", delta.turnID, delta.itemID, text: "", now: now))
      }
      out.append(
        msg(
          "agent_message_content_delta",
          [
            ("thread_id", .string(threadID)), ("turn_id", .string(delta.turnID.rawValue)),
            ("item_id", .string(delta.itemID.rawValue)), ("delta", .string(delta.delta)),
          ]))
      return out
    case .messageCompleted(let message):
      lastMessage = message.text
      var out: [JSONValue] = []
      if startedMessages.insert(message.itemID.rawValue).inserted {
        out.append(agentItem("item_started", message.turnID, message.itemID, text: "", now: now))
      }
      out.append(
        agentItem("item_completed", message.turnID, message.itemID, text: message.text, now: now))
      out.append(
        msg(
          "agent_message",
          [("message", .string(message.text)), ("phase", .null), ("memory_citation", .null)]))
      return out
    case .reasoningSummaryAppended(let delta):
      return [msg("agent_reasoning_delta", [("delta", .string(delta.delta))])]
    case .reasoningCompleted(let reasoning) where !reasoning.summary.isEmpty:
      return [
        msg("agent_reasoning", [("text", .string(reasoning.summary.joined(separator: "\n")))])
      ]
    case .customToolCallCompleted(let custom) where custom.name == ToolExecutor.applyPatchTool:
      patches[custom.callID.rawValue] = custom.input
      return []
    case .toolCallPlanned(let plan):
      var call = Call(tool: plan.tool, command: plan.command, cwd: plan.workdir ?? "")
      guard plan.tool == ToolExecutor.applyPatchTool else {
        calls[plan.callID.rawValue] = call
        return []
      }
      // Codex announces a patch (its item and patch_apply_begin) before asking for it.
      call.changes = MCPApprovals.changes(
        patch: patches.removeValue(forKey: plan.callID.rawValue), workdir: call.cwd)
      call.startedAtMilliseconds = now / 1_000_000
      calls[plan.callID.rawValue] = call
      let id = JSONValue.string(plan.callID.rawValue)
      return [
        itemEvent(
          "item_started", turn: turnID,
          item: .object([
            ("type", .string("FileChange")), ("id", id), ("changes", call.changes),
            ("auto_approved", .bool(!plan.needsApproval)),
          ]), now: now),
        msg(
          "patch_apply_begin",
          [
            ("call_id", id), ("turn_id", .string(turnID)),
            ("auto_approved", .bool(!plan.needsApproval)), ("changes", call.changes),
          ]),
      ]
    case .toolStarted(let started):
      guard var call = calls[started.callID.rawValue] else { return [] }
      call.processID = started.processID
      call.startedAtMilliseconds = now / 1_000_000
      calls[started.callID.rawValue] = call
      if call.tool == ToolExecutor.applyPatchTool { return [] }
      let fields = commandFields(started.callID.rawValue, call, turn: turnID)
      return [
        itemEvent(
          "item_started", turn: turnID,
          item: commandItem(started.callID.rawValue, call, status: "in_progress", extra: []),
          now: now),
        msg("exec_command_begin", fields + [("started_at_ms", JSONValue.int(now / 1_000_000))]),
      ]
    case .toolOutputReceived(let chunk):
      guard var call = calls[chunk.callID.rawValue] else { return [] }
      let room = Self.outputBytesMax - call.output.count
      if room > 0 { call.output += chunk.chunk.prefix(room) }
      calls[chunk.callID.rawValue] = call
      return []
    case .toolExited(let exit):
      guard var call = calls[exit.callID.rawValue] else { return [] }
      call.exitCode = exit.exitCode ?? (exit.signal.map { 128 + $0 })
      call.nanoseconds = exit.durationNanoseconds
      calls[exit.callID.rawValue] = call
      guard call.tool != ToolExecutor.applyPatchTool, exit.exitCode != nil || exit.signal != nil
      else { return [] }
      let text = String(decoding: call.output, as: UTF8.self)
      let code = call.exitCode ?? -1
      let status = code == 0 ? "completed" : "failed"
      let results: [(String, JSONValue)] = [
        ("stdout", .string(text)), ("stderr", .string("")), ("aggregated_output", .string(text)),
        ("exit_code", .int(Int64(code))),
        (
          "duration",
          .object([
            ("secs", .uint(call.nanoseconds / 1_000_000_000)),
            ("nanos", .uint(call.nanoseconds % 1_000_000_000)),
          ])
        ),
        ("formatted_output", .string(text)),
      ]
      return [
        itemEvent(
          "item_completed", turn: turnID,
          item: commandItem(exit.callID.rawValue, call, status: status, extra: results),
          now: now, startedAt: call.startedAtMilliseconds),
        msg(
          "exec_command_end",
          commandFields(exit.callID.rawValue, call, turn: turnID)
            + [("completed_at_ms", JSONValue.int(now / 1_000_000))] + results
            + [("status", JSONValue.string(status))]),
      ]
    case .toolResultRecorded(let result):
      guard let call = calls[result.callID.rawValue], call.tool == ToolExecutor.applyPatchTool,
        call.exitCode != nil
      else { return [] }
      let stdout = result.output.firstRange(of: "Output:\n").map {
        String(result.output[$0.upperBound...])
      }
      let outputs: [(String, JSONValue)] = [
        ("stdout", .string(result.success ? (stdout ?? result.output) : "")),
        ("stderr", .string(result.success ? "" : (stdout ?? result.output))),
      ]
      let status = JSONValue.string(result.success ? "completed" : "failed")
      let id = JSONValue.string(result.callID.rawValue)
      return [
        itemEvent(
          "item_completed", turn: turnID,
          item: .object(
            [("type", .string("FileChange")), ("id", id), ("changes", call.changes)]
              + [("status", status)] + outputs),
          now: now, startedAt: call.startedAtMilliseconds),
        msg(
          "patch_apply_end",
          [("call_id", id), ("turn_id", .string(turnID))] + outputs + [
            ("success", .bool(result.success)), ("changes", call.changes), ("status", status),
          ]),
      ]
    case .tokenUsageRecorded(let usage):
      let last = TokenCounts(
        inputTokens: usage.inputTokens, cachedInputTokens: usage.cachedInputTokens,
        outputTokens: usage.outputTokens, reasoningOutputTokens: usage.reasoningOutputTokens)
      total.add(last)
      return [
        msg(
          "token_count",
          [
            (
              "info",
              .object([
                ("total_token_usage", Self.usage(total)), ("last_token_usage", Self.usage(last)),
                ("model_context_window", .int(Int64(contextWindow))),
              ])
            ),
            ("rate_limits", .null),
          ])
      ]
    case .modelRequestRetried(let retry):
      return [
        msg(
          "stream_error",
          [
            ("message", .string("Reconnecting... \(retry.attempt)/\(retry.maxAttempts)")),
            ("codex_error_info", .null), ("additional_details", .string(retry.reason)),
          ])
      ]
    case .turnCompleted(let turn):
      var fields: [(String, JSONValue)] = [("turn_id", .string(turn.turnID.rawValue))]
      fields += timing(now)
      fields.append(("last_agent_message", lastMessage.map(JSONValue.string) ?? .null))
      let firstToken: JSONValue =
        firstTokenAt.map { JSONValue.int(($0 - turnStartedAt) / 1_000_000) } ?? .null
      fields.append(("time_to_first_token_ms", firstToken))
      return [msg("task_complete", fields)]
    case .turnFailed(let turn):
      var fields: [(String, JSONValue)] = [("turn_id", .string(turn.turnID.rawValue))]
      fields += timing(now)
      fields += [("last_agent_message", .null), ("time_to_first_token_ms", .null)]
      return [
        msg("error", [("message", .string(turn.message)), ("codex_error_info", .string("other"))]),
        msg("task_complete", fields),
      ]
    case .turnInterrupted(let turn):
      var fields: [(String, JSONValue)] = [
        ("turn_id", .string(turn.turnID.rawValue)), ("reason", .string("interrupted")),
      ]
      fields += timing(now)
      return [msg("turn_aborted", fields)]
    default:
      return []
    }
  }

  /// Remembers the turn's id, for the events whose payload does not name it (set before
  /// the first envelope).
  mutating func begin(turnID: String) { self.turnID = turnID }

  private func timing(_ now: Int64) -> [(String, JSONValue)] {
    [
      ("started_at", .int(turnStartedAt / 1_000_000_000)),
      ("completed_at", .int(now / 1_000_000_000)),
      ("duration_ms", .int((now - turnStartedAt) / 1_000_000)),
    ]
  }

  private func commandFields(_ callID: String, _ call: Call, turn: String) -> [(String, JSONValue)]
  {
    [
      ("call_id", .string(callID)), ("process_id", .string("\(call.processID)")),
      ("turn_id", .string(turn)), ("command", .array(call.command.map(JSONValue.string))),
      ("cwd", .string(call.cwd)), ("parsed_cmd", Self.parsedCommand(call.command)),
      ("source", .string("unified_exec_startup")),
    ]
  }

  private func agentItem(
    _ type: String, _ turn: TurnID, _ item: ItemID, text: String, now: Int64
  ) -> JSONValue {
    itemEvent(
      type, turn: turn.rawValue,
      item: .object([
        ("type", .string("AgentMessage")), ("id", .string(item.rawValue)),
        ("content", .array([.object([("type", .string("Text")), ("text", .string(text))])])),
      ]), now: now)
  }

  /// Codex's `CommandExecution` item.
  private func commandItem(
    _ callID: String, _ call: Call, status: String, extra: [(String, JSONValue)]
  ) -> JSONValue {
    .object(
      [
        ("type", .string("CommandExecution")), ("id", .string(callID)),
        ("process_id", .string("\(call.processID)")),
        ("command", .array(call.command.map(JSONValue.string))), ("cwd", .string(call.cwd)),
        ("parsed_cmd", Self.parsedCommand(call.command)),
        ("source", .string("unified_exec_startup")), ("status", .string(status)),
      ] + extra)
  }

  private func itemEvent(
    _ type: String, turn: String, item: JSONValue, now: Int64, startedAt: Int64? = nil
  ) -> JSONValue {
    var fields: [(String, JSONValue)] = [
      ("thread_id", .string(threadID)), ("turn_id", .string(turn)), ("item", item),
      ("started_at_ms", .int(startedAt ?? now / 1_000_000)),
    ]
    if type == "item_completed" { fields.append(("completed_at_ms", .int(now / 1_000_000))) }
    return msg(type, fields)
  }

  private func msg(_ type: String, _ fields: [(String, JSONValue)]) -> JSONValue {
    .object([("type", .string(type))] + fields)
  }

  /// Codex's `parsed_cmd`: Cairn does not classify commands into reads, listings and
  /// searches, so every command is one `unknown` entry holding the script a `bash -lc`
  /// runs (or the whole command line).
  static func parsedCommand(_ argv: [String]) -> JSONValue {
    let script =
      argv.count == 3 && ["-lc", "-c"].contains(argv[1]) ? argv[2] : ShellQuoting.join(argv)
    return .array([.object([("type", .string("unknown")), ("cmd", .string(script))])])
  }

  static func usage(_ counts: TokenCounts) -> JSONValue {
    .object([
      ("input_tokens", .uint(counts.inputTokens)),
      ("cached_input_tokens", .uint(counts.cachedInputTokens)),
      ("cache_write_input_tokens", .uint(0)), ("output_tokens", .uint(counts.outputTokens)),
      ("reasoning_output_tokens", .uint(counts.reasoningOutputTokens)),
      ("total_tokens", .uint(counts.totalTokens)),
    ])
  }
}
