import CairnLogFormat
import Testing

@testable import CairnCore

/// Bodies of exit tests: checks that may trap (a broken invariant makes `evolve`'s assert
/// stop the process), run in a child process so that a trap fails one test instead of the
/// whole run. They check with `precondition`, whose message the parent shows.
enum ExitTestBodies {
  /// Records the child's standard error when it says what went wrong.
  static func report(_ result: ExitTest.Result?, sourceLocation: SourceLocation = #_sourceLocation)
  {
    guard let result else { return }
    let text = String(decoding: result.standardErrorContent, as: UTF8.self)
    if text.contains("error") {
      Issue.record("the child process said: \(text)", sourceLocation: sourceLocation)
    }
  }

  /// Folds `count` events of random kinds, most of them aimed at a few ids: the invariants
  /// hold after every step, and a second fold gives the same state.
  static func foldArbitraryEvents(seed: UInt64, count: Int) {
    var values = ArbitraryValues(seed: seed)
    var events: [Event] = []
    for _ in 0..<count {
      let kind = EventKind.allCases[Int(values.next() % UInt64(EventKind.allCases.count))]
      let event = values.event(kind)
      events.append(values.next() % 8 == 0 ? event : aimed(event, &values))
    }
    let envelopes = TestSession.envelopes(events)
    // With assertions on (debug builds), `evolve` itself checks the invariants after every
    // step; checking again would double the cost of the run.
    var evolveChecks = false
    assert(
      {
        evolveChecks = true
        return true
      }())
    var state = SessionState()
    for envelope in envelopes {
      _ = SessionState.evolve(&state, envelope)
      precondition(
        evolveChecks || state.invariantsHold(),
        "error: invariants broken after seq \(envelope.seq), \(envelope.event.kind.name)")
    }
    precondition(TestSession.replay(envelopes) == state, "error: a second fold differs")
  }

  /// `event` with its turn, call and item ids replaced by one of a few, so that random
  /// events meet the tools, turns and items other random events made.
  static func aimed(_ event: Event, _ values: inout ArbitraryValues) -> Event {
    let turn = TurnID("t\(values.next() % 3)")
    let call = CallID("c\(values.next() % 4)")
    let item = ItemID("i\(values.next() % 3)")
    switch event {
    case .turnStarted(var payload):
      payload.turnID = turn
      return .turnStarted(payload)
    case .turnCompleted(var payload):
      payload.turnID = turn
      return .turnCompleted(payload)
    case .turnFailed(var payload):
      payload.turnID = turn
      return .turnFailed(payload)
    case .turnInterrupted(var payload):
      payload.turnID = turn
      return .turnInterrupted(payload)
    case .userMessageAdded(var payload):
      payload.turnID = turn
      return .userMessageAdded(payload)
    case .modelResponseStarted(var payload):
      payload.turnID = turn
      return .modelResponseStarted(payload)
    case .outputTextAppended(var payload):
      payload.turnID = turn
      payload.itemID = item
      return .outputTextAppended(payload)
    case .reasoningSummaryAppended(var payload):
      payload.turnID = turn
      payload.itemID = item
      return .reasoningSummaryAppended(payload)
    case .messageCompleted(var payload):
      payload.turnID = turn
      payload.itemID = item
      return .messageCompleted(payload)
    case .reasoningCompleted(var payload):
      payload.turnID = turn
      payload.itemID = item
      return .reasoningCompleted(payload)
    case .functionCallCompleted(var payload):
      payload.turnID = turn
      payload.callID = call
      return .functionCallCompleted(payload)
    case .customToolCallCompleted(var payload):
      payload.turnID = turn
      payload.callID = call
      return .customToolCallCompleted(payload)
    case .toolCallPlanned(var payload):
      payload.turnID = turn
      payload.callID = call
      return .toolCallPlanned(payload)
    case .approvalRequested(var payload):
      payload.callID = call
      return .approvalRequested(payload)
    case .approvalDecided(var payload):
      payload.callID = call
      return .approvalDecided(payload)
    case .toolStarted(var payload):
      payload.callID = call
      return .toolStarted(payload)
    case .toolOutputReceived(var payload):
      payload.callID = call
      return .toolOutputReceived(payload)
    case .toolOutputOmitted(var payload):
      payload.callID = call
      return .toolOutputOmitted(payload)
    case .toolStdinWritten(var payload):
      payload.callID = call
      return .toolStdinWritten(payload)
    case .toolResized(var payload):
      payload.callID = call
      return .toolResized(payload)
    case .toolSignalled(var payload):
      payload.callID = call
      return .toolSignalled(payload)
    case .toolExited(var payload):
      payload.callID = call
      return .toolExited(payload)
    case .tokenUsageRecorded(var payload):
      payload.turnID = turn
      return .tokenUsageRecorded(payload)
    case .contextMessageAdded(var payload):
      payload.turnID = turn
      return .contextMessageAdded(payload)
    case .modelRequestRetried(var payload):
      payload.turnID = turn
      return .modelRequestRetried(payload)
    case .toolResultRecorded(var payload):
      payload.callID = call
      return .toolResultRecorded(payload)
    case .fileChanged(var payload):
      payload.callID = call
      return .fileChanged(payload)
    case .mcpToolResultReceived(var payload):
      payload.callID = call
      return .mcpToolResultReceived(payload)
    case .sessionCreated, .settingsChanged, .compactionArtifactRecorded, .sessionRenamed,
      .sessionArchived, .sessionUnarchived, .terminalResized, .focusChanged, .transcriptScrolled,
      .paletteOpened, .paletteClosed, .composerEdited, .overlayChanged, .selectionMoved,
      .turnsRolledBack, .mcpServerStatusChanged:
      return event
    }
  }
}
