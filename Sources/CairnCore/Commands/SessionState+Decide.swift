import CairnLogFormat

extension SessionState {
  /// Validates `command` against the state and returns the events that record it. Pure:
  /// the shell appends the events to the log and folds them with `evolve`.
  public func decide(_ command: Command) -> Result<[Event], CommandRejection> {
    do throws(CommandRejection) {
      return .success(try events(for: command))
    } catch {
      return .failure(error)
    }
  }

  private func events(for command: Command) throws(CommandRejection) -> [Event] {
    switch command {
    case .createSession(let create):
      if let session { throw .sessionExists(session.sessionID) }
      return [.sessionCreated(create)]
    case .forkSession(let fork):
      guard let session else { throw .noSession }
      guard let origin = fork.origin, origin.parent == session.sessionID,
        origin.forkSeq == lastSeq, fork.sessionID != session.sessionID
      else {
        throw .invalidArgument(
          "a fork names its parent (\(session.sessionID)) and the fork point (\(lastSeq)), "
            + "and takes a new id")
      }
      return [.sessionCreated(fork)]
    case .changeSettings(let change):
      try requireSession()
      guard
        change.model != nil || change.reasoningEffort != nil || change.approvalPolicy != nil
          || change.sandboxMode != nil || change.cwd != nil
      else { throw .nothingToChange }
      return [.settingsChanged(change)]
    case .startTurn(let start):
      try requireSession()
      if let running = turns.current { throw .turnInProgress(running.turnID) }
      return [
        .turnStarted(TurnStarted(turnID: start.turnID)),
        .userMessageAdded(
          UserMessageAdded(turnID: start.turnID, text: start.text, images: start.images)),
      ]
    case .steerTurn(let steer):
      try requireTurn(steer.turnID)
      return [
        .userMessageAdded(UserMessageAdded(turnID: steer.turnID, text: steer.text, images: []))
      ]
    case .recordModelResponseStart(let started):
      try requireTurn(started.turnID)
      return [.modelResponseStarted(started)]
    case .appendOutputText(let delta):
      try requireTurn(delta.turnID)
      return [.outputTextAppended(delta)]
    case .appendReasoningSummary(let delta):
      try requireTurn(delta.turnID)
      return [.reasoningSummaryAppended(delta)]
    case .completeMessage(let message):
      try requireTurn(message.turnID)
      return [.messageCompleted(message)]
    case .completeReasoning(let reasoning):
      try requireTurn(reasoning.turnID)
      return [.reasoningCompleted(reasoning)]
    case .completeFunctionCall(let call):
      try requireTurn(call.turnID)
      return [.functionCallCompleted(call)]
    case .completeCustomToolCall(let call):
      try requireTurn(call.turnID)
      return [.customToolCallCompleted(call)]
    case .planToolCall(let plan):
      try requireTurn(plan.turnID)
      if tools.activeIndex(plan.callID) != nil { throw .duplicateCall(plan.callID) }
      let needsApproval =
        plan.needsApproval ?? Self.policyAsks(session!.approvalPolicy, risk: plan.risk)
      var events: [Event] = [
        .toolCallPlanned(
          ToolCallPlanned(
            turnID: plan.turnID, callID: plan.callID, tool: plan.tool, command: plan.command,
            workdir: plan.workdir, risk: plan.risk, reasons: plan.reasons,
            needsApproval: needsApproval))
      ]
      let key = plan.command.joined(separator: " ")
      if needsApproval && !approvals.approvedForSession.contains(plan.command) {
        let why =
          plan.approvalReason
          ?? (plan.reasons.isEmpty
            ? "\(plan.risk.rawValue) command" : plan.reasons.joined(separator: "; "))
        events.append(
          .approvalRequested(
            ApprovalRequested(callID: plan.callID, reason: "run `\(key)`? (\(why))")))
      }
      return events
    case .decideApproval(let decision):
      guard approvals.pending.contains(where: { $0.callID == decision.callID }),
        let index = tools.activeIndex(decision.callID)
      else { throw .noPendingApproval(decision.callID) }
      var events: [Event] = [
        .approvalDecided(ApprovalDecided(callID: decision.callID, decision: decision.decision))
      ]
      if decision.decision == .aborted, turns.current?.turnID == tools.active[index].turnID {
        events.append(
          .turnInterrupted(
            TurnInterrupted(turnID: tools.active[index].turnID, reason: "aborted by the user")))
      }
      return events
    case .recordToolStart(let started):
      let index = try requireTool(started.callID)
      guard tools.active[index].status == .planned else {
        throw .toolNotInState(started.callID, expected: "ready to start")
      }
      return [.toolStarted(started)]
    case .recordToolOutput(let output):
      try requireRunning(output.callID)
      return [.toolOutputReceived(output)]
    case .recordToolOutputOmitted(let omitted):
      try requireRunning(omitted.callID)
      guard omitted.omittedBytes > 0 else {
        throw .invalidArgument("an omission records at least one byte")
      }
      return [.toolOutputOmitted(omitted)]
    case .writeToolStdin(let written):
      try requireRunning(written.callID)
      return [.toolStdinWritten(written)]
    case .resizeTool(let resized):
      try requireRunning(resized.callID)
      guard resized.rows > 0, resized.columns > 0 else {
        throw .invalidArgument("a terminal needs at least one row and one column")
      }
      return [.toolResized(resized)]
    case .signalTool(let signalled):
      try requireRunning(signalled.callID)
      guard signalled.signal > 0, signalled.signal < 65 else {
        throw .invalidArgument("signal \(signalled.signal) is not a signal number (1–64)")
      }
      return [.toolSignalled(signalled)]
    case .recordToolExit(let exited):
      // A planned call whose process never started (no sandbox, a bad program) exits too.
      let index = try requireTool(exited.callID)
      switch tools.active[index].status {
      case .running, .planned: break
      default: throw .toolNotInState(exited.callID, expected: "running")
      }
      return [.toolExited(exited)]
    case .recordTokenUsage(let usageReport):
      try requireTurn(usageReport.turnID)
      return [.tokenUsageRecorded(usageReport)]
    case .recordCompactionArtifact(let artifact):
      try requireSession()
      guard !artifact.artifactID.isEmpty else {
        throw .invalidArgument("a compaction artifact needs an id")
      }
      return [.compactionArtifactRecorded(artifact)]
    case .addContextMessage(let context):
      try requireTurn(context.turnID)
      guard context.role == "developer" || context.role == "user" else {
        throw .invalidArgument(
          "context messages are developer or user messages, not \(context.role)")
      }
      return [.contextMessageAdded(context)]
    case .recordModelRetry(let retry):
      try requireTurn(retry.turnID)
      guard retry.attempt >= 1, retry.attempt <= retry.maxAttempts else {
        throw .invalidArgument("retry \(retry.attempt) of \(retry.maxAttempts) is out of range")
      }
      return [.modelRequestRetried(retry)]
    case .recordToolResult(let result):
      try requireSession()
      // A result follows the call's end (its exit, a denial, a run that never started), or
      // its yield time: a live exec_command answers while its process runs on.
      if let index = tools.activeIndex(result.callID),
        tools.active[index].status == .awaitingApproval
      {
        throw .toolNotInState(result.callID, expected: "decided, running or finished")
      }
      return [.toolResultRecorded(result)]
    case .recordFileChange(let change):
      // A change is recorded while its call runs, after the file was written.
      try requireRunning(change.callID)
      guard !change.path.isEmpty else { throw .invalidArgument("a file change needs a path") }
      switch change.kind {
      case .add, .update: break
      case .delete:
        guard change.after == nil, change.movePath == nil else {
          throw .invalidArgument("a deleted file has no contents after and does not move")
        }
      }
      return [.fileChanged(change)]
    case .endTurn(let end):
      try requireTurn(end.turnID)
      switch end.outcome {
      case .completed: return [.turnCompleted(TurnCompleted(turnID: end.turnID))]
      case .failed(let message):
        return [.turnFailed(TurnFailed(turnID: end.turnID, message: message))]
      case .interrupted(let reason):
        return [.turnInterrupted(TurnInterrupted(turnID: end.turnID, reason: reason))]
      }
    case .renameSession(let rename):
      try requireSession()
      guard rename.title.contains(where: { !$0.isWhitespace }) else {
        throw .invalidArgument("a session title cannot be empty")
      }
      return [.sessionRenamed(rename)]
    case .archiveSession:
      try requireSession()
      if session!.archived { throw .invalidArgument("the session is already archived") }
      return [.sessionArchived(SessionArchived())]
    case .unarchiveSession:
      try requireSession()
      if !session!.archived { throw .invalidArgument("the session is not archived") }
      return [.sessionUnarchived(SessionUnarchived())]
    case .resizeTerminal(let size):
      guard size.rows > 0, size.columns > 0 else {
        throw .invalidArgument("a terminal needs at least one row and one column")
      }
      return [.terminalResized(TerminalResized(rows: size.rows, columns: size.columns))]
    case .changeFocus(let focus):
      return [.focusChanged(focus)]
    case .scrollTranscript(let scroll):
      return [.transcriptScrolled(scroll)]
    case .openPalette(let open):
      return [.paletteOpened(open)]
    case .closePalette:
      guard ui.paletteQuery != nil else { throw .invalidArgument("the palette is not open") }
      return [.paletteClosed(PaletteClosed())]
    case .editComposer(let edit):
      guard edit.cursor <= UInt32(clamping: edit.text.utf8.count) else {
        throw .invalidArgument(
          "cursor \(edit.cursor) is past the end of the text (\(edit.text.utf8.count) bytes)")
      }
      return [.composerEdited(ComposerEdited(text: edit.text, cursor: edit.cursor))]
    case .changeOverlay(let change):
      return [.overlayChanged(change)]
    case .moveSelection(let move):
      return [.selectionMoved(move)]
    case .rollBackTurns(let rollBack):
      try requireSession()
      if let running = turns.current { throw .turnInProgress(running.turnID) }
      guard rollBack.count >= 1 else { throw .invalidArgument("numTurns must be >= 1") }
      guard Int(rollBack.count) <= turns.recent.count else {
        throw .invalidArgument(
          "cannot roll back \(rollBack.count) turns: the thread has \(turns.recent.count)")
      }
      let fromSeq = turns.recent[turns.recent.count - Int(rollBack.count)].startedSeq
      if let summary = compactions.latestSemanticSummary, summary.recordedSeq >= fromSeq {
        throw .invalidArgument(
          "cannot roll back past a compaction: the history before it is summarized")
      }
      return [.turnsRolledBack(TurnsRolledBack(count: rollBack.count, fromSeq: fromSeq))]
    case .recordMCPServerStatus(let change):
      try requireSession()
      guard !change.server.isEmpty else { throw .invalidArgument("an MCP server needs a name") }
      switch change.status {
      case .starting, .ready:
        guard change.message == nil else {
          throw .invalidArgument("only a failed or exited MCP server carries a message")
        }
      case .failed, .exited:
        guard change.toolCount == 0 else {
          throw .invalidArgument("a failed or exited MCP server offers no tools")
        }
      }
      return [.mcpServerStatusChanged(change)]
    case .recordMCPToolResult(let received):
      try requireRunning(received.callID)
      guard (received.content == nil) != (received.error == nil) else {
        throw .invalidArgument("an MCP tool call has either a result or an error")
      }
      return [.mcpToolResultReceived(received)]
    }
  }

  /// Whether Codex's approval policy asks the user before running a call of this risk.
  /// `on-failure` asks only after a sandboxed run failed (the executor plans that retry with
  /// `PlanToolCall.needsApproval`).
  public static func policyAsks(_ policy: ApprovalPolicy, risk: RiskLevel) -> Bool {
    switch policy {
    case .untrusted: return risk != .safe
    case .onRequest: return risk == .dangerous
    case .onFailure, .never: return false
    }
  }

  private func requireSession() throws(CommandRejection) {
    if session == nil { throw .noSession }
  }

  private func requireTurn(_ turnID: TurnID) throws(CommandRejection) {
    try requireSession()
    guard turns.current?.turnID == turnID else { throw .noSuchTurn(turnID) }
  }

  private func requireTool(_ callID: CallID) throws(CommandRejection) -> Int {
    guard let index = tools.activeIndex(callID) else { throw .noSuchTool(callID) }
    return index
  }

  private func requireRunning(_ callID: CallID) throws(CommandRejection) {
    let index = try requireTool(callID)
    guard case .running = tools.active[index].status else {
      throw .toolNotInState(callID, expected: "running")
    }
  }
}
