import CairnLogFormat

/// How records change the transcript: the one set of rules the state's fold and the pager's
/// rebuild of older items share, so an item paged in from the log is the item the window
/// held.
extension TranscriptProjection {
  /// Whether a streaming record (a text or summary delta, a completed message or
  /// reasoning) makes a new item. The live fold decides by what the window holds; a
  /// rebuild from the log knows which records created items (the state keeps their seqs).
  public enum Creation: Sendable {
    /// A new item unless one for the same item id is still streaming (the live fold).
    case unlessStreaming
    /// The record created an item.
    case creates
    /// The record only updates an item (or one outside the rebuilt range: nothing).
    case updates
  }

  /// Applies a record whose turn is the current one (the caller checks) and returns the
  /// item that left the window to make room, if any. Records that do not touch the
  /// transcript change nothing.
  @discardableResult
  public mutating func apply(_ event: Event, seq: Seq, creation: Creation = .unlessStreaming)
    -> TranscriptItem?
  {
    switch event {
    case .turnFailed(let failed):
      return appendIfCreating(
        seq, failed.turnID, .turnFailed(message: failed.message), creation)
    case .turnInterrupted(let interrupted):
      return appendIfCreating(
        seq, interrupted.turnID, .turnInterrupted(reason: interrupted.reason), creation)
    case .userMessageAdded(let message):
      return appendIfCreating(
        seq, message.turnID, .user(text: message.text, images: message.images), creation)
    case .functionCallCompleted(let call):
      return appendIfCreating(
        seq, call.turnID,
        .toolCall(callID: call.callID, name: call.name, arguments: call.arguments), creation)
    case .customToolCallCompleted(let call):
      return appendIfCreating(
        seq, call.turnID, .toolCall(callID: call.callID, name: call.name, arguments: call.input),
        creation)
    case .outputTextAppended(let delta):
      if creation != .creates, let index = openItemIndex(delta.itemID),
        case .assistant(let itemID, let text, false) = window[index].entry
      {
        window[index].entry = .assistant(itemID: itemID, text: text + delta.delta, complete: false)
        return nil
      }
      guard creation != .updates else { return nil }
      return append(
        seq, delta.turnID, .assistant(itemID: delta.itemID, text: delta.delta, complete: false))
    case .reasoningSummaryAppended(let delta):
      let part = Int(min(delta.summaryIndex, UInt32(SessionState.summaryPartsMax - 1)))
      if creation != .creates, let index = openItemIndex(delta.itemID),
        case .reasoning(let itemID, var summary, false) = window[index].entry
      {
        while summary.count <= part { summary.append("") }
        summary[part] += delta.delta
        window[index].entry = .reasoning(itemID: itemID, summary: summary, complete: false)
        return nil
      }
      guard creation != .updates else { return nil }
      var summary = [String](repeating: "", count: part + 1)
      summary[part] = delta.delta
      return append(
        seq, delta.turnID, .reasoning(itemID: delta.itemID, summary: summary, complete: false))
    case .messageCompleted(let message):
      return complete(
        message.itemID, seq, message.turnID,
        .assistant(itemID: message.itemID, text: message.text, complete: true), creation)
    case .reasoningCompleted(let reasoning):
      return complete(
        reasoning.itemID, seq, reasoning.turnID,
        .reasoning(
          itemID: reasoning.itemID, summary: SessionState.clampedSummary(reasoning.summary),
          complete: true), creation)
    default:
      return nil
    }
  }

  /// Adds an item at the end; past `windowMax` the oldest leaves the window (its seq is
  /// kept) and is returned.
  @discardableResult
  public mutating func append(_ seq: Seq, _ turnID: TurnID, _ entry: TranscriptEntry)
    -> TranscriptItem?
  {
    window.append(TranscriptItem(seq: seq, turnID: turnID, entry: entry))
    guard window.count > Self.windowMax else { return nil }
    let evicted = window.removeFirst()
    olderItemSeqs.append(evicted.seq)
    return evicted
  }

  /// The window index of the newest item for `itemID` that is still streaming.
  public func openItemIndex(_ itemID: ItemID) -> Int? {
    var index = window.endIndex
    while index > window.startIndex {
      index -= 1
      switch window[index].entry {
      case .assistant(let id, _, false), .reasoning(let id, _, false):
        if id == itemID { return index }
      case .assistant, .reasoning, .user, .toolCall, .turnFailed, .turnInterrupted:
        break
      }
    }
    return nil
  }

  private mutating func appendIfCreating(
    _ seq: Seq, _ turnID: TurnID, _ entry: TranscriptEntry, _ creation: Creation
  ) -> TranscriptItem? {
    creation == .updates ? nil : append(seq, turnID, entry)
  }

  /// A completed message or reasoning replaces its streaming item, or is an item of its own.
  private mutating func complete(
    _ itemID: ItemID, _ seq: Seq, _ turnID: TurnID, _ entry: TranscriptEntry,
    _ creation: Creation
  ) -> TranscriptItem? {
    if creation != .creates, let index = openItemIndex(itemID) {
      window[index].entry = entry
      return nil
    }
    guard creation != .updates else { return nil }
    return append(seq, turnID, entry)
  }
}
