/// Redaction of events before they are persisted (DESIGN.md §9): every free-text or byte
/// field that can carry what a user, a model or a tool wrote goes through the redactor.
/// Ids, names, enums and numbers are left alone.
extension Event {
  public func redacted(by redactor: SecretRedactor) -> Event {
    func text(_ value: String) -> String { redactor.redact(value).text }
    func bytes(_ value: [UInt8]) -> [UInt8] { redactor.redact(value).bytes }
    switch self {
    case .sessionCreated, .settingsChanged, .turnStarted, .turnCompleted, .modelResponseStarted,
      .approvalDecided, .toolStarted, .toolOutputOmitted, .toolResized, .toolSignalled, .toolExited,
      .tokenUsageRecorded, .sessionArchived, .sessionUnarchived, .terminalResized,
      .focusChanged, .transcriptScrolled, .paletteClosed, .selectionMoved,
      .turnsRolledBack:
      return self
    case .mcpServerStatusChanged(var payload):
      payload.message = payload.message.map(text)
      return .mcpServerStatusChanged(payload)
    case .mcpToolResultReceived(var payload):
      payload.content = payload.content.map(text)
      payload.structuredContent = payload.structuredContent.map(text)
      payload.error = payload.error.map(text)
      return .mcpToolResultReceived(payload)
    case .turnFailed(var payload):
      payload.message = text(payload.message)
      return .turnFailed(payload)
    case .turnInterrupted(var payload):
      payload.reason = text(payload.reason)
      return .turnInterrupted(payload)
    case .userMessageAdded(var payload):
      payload.text = text(payload.text)
      return .userMessageAdded(payload)
    case .outputTextAppended(var payload):
      payload.delta = text(payload.delta)
      return .outputTextAppended(payload)
    case .reasoningSummaryAppended(var payload):
      payload.delta = text(payload.delta)
      return .reasoningSummaryAppended(payload)
    case .messageCompleted(var payload):
      payload.text = text(payload.text)
      return .messageCompleted(payload)
    case .reasoningCompleted(var payload):
      payload.summary = payload.summary.map(text)
      return .reasoningCompleted(payload)
    case .functionCallCompleted(var payload):
      payload.arguments = text(payload.arguments)
      return .functionCallCompleted(payload)
    case .customToolCallCompleted(var payload):
      payload.input = text(payload.input)
      return .customToolCallCompleted(payload)
    case .toolCallPlanned(var payload):
      payload.command = payload.command.map(text)
      return .toolCallPlanned(payload)
    case .approvalRequested(var payload):
      payload.reason = text(payload.reason)
      return .approvalRequested(payload)
    case .toolOutputReceived(var payload):
      payload.chunk = bytes(payload.chunk)
      return .toolOutputReceived(payload)
    case .toolStdinWritten(var payload):
      payload.bytes = bytes(payload.bytes)
      return .toolStdinWritten(payload)
    case .compactionArtifactRecorded(var payload):
      payload.summary = payload.summary.map(text)
      return .compactionArtifactRecorded(payload)
    case .sessionRenamed(var payload):
      payload.title = text(payload.title)
      return .sessionRenamed(payload)
    case .paletteOpened(var payload):
      payload.query = text(payload.query)
      return .paletteOpened(payload)
    case .overlayChanged(var payload):
      payload.query = text(payload.query)
      return .overlayChanged(payload)
    case .contextMessageAdded(var payload):
      payload.text = text(payload.text)
      return .contextMessageAdded(payload)
    case .modelRequestRetried(var payload):
      payload.reason = text(payload.reason)
      return .modelRequestRetried(payload)
    case .toolResultRecorded(var payload):
      payload.output = text(payload.output)
      return .toolResultRecorded(payload)
    case .fileChanged(var payload):
      // Paths are names, left alone; the contents are what a secret could hide in.
      payload.before = payload.before.map(bytes)
      payload.after = payload.after.map(bytes)
      return .fileChanged(payload)
    case .composerEdited(var payload):
      let redacted = text(payload.text)
      if redacted != payload.text {
        payload.text = redacted
        payload.cursor = UInt32(clamping: redacted.utf8.count)
      }
      return .composerEdited(payload)
    }
  }
}
