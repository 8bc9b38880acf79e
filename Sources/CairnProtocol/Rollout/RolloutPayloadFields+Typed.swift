/// The typed models built from the collected members, one per line type.
extension RolloutPayloadFields {
  var sessionMeta: SessionMeta {
    var meta = SessionMeta()
    meta.id = id
    meta.sessionID = sessionID
    meta.timestamp = timestamp
    meta.cwd = cwd
    meta.originator = originator
    meta.cliVersion = cliVersion
    meta.source = source
    meta.threadSource = threadSource
    meta.modelProvider = modelProvider
    meta.instructionsBytes = instructionsBytes
    meta.baseInstructionsBytes = baseInstructionsBytes
    meta.historyMode = historyMode
    meta.forkedFromID = forkedFromID
    meta.git = git
    return meta
  }

  var turnContext: TurnContext {
    var context = TurnContext()
    context.turnID = turnID
    context.cwd = cwd
    context.model = model
    context.approvalPolicy = approvalPolicy
    context.sandboxMode = sandboxMode
    context.summary = summaryText
    context.effort = effort
    context.personality = personality
    context.currentDate = currentDate
    context.timezone = timezone
    return context
  }

  var worldState: WorldState {
    WorldState(isFull: full, stateKeys: stateKeys, stateKeyCount: stateKeyCount)
  }

  var compacted: Compacted {
    Compacted(message: message, replacementHistoryCount: replacementHistoryCount)
  }

  private var toolCall: ResponseItem.ToolCall {
    ResponseItem.ToolCall(
      id: id, callID: callID, name: name, namespace: namespace, input: arguments ?? input,
      status: status, actionType: actionType)
  }

  private var hostedCall: ResponseItem.ToolCall {
    ResponseItem.ToolCall(
      id: id, callID: callID, name: name, namespace: namespace, input: actionInput,
      status: status, actionType: actionType)
  }

  private var toolOutput: ResponseItem.ToolOutput {
    ResponseItem.ToolOutput(
      id: id, callID: callID, output: output, parts: outputParts, status: status)
  }

  var responseItem: ResponseItem {
    switch type ?? "" {
    case "message":
      return .message(
        ResponseItem.Message(id: id, role: role ?? "", parts: content, partCount: contentCount))
    case "reasoning":
      return .reasoning(
        ResponseItem.Reasoning(
          id: id, summary: summaryParts, content: content,
          encryptedContentBytes: encryptedContentBytes))
    case "function_call": return .functionCall(toolCall)
    case "function_call_output": return .functionCallOutput(toolOutput)
    case "custom_tool_call": return .customToolCall(toolCall)
    case "custom_tool_call_output": return .customToolCallOutput(toolOutput)
    case "local_shell_call": return .localShellCall(hostedCall)
    case "web_search_call": return .webSearchCall(hostedCall)
    case "tool_search_call": return .toolSearchCall(toolCall)
    case "tool_search_output": return .toolSearchOutput(toolOutput)
    case "image_generation_call": return .imageGenerationCall(toolCall)
    case "ghost_snapshot": return .ghostSnapshot
    case "compaction", "compaction_summary":
      return .compaction(encryptedContentBytes: encryptedContentBytes)
    case let other: return .unknown(type: other)
    }
  }

  var eventMessage: EventMessage {
    switch type ?? "" {
    case "user_message": return .userMessage(text: message, imageCount: imagesCount)
    case "agent_message": return .agentMessage(message)
    case "agent_reasoning": return .agentReasoning(text)
    case "agent_reasoning_raw_content": return .agentReasoningRawContent(text)
    case "token_count": return .tokenCount(info)
    case "task_started", "turn_started":
      return .taskStarted(
        TaskStarted(
          turnID: turnID, startedAt: startedAt, modelContextWindow: modelContextWindow))
    case "task_complete", "turn_complete":
      var complete = TaskComplete()
      complete.turnID = turnID
      complete.lastAgentMessage = lastAgentMessage
      complete.startedAt = startedAt
      complete.completedAt = completedAt
      complete.durationMilliseconds = durationMilliseconds
      complete.timeToFirstTokenMilliseconds = timeToFirstTokenMilliseconds
      complete.errorMessage = errorMessage
      return .taskComplete(complete)
    case "turn_aborted": return .turnAborted(turnID: turnID, reason: reason)
    case "error": return .error(message: message)
    case "warning": return .warning(message: message)
    case "stream_error": return .streamError(message: message)
    case "context_compacted": return .contextCompacted
    case "thread_settings_applied": return .threadSettingsApplied(model: settingsModel)
    case "patch_apply_end":
      return .patchApplyEnd(callID: callID, success: success, changedFiles: changesCount)
    case "exec_command_end": return .execCommandEnd(callID: callID, exitCode: exitCode)
    case "mcp_tool_call_end": return .mcpToolCallEnd(callID: callID)
    case "web_search_end": return .webSearchEnd(callID: callID)
    case "view_image_tool_call": return .viewImageToolCall(callID: callID)
    case "entered_review_mode": return .enteredReviewMode
    case "exited_review_mode": return .exitedReviewMode
    case "undo_completed": return .undoCompleted
    case "thread_rolled_back": return .threadRolledBack
    case "thread_name_updated": return .threadNameUpdated(name: name)
    case let other: return .unknown(type: other)
    }
  }
}
