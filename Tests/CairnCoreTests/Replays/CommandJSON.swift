import CairnCore

// The JSON rendering of a command for the golden replays' expected files, in the manner of
// `Event.json`: `{"type": <case in snake case>, …fields}`. A command whose payload is an
// event's payload renders that payload's fields.

extension Command {
  var goldenJSON: JSONValue {
    switch self {
    case .createSession(let create):
      return .object([
        ("type", .string("create_session")),
        ("session_id", .string(create.sessionID.rawValue)),
        ("cwd", .string(create.cwd)),
        ("model", .string(create.model)),
        ("provider", .string(create.provider)),
        ("approval_policy", .string(create.approvalPolicy.rawValue)),
        ("sandbox_mode", .string(create.sandboxMode.rawValue)),
        ("origin", create.origin?.json ?? .null),
      ])
    case .forkSession(let fork):
      return .object([
        ("type", .string("fork_session")),
        ("session_id", .string(fork.sessionID.rawValue)),
        ("cwd", .string(fork.cwd)),
        ("model", .string(fork.model)),
        ("provider", .string(fork.provider)),
        ("approval_policy", .string(fork.approvalPolicy.rawValue)),
        ("sandbox_mode", .string(fork.sandboxMode.rawValue)),
        ("origin", fork.origin?.json ?? .null),
      ])
    case .changeSettings(let change): return change.json.prepending(type: "change_settings")
    case .startTurn(let start):
      return .object([
        ("type", .string("start_turn")),
        ("turn_id", .string(start.turnID.rawValue)),
        ("text", .string(start.text)),
        ("images", .array(start.images.map(\.json))),
      ])
    case .steerTurn(let steer):
      return .object([
        ("type", .string("steer_turn")),
        ("turn_id", .string(steer.turnID.rawValue)),
        ("text", .string(steer.text)),
      ])
    case .recordModelResponseStart(let started):
      return started.json.prepending(type: "record_model_response_start")
    case .appendOutputText(let delta): return delta.json.prepending(type: "append_output_text")
    case .appendReasoningSummary(let delta):
      return delta.json.prepending(type: "append_reasoning_summary")
    case .completeMessage(let message): return message.json.prepending(type: "complete_message")
    case .completeReasoning(let reasoning):
      return reasoning.json.prepending(type: "complete_reasoning")
    case .completeFunctionCall(let call):
      return call.json.prepending(type: "complete_function_call")
    case .completeCustomToolCall(let call):
      return call.json.prepending(type: "complete_custom_tool_call")
    case .planToolCall(let plan):
      return .object([
        ("type", .string("plan_tool_call")),
        ("turn_id", .string(plan.turnID.rawValue)),
        ("call_id", .string(plan.callID.rawValue)),
        ("tool", .string(plan.tool)),
        ("command", .array(plan.command.map { .string($0) })),
        ("workdir", plan.workdir.goldenJSON),
        ("risk", .string(plan.risk.rawValue)),
        ("reasons", .array(plan.reasons.map { .string($0) })),
      ])
    case .decideApproval(let decision):
      return .object([
        ("type", .string("decide_approval")),
        ("call_id", .string(decision.callID.rawValue)),
        ("decision", .string(decision.decision.rawValue)),
      ])
    case .recordToolStart(let started): return started.json.prepending(type: "record_tool_start")
    case .recordToolOutput(let output): return output.json.prepending(type: "record_tool_output")
    case .recordToolOutputOmitted(let omitted):
      return omitted.json.prepending(type: "record_tool_output_omitted")
    case .writeToolStdin(let written): return written.json.prepending(type: "write_tool_stdin")
    case .resizeTool(let resized): return resized.json.prepending(type: "resize_tool")
    case .signalTool(let signalled): return signalled.json.prepending(type: "signal_tool")
    case .recordToolExit(let exited): return exited.json.prepending(type: "record_tool_exit")
    case .recordTokenUsage(let usage): return usage.json.prepending(type: "record_token_usage")
    case .recordCompactionArtifact(let artifact):
      return artifact.json.prepending(type: "record_compaction_artifact")
    case .addContextMessage(let context):
      return context.json.prepending(type: "add_context_message")
    case .recordModelRetry(let retry): return retry.json.prepending(type: "record_model_retry")
    case .recordToolResult(let result): return result.json.prepending(type: "record_tool_result")
    case .recordFileChange(let change): return change.json.prepending(type: "record_file_change")
    case .endTurn(let end):
      let outcome: [(String, JSONValue)]
      switch end.outcome {
      case .completed: outcome = [("outcome", .string("completed"))]
      case .failed(let message):
        outcome = [("outcome", .string("failed")), ("message", .string(message))]
      case .interrupted(let reason):
        outcome = [("outcome", .string("interrupted")), ("reason", .string(reason))]
      }
      return .object(
        [("type", .string("end_turn")), ("turn_id", .string(end.turnID.rawValue))] + outcome)
    case .renameSession(let rename): return rename.json.prepending(type: "rename_session")
    case .archiveSession: return .object([("type", .string("archive_session"))])
    case .unarchiveSession: return .object([("type", .string("unarchive_session"))])
    case .resizeTerminal(let size):
      return .object([
        ("type", .string("resize_terminal")),
        ("rows", .uint(UInt64(size.rows))),
        ("columns", .uint(UInt64(size.columns))),
      ])
    case .changeFocus(let focus): return focus.json.prepending(type: "change_focus")
    case .scrollTranscript(let scroll): return scroll.json.prepending(type: "scroll_transcript")
    case .openPalette(let open): return open.json.prepending(type: "open_palette")
    case .closePalette: return .object([("type", .string("close_palette"))])
    case .editComposer(let edit):
      return .object([
        ("type", .string("edit_composer")),
        ("text", .string(edit.text)),
        ("cursor", .uint(UInt64(edit.cursor))),
      ])
    case .changeOverlay(let change): return change.json.prepending(type: "change_overlay")
    case .moveSelection(let move): return move.json.prepending(type: "move_selection")
    case .rollBackTurns(let rollBack):
      return .object([
        ("type", .string("roll_back_turns")), ("count", .uint(UInt64(rollBack.count))),
      ])
    case .recordMCPServerStatus(let change):
      return change.json.prepending(type: "record_mcp_server_status")
    case .recordMCPToolResult(let received):
      return received.json.prepending(type: "record_mcp_tool_result")
    }
  }
}
