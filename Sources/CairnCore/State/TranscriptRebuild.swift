import CairnLogFormat

/// Rebuilds transcript items that left the window, from the records at and after the first
/// one's creation, with the state's own rules (`TranscriptProjection.apply`): an assistant
/// message is created by its first delta and finished by later deltas and its
/// `message_completed`, so its creating record alone is not the item.
///
/// Each item ends as the window last held it: when it is complete, when its turn ends (only
/// the current turn's records change items), or when the item `windowMax` places later
/// pushes it out. The caller feeds records in order from `creations[0]` and stops when
/// `isDone`.
///
/// ```swift
/// var rebuild = TranscriptRebuild(creations: seqs, count: 64)
/// for envelope in records { rebuild.fold(envelope); if rebuild.isDone { break } }
/// let items = rebuild.items
/// ```
public struct TranscriptRebuild {
  /// The creating seqs of the items to rebuild, then of up to `windowMax` items after them.
  private let creations: [Seq]
  /// How many of `creations` are the items wanted.
  public let count: Int
  private var transcript = TranscriptProjection()
  private var evicted: [TranscriptItem] = []
  private var currentTurn: TurnID?
  private var started = false
  private var nextCreation = 0
  /// The first wanted item that may still change.
  private var firstOpen = 0

  public init(creations: [Seq], count: Int) {
    self.creations = creations
    self.count = min(max(count, 0), creations.count)
  }

  /// Every wanted item is final: the rest of the log cannot change them.
  public var isDone: Bool { firstOpen >= count }

  /// The wanted items, oldest first (those not yet created are missing).
  public var items: [TranscriptItem] {
    Array((evicted + transcript.window).prefix(count))
  }

  /// Folds the next record (records before the first creation are skipped).
  public mutating func fold(_ envelope: Envelope) {
    let seq = envelope.seq
    if !started {
      guard let first = creations.first, seq == first, let turn = Self.turnID(envelope.event)
      else { return }
      // The record that created the first item passed the state's turn check.
      started = true
      currentTurn = turn
    }
    while nextCreation < creations.count, creations[nextCreation] < seq { nextCreation += 1 }
    let creates = nextCreation < creations.count && creations[nextCreation] == seq
    if creates { nextCreation += 1 }
    switch envelope.event {
    case .turnStarted(let started):
      currentTurn = started.turnID
    case .turnCompleted(let ended):
      if currentTurn == ended.turnID { currentTurn = nil }
    default:
      guard let turn = Self.turnID(envelope.event), turn == currentTurn else { return }
      if let out = transcript.apply(
        envelope.event, seq: seq, creation: creates ? .creates : .updates)
      {
        evicted.append(out)
      }
      switch envelope.event {
      case .turnFailed, .turnInterrupted: currentTurn = nil
      default: break
      }
    }
    advanceFirstOpen()
  }

  private mutating func advanceFirstOpen() {
    while firstOpen < count {
      let item: TranscriptItem
      if firstOpen < evicted.count {
        item = evicted[firstOpen]
      } else {
        let index = firstOpen - evicted.count
        guard index < transcript.window.count else { return }
        item = transcript.window[index]
      }
      let isFinal: Bool
      if firstOpen < evicted.count {
        isFinal = true
      } else {
        switch item.entry {
        case .assistant(_, _, false), .reasoning(_, _, false):
          // Turn ids are unique in a session: once its turn ended, nothing changes it.
          isFinal = item.turnID != currentTurn
        case .assistant, .reasoning, .user, .toolCall, .turnFailed, .turnInterrupted:
          isFinal = true
        }
      }
      guard isFinal else { return }
      firstOpen += 1
    }
  }

  /// The turn a transcript record belongs to (nil for records that never touch it).
  static func turnID(_ event: Event) -> TurnID? {
    switch event {
    case .turnFailed(let event): return event.turnID
    case .turnInterrupted(let event): return event.turnID
    case .userMessageAdded(let event): return event.turnID
    case .outputTextAppended(let event): return event.turnID
    case .reasoningSummaryAppended(let event): return event.turnID
    case .messageCompleted(let event): return event.turnID
    case .reasoningCompleted(let event): return event.turnID
    case .functionCallCompleted(let event): return event.turnID
    case .customToolCallCompleted(let event): return event.turnID
    default: return nil
    }
  }

  /// The record kinds a rebuild reads; the pager skips the others without decoding them.
  public static let kinds: Set<UInt16> = Set(
    [
      EventKind.turnStarted, .turnCompleted, .turnFailed, .turnInterrupted, .userMessageAdded,
      .outputTextAppended, .reasoningSummaryAppended, .messageCompleted, .reasoningCompleted,
      .functionCallCompleted, .customToolCallCompleted,
    ].map(\.rawValue))
}
