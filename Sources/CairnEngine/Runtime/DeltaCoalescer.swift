import CairnCore
import CairnProtocol

/// Turns stream events into the commands that log them, coalescing text deltas: one event
/// per item for up to `bytes` bytes or `nanoseconds` of streaming, so a long answer costs
/// tens of events rather than thousands, and nothing that arrived is lost when the stream
/// breaks (the caller flushes). Deterministic given its inputs; the time comes in.
struct DeltaCoalescer {
  private let bytesMax: Int
  private let nanosecondsMax: Int64
  private var pending: Pending?

  private struct Pending {
    var itemID: String
    var summaryIndex: Int?
    var text: String
    var since: Int64
  }

  init(bytes: Int, nanoseconds: Int64) {
    bytesMax = bytes
    nanosecondsMax = nanoseconds
  }

  mutating func commands(for event: ResponseStreamEvent, turnID: TurnID, now: Int64) -> [Command] {
    switch event {
    case .created(let responseID):
      return flushAll(turnID: turnID)
        + [.recordModelResponseStart(ModelResponseStarted(turnID: turnID, responseID: responseID))]
    case .outputTextDelta(let itemID, _, _, let delta):
      return add(itemID: itemID, summaryIndex: nil, delta: delta, turnID: turnID, now: now)
    case .reasoningSummaryTextDelta(let itemID, let summaryIndex, let delta):
      return add(itemID: itemID, summaryIndex: summaryIndex, delta: delta, turnID: turnID, now: now)
    default:
      return []
    }
  }

  mutating func flushAll(turnID: TurnID) -> [Command] {
    guard let current = pending else { return [] }
    pending = nil
    guard !current.text.isEmpty else { return [] }
    if let index = current.summaryIndex {
      return [
        .appendReasoningSummary(
          ReasoningSummaryAppended(
            turnID: turnID, itemID: ItemID(current.itemID), summaryIndex: UInt32(clamping: index),
            delta: current.text))
      ]
    }
    return [
      .appendOutputText(
        OutputTextAppended(turnID: turnID, itemID: ItemID(current.itemID), delta: current.text))
    ]
  }

  private mutating func add(
    itemID: String, summaryIndex: Int?, delta: String, turnID: TurnID, now: Int64
  ) -> [Command] {
    var out: [Command] = []
    if let current = pending, current.itemID != itemID || current.summaryIndex != summaryIndex {
      out = flushAll(turnID: turnID)
    }
    if pending == nil {
      pending = Pending(itemID: itemID, summaryIndex: summaryIndex, text: "", since: now)
    }
    pending!.text += delta
    if pending!.text.utf8.count >= bytesMax || now - pending!.since >= nanosecondsMax {
      out += flushAll(turnID: turnID)
    }
    return out
  }
}
