import CairnLogFormat

extension SessionState {
  /// Folds one envelope into the state and returns the effects the live shell should run.
  /// Pure: no clock, no I/O; the same envelopes always give the same state.
  public static func evolve(_ state: inout SessionState, _ envelope: Envelope) -> [Effect] {
    state.lastSeq = envelope.seq
    let effects = state.apply(envelope)
    assert(state.invariantsHold(), "state invariants broken after seq \(envelope.seq)")
    return effects
  }

  private mutating func apply(_ envelope: Envelope) -> [Effect] {
    let seq = envelope.seq
    switch envelope.event {
    case .sessionCreated(let created):
      // Only a fork may follow the parent's history with a creation of its own.
      if let current = session, created.origin?.parent != current.sessionID {
        return ignored()
      }
      session = SessionProjection(
        sessionID: created.sessionID, createdAtNanoseconds: envelope.recordedAtNanoseconds,
        cwd: created.cwd, model: created.model, provider: created.provider,
        reasoningEffort: nil, approvalPolicy: created.approvalPolicy,
        sandboxMode: created.sandboxMode, origin: created.origin, title: nil, archived: false)
    case .settingsChanged(let change):
      guard session != nil else { return ignored() }
      if let model = change.model { session!.model = model }
      if let effort = change.reasoningEffort { session!.reasoningEffort = effort }
      if let policy = change.approvalPolicy { session!.approvalPolicy = policy }
      if let mode = change.sandboxMode { session!.sandboxMode = mode }
      if let cwd = change.cwd { session!.cwd = cwd }
    case .turnStarted(let started):
      var effects: [Effect] = []
      if let running = turns.current {
        // A turn that never ended (a crash) is closed as interrupted when the next starts.
        finishTurn(running.turnID, at: seq, status: .interrupted(reason: "superseded"))
        effects = endToolsOfTurn(running.turnID)
      }
      turns.current = TurnRecord(
        turnID: started.turnID, startedSeq: seq, endedSeq: nil, status: .running)
      return effects
    case .turnCompleted(let ended):
      guard turns.current?.turnID == ended.turnID else { return ignored() }
      finishTurn(ended.turnID, at: seq, status: .completed)
    case .turnFailed(let failed):
      guard turns.current?.turnID == failed.turnID else { return ignored() }
      finishTurn(failed.turnID, at: seq, status: .failed(message: failed.message))
      transcript.apply(envelope.event, seq: seq)
      return endToolsOfTurn(failed.turnID)
    case .turnInterrupted(let interrupted):
      guard turns.current?.turnID == interrupted.turnID else { return ignored() }
      finishTurn(interrupted.turnID, at: seq, status: .interrupted(reason: interrupted.reason))
      transcript.apply(envelope.event, seq: seq)
      return endToolsOfTurn(interrupted.turnID)
    case .userMessageAdded(let message):
      guard isCurrent(message.turnID) else { return ignored() }
      transcript.apply(envelope.event, seq: seq)
    case .modelResponseStarted:
      break
    case .outputTextAppended(let delta):
      guard isCurrent(delta.turnID) else { return ignored() }
      transcript.apply(envelope.event, seq: seq)
    case .reasoningSummaryAppended(let delta):
      guard isCurrent(delta.turnID) else { return ignored() }
      transcript.apply(envelope.event, seq: seq)
    case .messageCompleted(let message):
      guard isCurrent(message.turnID) else { return ignored() }
      transcript.apply(envelope.event, seq: seq)
    case .reasoningCompleted(let reasoning):
      guard isCurrent(reasoning.turnID) else { return ignored() }
      transcript.apply(envelope.event, seq: seq)
    case .functionCallCompleted(let call):
      guard isCurrent(call.turnID) else { return ignored() }
      transcript.apply(envelope.event, seq: seq)
    case .customToolCallCompleted(let call):
      guard isCurrent(call.turnID) else { return ignored() }
      transcript.apply(envelope.event, seq: seq)
    case .toolCallPlanned(let plan):
      guard isCurrent(plan.turnID), tools.activeIndex(plan.callID) == nil else {
        return ignored()
      }
      tools.active.append(
        ToolRun(
          callID: plan.callID, turnID: plan.turnID, tool: plan.tool, command: plan.command,
          workdir: plan.workdir, risk: plan.risk, reasons: plan.reasons, status: .planned,
          plannedSeq: seq))
      if !plan.needsApproval || approvals.approvedForSession.contains(plan.command) {
        return [.startTool(plan.callID)]
      }
    case .approvalRequested(let request):
      // Only a planned call can wait for approval.
      guard let index = tools.activeIndex(request.callID),
        tools.active[index].status == .planned
      else { return ignored() }
      tools.active[index].status = .awaitingApproval
      approvals.pending.append(
        PendingApproval(
          callID: request.callID, reason: request.reason, risk: tools.active[index].risk,
          reasons: tools.active[index].reasons, requestedSeq: seq))
      return [.promptForApproval(request.callID)]
    case .approvalDecided(let decided):
      guard let pendingIndex = approvals.pending.firstIndex(where: { $0.callID == decided.callID }),
        let toolIndex = tools.activeIndex(decided.callID)
      else { return ignored() }
      approvals.pending.remove(at: pendingIndex)
      approvals.decided.append(
        DecidedApproval(callID: decided.callID, decision: decided.decision, decidedSeq: seq))
      trim(&approvals.decided, to: ApprovalsProjection.decidedMax)
      switch decided.decision {
      case .approvedOnce:
        tools.active[toolIndex].status = .planned
        return [.startTool(decided.callID)]
      case .approvedForSession:
        tools.active[toolIndex].status = .planned
        let argv = tools.active[toolIndex].command
        if !approvals.approvedForSession.contains(argv) {
          approvals.approvedForSession.append(argv)
          trim(&approvals.approvedForSession, to: ApprovalsProjection.approvedForSessionMax)
        }
        return [.startTool(decided.callID)]
      case .denied:
        tools.active[toolIndex].status = .denied(.denied)
        finishTool(at: toolIndex)
        return [.reportDenial(decided.callID, .denied)]
      case .aborted:
        let turnID = tools.active[toolIndex].turnID
        tools.active[toolIndex].status = .denied(.aborted)
        finishTool(at: toolIndex)
        return [.reportDenial(decided.callID, .aborted), .abortTurn(turnID)]
      }
    case .toolStarted(let started):
      guard let index = tools.activeIndex(started.callID), tools.active[index].status == .planned
      else { return ignored() }
      tools.active[index].status = .running(processID: started.processID)
      tools.active[index].tty = started.tty
    case .toolOutputReceived(let output):
      guard let index = tools.activeIndex(output.callID) else { return ignored() }
      let count = UInt64(output.chunk.count)
      switch output.stream {
      case .stdout, .pty: tools.active[index].stdoutBytes &+= count
      case .stderr: tools.active[index].stderrBytes &+= count
      }
      tools.active[index].preview.append(contentsOf: output.chunk.suffix(ToolRun.previewBytesMax))
      let excess = tools.active[index].preview.count - ToolRun.previewBytesMax
      if excess > 0 { tools.active[index].preview.removeFirst(excess) }
    case .toolOutputOmitted(let omitted):
      guard let index = tools.activeIndex(omitted.callID) else { return ignored() }
      tools.active[index].omittedBytes &+= omitted.omittedBytes
    case .toolStdinWritten(let written):
      guard let index = tools.activeIndex(written.callID) else { return ignored() }
      tools.active[index].stdinBytes &+= UInt64(written.bytes.count)
    case .toolResized(let resized):
      guard let index = tools.activeIndex(resized.callID) else { return ignored() }
      tools.active[index].rows = resized.rows
      tools.active[index].columns = resized.columns
    case .toolSignalled(let signalled):
      guard let index = tools.activeIndex(signalled.callID) else { return ignored() }
      tools.active[index].signalsSent.append(signalled.signal)
      trim(&tools.active[index].signalsSent, to: Self.signalsMax)
    case .toolExited(let exited):
      // A call exits once it ran, or without running when its process failed to start.
      guard let index = tools.activeIndex(exited.callID),
        tools.active[index].status != .awaitingApproval
      else { return ignored() }
      tools.active[index].status = .exited(exitCode: exited.exitCode, signal: exited.signal)
      tools.active[index].durationNanoseconds = exited.durationNanoseconds
      let turnID = tools.active[index].turnID
      finishTool(at: index)
      // The model hears a result only while its turn runs; after an interrupt it is moot.
      return turns.current?.turnID == turnID ? [.reportToolResult(exited.callID)] : []
    case .tokenUsageRecorded(let usageReport):
      guard isCurrent(usageReport.turnID) else { return ignored() }
      let counts = TokenCounts(
        inputTokens: usageReport.inputTokens, cachedInputTokens: usageReport.cachedInputTokens,
        outputTokens: usageReport.outputTokens,
        reasoningOutputTokens: usageReport.reasoningOutputTokens)
      usage.cumulative.add(counts)
      usage.last = counts
      if let index = usage.perTurn.lastIndex(where: { $0.turnID == usageReport.turnID }) {
        usage.perTurn[index].counts.add(counts)
      } else {
        usage.perTurn.append((usageReport.turnID, counts))
        if usage.perTurn.count > UsageProjection.perTurnMax { usage.perTurn.removeFirst() }
      }
    case .compactionArtifactRecorded(let artifact):
      let record = CompactionRecord(
        artifactID: artifact.artifactID, kind: artifact.kind,
        checkpointSeq: artifact.checkpointSeq, recordedSeq: seq)
      switch artifact.kind {
      case .replaySeed: compactions.latestReplaySeed = record
      case .semanticSummary: compactions.latestSemanticSummary = record
      }
      compactions.recordedCount &+= 1
    case .sessionRenamed(let renamed):
      guard session != nil else { return ignored() }
      session!.title = renamed.title
    case .sessionArchived:
      guard session != nil else { return ignored() }
      session!.archived = true
    case .sessionUnarchived:
      guard session != nil else { return ignored() }
      session!.archived = false
    case .terminalResized(let resized):
      ui.rows = resized.rows
      ui.columns = resized.columns
    case .focusChanged(let focus):
      ui.focus = focus.target
    case .transcriptScrolled(let scrolled):
      ui.linesFromBottom = scrolled.linesFromBottom
    case .paletteOpened(let opened):
      ui.paletteQuery = opened.query
      ui.focus = .palette
      ui.selection = 0
    case .overlayChanged(let change):
      if change.overlay != ui.overlay { ui.selection = 0 }
      ui.overlay = change.overlay
      ui.overlayQuery = change.query
    case .turnsRolledBack(let rollBack):
      // The dropped turns leave the recent list; the counts say what happened, and stay.
      turns.recent.removeAll { $0.startedSeq >= rollBack.fromSeq }
    case .selectionMoved(let move):
      ui.selection = move.index
    case .paletteClosed:
      ui.paletteQuery = nil
      if ui.focus == .palette { ui.focus = .composer }
    case .contextMessageAdded(let context):
      guard isCurrent(context.turnID) else { return ignored() }
    case .modelRequestRetried(let retry):
      guard isCurrent(retry.turnID) else { return ignored() }
    case .toolResultRecorded:
      break
    case .fileChanged(let change):
      guard tools.activeIndex(change.callID) != nil else { return ignored() }
      switch change.kind {
      case .add: fileChanges.addedCount &+= 1
      case .update: fileChanges.updatedCount &+= 1
      case .delete: fileChanges.deletedCount &+= 1
      }
      fileChanges.recent.append(
        FileChangeRecord(
          seq: seq, callID: change.callID, path: change.path, kind: change.kind,
          movePath: change.movePath, beforeBytes: change.before.map { UInt64($0.count) },
          afterBytes: change.after.map { UInt64($0.count) }))
      trim(&fileChanges.recent, to: FileChangesProjection.recentMax)
    case .mcpServerStatusChanged(let change):
      guard session != nil else { return ignored() }
      mcpServers.apply(change, seq: seq)
    case .mcpToolResultReceived(let received):
      guard tools.activeIndex(received.callID) != nil else { return ignored() }
    case .composerEdited(let edited):
      ui.composerText = edited.text
      ui.composerCursor = min(edited.cursor, UInt32(clamping: edited.text.utf8.count))
    }
    return []
  }

