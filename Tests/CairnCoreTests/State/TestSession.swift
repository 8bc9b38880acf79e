import CairnLogFormat
import Testing

@testable import CairnCore

/// A session under test, in the manner of an exhaustive test store: it gives each event the
/// next dense sequence number (1, 2, 3, …) and a fixed time, folds it with
/// `SessionState.evolve`, keeps every envelope and the effects each returned, and `send`
/// checks the whole state after an event and the effects it returned.
struct TestSession {
  /// When record 1 was recorded; each later record is `tickNanoseconds` later.
  static let firstRecordedAtNanoseconds: Int64 = 1_750_000_000_000_000_000
  static let tickNanoseconds: Int64 = 1_000_000

  private(set) var state = SessionState()
  private(set) var envelopes: [Envelope] = []
  /// The effects each envelope returned, by position.
  private(set) var effects: [[Effect]] = []

  init() {}

  /// The sequence number the next event gets.
  var nextSeq: Seq { Seq(UInt64(envelopes.count) + 1) }

  static func recordedAtNanoseconds(_ seq: Seq) -> Int64 {
    firstRecordedAtNanoseconds + Int64(seq.rawValue - 1) * tickNanoseconds
  }

  static func envelope(_ seq: Seq, _ event: Event) -> Envelope {
    Envelope(seq: seq, recordedAtNanoseconds: recordedAtNanoseconds(seq), event: event)
  }

  /// Dense envelopes for `events`, the first with sequence number `first`.
  static func envelopes(_ events: [Event], first: Seq = .first) -> [Envelope] {
    events.enumerated().map { offset, event in
      envelope(Seq(first.rawValue + UInt64(offset)), event)
    }
  }

  /// The state after folding `envelopes` into `state`, effects dropped (a replay).
  static func replay(
    _ envelopes: some Sequence<Envelope>, from state: SessionState = SessionState()
  )
    -> SessionState
  {
    var state = state
    for envelope in envelopes { _ = SessionState.evolve(&state, envelope) }
    return state
  }

  /// Folds `event` without checking anything; returns its effects.
  @discardableResult
  mutating func fold(_ event: Event) -> [Effect] {
    let envelope = Self.envelope(nextSeq, event)
    envelopes.append(envelope)
    let returned = SessionState.evolve(&state, envelope)
    effects.append(returned)
    return returned
  }

  mutating func fold(_ events: [Event]) {
    for event in events { fold(event) }
  }

  /// Sends `event` and expects the state before it, with `lastSeq` set to the event's and
  /// changed by `change`, to equal the whole state after it; and expects `effects`.
  mutating func send(
    _ event: Event, effects expectedEffects: [Effect] = [],
    sourceLocation: SourceLocation = #_sourceLocation,
    _ change: (inout SessionState) -> Void = { _ in }
  ) {
    var expected = state
    expected.lastSeq = nextSeq
    change(&expected)
    let returned = fold(event)
    #expect(state == expected, sourceLocation: sourceLocation)
    #expect(returned == expectedEffects, sourceLocation: sourceLocation)
  }

  /// Sends `event` and expects exactly `expected`, a state the test built whole.
  mutating func send(
    _ event: Event, effects expectedEffects: [Effect] = [], expecting expected: SessionState,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let returned = fold(event)
    #expect(state == expected, sourceLocation: sourceLocation)
    #expect(returned == expectedEffects, sourceLocation: sourceLocation)
  }

  /// Sends an event that refers to something the state does not know: only `lastSeq` and
  /// `ignoredEventCount` change, and it returns no effects.
  mutating func sendIgnored(_ event: Event, sourceLocation: SourceLocation = #_sourceLocation) {
    send(event, sourceLocation: sourceLocation) { $0.ignoredEventCount += 1 }
  }
}
