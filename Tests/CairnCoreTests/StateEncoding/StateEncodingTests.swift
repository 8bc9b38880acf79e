import CairnCore
import CairnLogFormat
import Testing

/// The canonical state encoding: decode(encode(state)) == state for states reached by
/// folding arbitrary events; equal states have equal digests; damaged bytes fail cleanly.
@Suite struct StateEncodingTests {
  private func fold(seed: UInt64, events count: Int) -> [SessionState] {
    var values = ArbitraryValues(seed: seed)
    var state = SessionState()
    var snapshots: [SessionState] = []
    // A session first, so that session-scoped events apply.
    _ = SessionState.evolve(
      &state,
      Envelope(
        seq: Seq(1), recordedAtNanoseconds: 1, event: values.event(.sessionCreated)))
    for index in 0..<count {
      let kind = EventKind.allCases[Int(values.next() % UInt64(EventKind.allCases.count))]
      let envelope = Envelope(
        seq: Seq(UInt64(index) + 2), recordedAtNanoseconds: Int64(index),
        event: values.event(kind))
      _ = SessionState.evolve(&state, envelope)
      if index % 50 == 0 { snapshots.append(state) }
    }
    snapshots.append(state)
    return snapshots
  }

  @Test(arguments: [1, 2, 3, 4] as [UInt64])
  func foldedStatesRoundTrip(seed: UInt64) throws {
    for state in fold(seed: seed, events: 600) {
      let bytes = state.encoded()
      let decoded = try bytes.withUnsafeBytes { raw throws(DecodeError) in
        try SessionState.decode(raw)
      }
      #expect(decoded == state)
      #expect(decoded.digest == state.digest)
      #expect(decoded.encoded() == bytes)
    }
  }

  @Test func digestsAreStableAndDistinguishStates() {
    let empty = SessionState()
    #expect(empty.digest.count == 32)
    #expect(empty.digest == SessionState().digest)
    var renamed = SessionState()
    renamed.ui.rows = 40
    #expect(renamed.digest != empty.digest)
    // Pinned: the canonical encoding of the empty state is part of the checkpoint contract
    // (schema version 6: the MCP servers' empty list before the ignored-event count).
    #expect(
      empty.encoded() == [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 24, 80, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      ])
  }

  @Test func everyTruncationOfAnEncodedStateFails() throws {
    let state = try #require(fold(seed: 9, events: 200).last)
    let bytes = state.encoded()
    for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 300)) {
      let result = Array(bytes[0..<cut]).withUnsafeBytes { raw -> Bool in
        (try? SessionState.decode(raw)) != nil
      }
      #expect(!result, "a state cut to \(cut) of \(bytes.count) bytes decoded")
    }
  }
}
