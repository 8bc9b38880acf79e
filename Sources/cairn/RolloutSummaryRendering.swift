import CairnCodex
import CairnCore
import CairnProtocol

/// The `--json` object and the text of `cairn session summarize`; docs/CODEX_ROLLOUT.md
/// lists every key.
enum RolloutSummaryRendering {
  static func members(
    _ summary: RolloutSummary, reader: RolloutReader, path: String
  ) -> [(String, JSONValue)] {
    func string(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
    func int(_ value: Int) -> JSONValue { .int(Int64(value)) }
    func int(_ value: Int64?) -> JSONValue { value.map { .int($0) } ?? .null }
    func time(_ value: Int64?) -> JSONValue {
      value.map { .string(RolloutTimestamp.text(milliseconds: $0)) } ?? .null
    }
    func tally(_ tally: Tally) -> JSONValue { .object(tally.entries.map { ($0.0, int($0.1)) }) }
    let tokens: JSONValue =
      summary.totalTokens.map { usage in
        .object([
          ("input", .int(usage.inputTokens)), ("cached_input", .int(usage.cachedInputTokens)),
          ("cache_write_input", .int(usage.cacheWriteInputTokens)),
          ("output", .int(usage.outputTokens)),
          ("reasoning_output", .int(usage.reasoningOutputTokens)),
          ("total", .int(usage.totalTokens)),
        ])
      } ?? .null
    let problems = summary.problems.map { problem -> JSONValue in
      .object([
        ("line", int(problem.lineNumber)), ("offset", .uint(problem.lineOffset)),
        ("error_offset", .uint(problem.errorOffset)), ("kind", .string(problem.kindName)),
        ("message", .string(problem.description)),
      ])
    }
    let turns = summary.turns.map { turn -> JSONValue in
      .object([
        ("index", int(turn.index)), ("turn_id", string(turn.turnID)),
        ("origin", .string(turn.origin.rawValue)), ("start_line", int(turn.startLine)),
        ("started_at", time(turn.startMilliseconds)),
        ("duration_ms", int(turn.durationMilliseconds)), ("tool_calls", int(turn.toolCalls)),
        ("completed", .bool(turn.completed)), ("aborted", .bool(turn.aborted)),
        ("failed", .bool(turn.failed)),
      ])
    }
    return [
      ("path", .string(path)),
      ("session_id", string(summary.sessionID)),
      ("cli_version", string(summary.cliVersion)),
      ("originator", string(summary.originator)),
      ("source", string(summary.source)),
      ("model_provider", string(summary.modelProvider)),
      ("model", string(summary.model)),
      ("cwd", string(summary.cwd)),
      ("bytes", .uint(reader.bytesRead)),
      ("lines", int(reader.lineCount)),
      ("records", int(summary.records)),
      ("blank_lines", int(reader.blankLines)),
      ("byte_order_mark", .bool(reader.hadByteOrderMark)),
      ("final_newline_missing", .bool(reader.finalNewlineMissing)),
      ("turns", int(summary.turnCount)),
      ("turns_completed", int(summary.turnsCompleted)),
      ("turns_aborted", int(summary.turnsAborted)),
      ("user_prompts", int(summary.userPrompts)),
      ("agent_messages", int(summary.agentMessages)),
      ("messages", tally(summary.messagesByRole)),
      ("reasoning_items", int(summary.reasoningItems)),
      ("tool_calls", int(summary.toolCalls)),
      ("tool_calls_by_name", tally(summary.toolCallsByName)),
      ("tool_outputs", int(summary.toolOutputs)),
      ("calls_without_output", summary.callsWithoutOutput.map { int($0) } ?? .null),
      ("token_count_events", int(summary.tokenCountEvents)),
      ("tokens", tokens),
      ("model_context_window", int(summary.modelContextWindow)),
      ("errors", int(summary.errors)),
      ("warnings", int(summary.warnings)),
      ("compacted_lines", int(summary.compactedLines)),
      ("context_compacted_events", int(summary.contextCompactedEvents)),
      ("turn_contexts", int(summary.turnContexts)),
      ("world_states_full", int(summary.worldStatesFull)),
      ("world_states_diff", int(summary.worldStatesDiff)),
      ("first_timestamp", time(summary.firstTimestampMilliseconds)),
      ("last_timestamp", time(summary.lastTimestampMilliseconds)),
      ("duration_ms", int(summary.durationMilliseconds)),
      ("turn_duration_total_ms", int(summary.turnDurationTotalMilliseconds)),
      ("turn_duration_max_ms", int(summary.turnDurationMaxMilliseconds)),
      ("line_types", tally(summary.lineTypes)),
      ("response_item_types", tally(summary.responseItemTypes)),
      ("event_types", tally(summary.eventTypes)),
      ("unknown", int(summary.unknownCount)),
      ("unknown_line_types", tally(summary.unknownLineTypes)),
      ("unknown_response_item_types", tally(summary.unknownResponseItemTypes)),
      ("unknown_event_types", tally(summary.unknownEventTypes)),
      ("malformed_lines", int(summary.malformedLines)),
      ("truncated_last_line", .bool(summary.truncatedLastLine)),
      ("problems", .array(problems)),
      ("turn_list", .array(turns)),
      ("reader_buffer_bytes", int(reader.bufferBytes)),
    ]
  }

  /// One `key  value` line per member; objects print as `name=count` lists, and the turn
  /// list as one line per turn.
  static func printText(_ members: [(String, JSONValue)]) {
    for (key, value) in members {
      let label = String(key.map { $0 == "_" ? " " : $0 }).padded(to: 26)
      switch value {
      case .array(let items) where key == "turn_list":
        for item in items { print("turn".padded(to: 26) + inline(item)) }
      case .array(let items) where key == "problems":
        for item in items {
          if case .object(let fields) = item,
            let message = fields.first(where: { $0.0 == "message" })?.1,
            case .string(let text) = message
          {
            print("problem".padded(to: 26) + text)
          }
        }
      default:
        print(label + inline(value))
      }
    }
  }

  private static func inline(_ value: JSONValue) -> String {
    switch value {
    case .string(let text): return text
    case .null: return "-"
    case .object(let members):
      return members.isEmpty
        ? "none" : members.map { "\($0.0)=\(inline($0.1))" }.joined(separator: " ")
    default: return value.text
    }
  }
}
