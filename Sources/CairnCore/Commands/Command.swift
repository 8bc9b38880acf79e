import CairnLogFormat

/// Every action on a session, as a typed request. `SessionState.decide` validates it
/// against the state and answers with the events to log, or a rejection.
///
/// Where a command records a fact from outside (model output, tool output) its payload is
/// the event's own payload type: the command is "record this", the event "this happened".
public enum Command: Equatable, Sendable {
  case createSession(SessionCreated)
  /// Start a fork: the log already holds the parent's prefix; the child's first own event
  /// names it (`origin` is required and must name the session the prefix belongs to).
  case forkSession(SessionCreated)
  case changeSettings(SettingsChanged)
  case startTurn(StartTurn)
  case steerTurn(SteerTurn)
  case recordModelResponseStart(ModelResponseStarted)
  case appendOutputText(OutputTextAppended)
  case appendReasoningSummary(ReasoningSummaryAppended)
  case completeMessage(MessageCompleted)
  case completeReasoning(ReasoningCompleted)
  case completeFunctionCall(FunctionCallCompleted)
  case completeCustomToolCall(CustomToolCallCompleted)
  case planToolCall(PlanToolCall)
  case decideApproval(DecideApproval)
  case recordToolStart(ToolStarted)
  case recordToolOutput(ToolOutputReceived)
  /// Output left out of the log by the persisted-output cap (docs/TOOLS.md).
  case recordToolOutputOmitted(ToolOutputOmitted)
  case writeToolStdin(ToolStdinWritten)
  case resizeTool(ToolResized)
  case signalTool(ToolSignalled)
  case recordToolExit(ToolExited)
  case recordTokenUsage(TokenUsageRecorded)
  case recordCompactionArtifact(CompactionArtifactRecorded)
  case addContextMessage(ContextMessageAdded)
  case recordModelRetry(ModelRequestRetried)
  case recordToolResult(ToolResultRecorded)
  /// A running call (apply_patch) wrote a file.
  case recordFileChange(FileChanged)
  case endTurn(EndTurn)
  case renameSession(SessionRenamed)
  case archiveSession
  case unarchiveSession
  case resizeTerminal(ResizeTerminal)
  case changeFocus(FocusChanged)
  case scrollTranscript(TranscriptScrolled)
  case openPalette(PaletteOpened)
  case closePalette
  case editComposer(EditComposer)
  /// Open, close or search a full-screen overlay or picker.
  case changeOverlay(OverlayChanged)
  /// Move the highlighted row of the open list.
  case moveSelection(SelectionMoved)
  /// Drop the latest turns from the model's history and the turns clients are shown.
  case rollBackTurns(RollBackTurns)
  /// An MCP server started, failed, or went away (docs/MCP.md).
  case recordMCPServerStatus(MCPServerStatusChanged)
  /// What an MCP server answered to a running tool call.
  case recordMCPToolResult(MCPToolResultReceived)
}
