extension SessionState {
  /// The state's internal consistency, checked after every `evolve` in debug builds.
  public func invariantsHold() -> Bool {
    guard transcript.window.count <= TranscriptProjection.windowMax,
      turns.recent.count <= TurnsProjection.recentMax,
      tools.finished.count <= ToolsProjection.finishedMax,
      approvals.decided.count <= ApprovalsProjection.decidedMax,
      usage.perTurn.count <= UsageProjection.perTurnMax,
      fileChanges.recent.count <= FileChangesProjection.recentMax,
      UInt64(fileChanges.recent.count) <= fileChanges.totalCount
    else { return false }
    let changeSeqs = fileChanges.recent.map(\.seq)
    guard zip(changeSeqs, changeSeqs.dropFirst()).allSatisfy({ $0.0 < $0.1 }) else { return false }
    // Window items are in log order and follow the older ones (checked at the seam only,
    // so that the check stays O(window) however long the session).
    let seqs = transcript.window.map(\.seq)
    guard zip(seqs, seqs.dropFirst()).allSatisfy({ $0.0 < $0.1 }) else { return false }
    if let older = transcript.olderItemSeqs.last, let first = seqs.first, older >= first {
      return false
    }
    guard seqs.last.map({ $0 <= lastSeq }) ?? true else { return false }
    // Every pending approval belongs to an active tool that awaits it, and back.
    let awaiting = tools.active.filter { $0.status == .awaitingApproval }.map(\.callID)
    guard Set(awaiting) == Set(approvals.pending.map(\.callID)),
      awaiting.count == approvals.pending.count
    else { return false }
    // Active tool ids are unique; finished ones are not active.
    let activeIDs = tools.active.map(\.callID)
    guard Set(activeIDs).count == activeIDs.count else { return false }
    for run in tools.finished {
      switch run.status {
      case .exited, .denied: continue
      case .planned, .awaitingApproval, .running: return false
      }
    }
    if let current = turns.current, current.status != .running { return false }
    return true
  }
}