  /// Reasoning summaries keep at most this many parts; later indexes join the last part.
  public static let summaryPartsMax = 64
  /// A tool run remembers at most this many signals sent to it.
  public static let signalsMax = 16

  private func isCurrent(_ turnID: TurnID) -> Bool { turns.current?.turnID == turnID }

  /// A summary with at most `summaryPartsMax` parts: later parts join the last one.
  static func clampedSummary(_ parts: [String]) -> [String] {
    guard parts.count > summaryPartsMax else { return parts }
    var clamped = Array(parts.prefix(summaryPartsMax - 1))
    clamped.append(parts[(summaryPartsMax - 1)...].joined())
    return clamped
  }

  /// When a turn ends other than normally, its calls that never ran are finished as
  /// aborted (their approvals withdrawn), and its running calls are to be stopped.
  private mutating func endToolsOfTurn(_ turnID: TurnID) -> [Effect] {
    var running: [CallID] = []
    var index = 0
    while index < tools.active.count {
      let run = tools.active[index]
      guard run.turnID == turnID else {
        index += 1
        continue
      }
      switch run.status {
      case .running:
        running.append(run.callID)
        index += 1
      case .planned, .awaitingApproval:
        approvals.pending.removeAll { $0.callID == run.callID }
        tools.active[index].status = .denied(.aborted)
        finishTool(at: index)
      case .denied, .exited:
        index += 1
      }
    }
    return running.isEmpty ? [] : [.stopTools(running)]
  }

  private mutating func ignored() -> [Effect] {
    ignoredEventCount &+= 1
    return []
  }

  private mutating func finishTurn(_ turnID: TurnID, at seq: Seq, status: TurnStatus) {
    guard var turn = turns.current, turn.turnID == turnID else { return }
    turn.endedSeq = seq
    turn.status = status
    switch status {
    case .running: preconditionFailure("a finished turn cannot be running")
    case .completed: turns.completedCount &+= 1
    case .failed: turns.failedCount &+= 1
    case .interrupted: turns.interruptedCount &+= 1
    }
    turns.current = nil
    turns.recent.append(turn)
    trim(&turns.recent, to: TurnsProjection.recentMax)
  }

  private mutating func finishTool(at index: Int) {
    let run = tools.active.remove(at: index)
    tools.finished.append(run)
    tools.finishedCount &+= 1
    trim(&tools.finished, to: ToolsProjection.finishedMax)
  }

  private func trim<T>(_ items: inout [T], to count: Int) {
    if items.count > count { items.removeFirst(items.count - count) }
  }
}
