import CairnLogFormat
import Testing

@testable import CairnCore

/// The laws of the fold, as seeded property tests over plausible sessions: it is
/// deterministic; resuming from a checkpoint taken at any point equals a full replay; the
/// invariants hold after every step; and a crash at any point shows exactly the approvals
/// pending and the tools running at that point.
@Suite struct SessionStateLawsTests {
  static let seeds: [UInt64] = [1, 2, 3, 5]
  static let stepCount = 1_000

  private struct Plausible {
    var steps: [PlausibleSession.Step]
    var envelopes: [Envelope]

    init(seed: UInt64) {
      steps = PlausibleSession.steps(seed: seed, count: SessionStateLawsTests.stepCount)
      envelopes = TestSession.envelopes(steps.map(\.event))
    }
  }

  @Test(arguments: seeds)
  func foldingTheSameEnvelopesTwiceGivesEqualStates(seed: UInt64) {
    let session = Plausible(seed: seed)
    let first = TestSession.replay(session.envelopes)
    let second = TestSession.replay(session.envelopes)
    #expect(first == second)
    #expect(first.digest == second.digest)
    #expect(first.lastSeq == Seq(UInt64(session.envelopes.count)))
  }

  @Test(arguments: seeds)
  func invariantsAndEffectsHoldAfterEveryStep(seed: UInt64) {
    let session = Plausible(seed: seed)
    var state = SessionState()
    var seen = Set<EventKind>()
    for (step, envelope) in zip(session.steps, session.envelopes) {
      let effects = SessionState.evolve(&state, envelope)
      seen.insert(envelope.event.kind)
      let running = state.tools.active.filter { $0.status.isRunning }.map(\.callID)
      let pending = state.approvals.pending.map(\.callID)
      guard state.invariantsHold(), effects == step.effects, state.ignoredEventCount == 0,
        pending == step.pending, running == step.running
      else {
        Issue.record(
          """
          seed \(seed), seq \(envelope.seq), \(envelope.event.kind.name): invariants hold \
          \(state.invariantsHold()); effects \(effects), expected \(step.effects); ignored \
          \(state.ignoredEventCount); pending \(pending), expected \(step.pending); running \
          \(running), expected \(step.running)
          """)
        return
      }
    }
    // A plausible session of this length exercises every kind of event.
    let missed = EventKind.allCases.filter { !seen.contains($0) }.map(\.name)
    #expect(missed.isEmpty, "seed \(seed) missed \(missed)")
  }

  /// Crash at a cut, resume from the checkpoint the state at the cut encodes to: the resumed
  /// state shows exactly the approvals pending and tools running the model expects there,
  /// and folding on from it reaches the state a full replay has at the next cut (so, cut
  /// after cut, at the end). The cuts: the first steps with a pending approval, with a
  /// running tool, with both, with two of either, and seeded ones.
  @Test(arguments: seeds)
  func resumingFromACheckpointAtAnyCutEqualsAFullReplay(seed: UInt64) throws {
    let session = Plausible(seed: seed)
    let steps = session.steps
    let interesting = [
      steps.firstIndex(where: { !$0.pending.isEmpty }),
      steps.firstIndex(where: { !$0.running.isEmpty }),
      steps.firstIndex(where: { !$0.pending.isEmpty && !$0.running.isEmpty }),
      steps.firstIndex(where: { $0.pending.count > 1 || $0.running.count > 1 }),
    ]
    var cuts: Set<Int> = [1, steps.count]
    for found in interesting {
      guard let found else {
        Issue.record("seed \(seed) never reached the state a cut looks for")
        continue
      }
      cuts.insert(found + 1)
    }
    var values = ArbitraryValues(seed: seed &* 0x5EED)
    for _ in 0..<16 { cuts.insert(1 + Int(values.next() % UInt64(steps.count))) }

    // A full replay, keeping its state at each cut.
    var atCut: [(cut: Int, state: SessionState)] = []
    var full = SessionState()
    for (index, envelope) in session.envelopes.enumerated() {
      _ = SessionState.evolve(&full, envelope)
      if cuts.contains(index + 1) { atCut.append((index + 1, full)) }
    }

    for (position, (cut, state)) in atCut.enumerated() {
      let bytes = state.encoded()
      let checkpoint = try bytes.withUnsafeBytes { raw throws(DecodeError) in
        try SessionState.decode(raw)
      }
      let expected = steps[cut - 1]
      let running = checkpoint.tools.active.filter { $0.status.isRunning }.map(\.callID)
      let awaiting = checkpoint.tools.active.filter { $0.status == .awaitingApproval }
        .map(\.callID)
      #expect(checkpoint.approvals.pending.map(\.callID) == expected.pending, "cut \(cut)")
      #expect(Set(awaiting) == Set(expected.pending), "cut \(cut)")
      #expect(running == expected.running, "cut \(cut)")
      #expect(checkpoint == state, "seed \(seed): the checkpoint at \(cut) is not the state")
      let next = position + 1 < atCut.count ? atCut[position + 1] : (cut: cut, state: state)
      let resumed = TestSession.replay(session.envelopes[cut..<next.cut], from: checkpoint)
      #expect(resumed == next.state, "seed \(seed): resumed at \(cut), compared at \(next.cut)")
    }
    #expect(atCut.last?.cut == steps.count)
    #expect(atCut.last?.state == full)
  }

  /// Ten thousand events of random kinds, most of them aimed at a few ids so that they meet:
  /// no crash, the invariants after every step, and determinism. Runs in a child process,
  /// so that a trap fails this test instead of the whole run.
  @Test func tenThousandArbitraryEventsKeepTheStateSound() async {
    let result = await #expect(
      processExitsWith: .success, observing: [\.standardErrorContent]
    ) {
      ExitTestBodies.foldArbitraryEvents(seed: 0xA5B1_7A5E, count: 10_000)
    }
    ExitTestBodies.report(result)
  }
}

extension ToolStatus {
  var isRunning: Bool {
    if case .running = self { return true }
    return false
  }
}
