import CairnLogFormat
import Testing

@testable import CairnCore

/// Token usage (cumulative, last, per turn, bounded, saturating) and compaction artifacts.
@Suite struct UsageAndCompactionsTests {
  private let turn1 = Fixture.turn1
  private let turn2 = Fixture.turn2

  @Test func usageIsCumulativeLastAndSummedPerTurn() {
    var session = TestSession()
    session.fold([Fixture.sessionCreated(), Fixture.turnStarted(turn1)])
    let first = TokenCounts(
      inputTokens: 1_000, cachedInputTokens: 200, outputTokens: 50, reasoningOutputTokens: 10)
    session.send(Fixture.usage(turn1, input: 1_000, cached: 200, output: 50, reasoning: 10)) {
      $0.usage.cumulative = first
      $0.usage.last = first
      $0.usage.perTurn = [(turn1, first)]
    }
    let second = TokenCounts(
      inputTokens: 3_000, cachedInputTokens: 1_000, outputTokens: 70, reasoningOutputTokens: 0)
    session.send(Fixture.usage(turn1, input: 3_000, cached: 1_000, output: 70)) {
      $0.usage.cumulative = TokenCounts(
        inputTokens: 4_000, cachedInputTokens: 1_200, outputTokens: 120, reasoningOutputTokens: 10)
      $0.usage.last = second
      $0.usage.perTurn = [(turn1, $0.usage.cumulative)]
    }
    session.fold([Fixture.turnCompleted(turn1), Fixture.turnStarted(turn2)])
    let third = TokenCounts(inputTokens: 5, outputTokens: 6)
    session.send(Fixture.usage(turn2, input: 5, output: 6)) {
      $0.usage.cumulative = TokenCounts(
        inputTokens: 4_005, cachedInputTokens: 1_200, outputTokens: 126, reasoningOutputTokens: 10)
      $0.usage.last = third
      $0.usage.perTurn = [
        (
          turn1,
          TokenCounts(
            inputTokens: 4_000, cachedInputTokens: 1_200, outputTokens: 120,
            reasoningOutputTokens: 10)
        ),
        (turn2, third),
      ]
    }
    // A report with zeros is still the latest report.
    session.send(Fixture.usage(turn2, input: 0, output: 0)) {
      $0.usage.last = TokenCounts()
    }
    #expect(session.state.usage.cumulative.totalTokens == 4_131)
  }

  @Test func usageKeepsTheMostRecentTurnsOnly() {
    var session = TestSession()
    session.fold(Fixture.sessionCreated())
    var perTurn: [(TurnID, TokenCounts)] = []
    let turnCount = UsageProjection.perTurnMax + 5
    for index in 1...turnCount {
      let turn = TurnID("turn-\(index)")
      let counts = TokenCounts(inputTokens: UInt64(index), outputTokens: 1)
      session.fold(Fixture.turnStarted(turn))
      perTurn.append((turn, counts))
      let cumulative = TokenCounts(
        inputTokens: UInt64(index * (index + 1) / 2), outputTokens: UInt64(index))
      let expectedPerTurn = Array(perTurn.suffix(UsageProjection.perTurnMax))
      session.send(Fixture.usage(turn, input: UInt64(index), output: 1)) {
        $0.usage.cumulative = cumulative
        $0.usage.last = counts
        $0.usage.perTurn = expectedPerTurn.map { (turnID: $0.0, counts: $0.1) }
      }
      session.fold(Fixture.turnCompleted(turn))
    }
    #expect(session.state.usage.perTurn.first?.turnID == TurnID("turn-6"))
    #expect(session.state.usage.perTurn.count == UsageProjection.perTurnMax)
  }

  @Test func countsSaturateInsteadOfOverflowing() {
    var session = TestSession()
    session.fold([Fixture.sessionCreated(), Fixture.turnStarted(turn1)])
    let huge = TokenCounts(
      inputTokens: .max, cachedInputTokens: .max, outputTokens: .max, reasoningOutputTokens: .max)
    session.send(Fixture.usage(turn1, input: .max, cached: .max, output: .max, reasoning: .max)) {
      $0.usage.cumulative = huge
      $0.usage.last = huge
      $0.usage.perTurn = [(turn1, huge)]
    }
    session.send(Fixture.usage(turn1, input: 1, cached: 2, output: .max, reasoning: 3)) {
      $0.usage.last = TokenCounts(
        inputTokens: 1, cachedInputTokens: 2, outputTokens: .max, reasoningOutputTokens: 3)
    }
    var almost = TokenCounts(inputTokens: .max - 1)
    almost.add(TokenCounts(inputTokens: 1))
    #expect(almost.inputTokens == .max)
  }

  /// REDUCER BUG: `TokenCounts.totalTokens` adds with `&+`, so the total of saturated (or
  /// merely huge) counts wraps around to a small number instead of saturating like `add`.
  @Test func theTotalOfSaturatedCountsSaturates() {
    let counts = TokenCounts(inputTokens: .max, outputTokens: 5)
    #expect(counts.totalTokens == .max)
  }

  @Test func compactionsKeepTheLatestOfEachKindAndCountThemAll() {
    var session = TestSession()
    session.fold(Fixture.sessionCreated())
    session.send(Fixture.compaction("seed-1", .replaySeed, checkpoint: Seq(1))) {
      $0.compactions.latestReplaySeed = CompactionRecord(
        artifactID: "seed-1", kind: .replaySeed, checkpointSeq: Seq(1), recordedSeq: Seq(2))
      $0.compactions.recordedCount = 1
    }
    session.send(Fixture.compaction("summary-1", .semanticSummary, checkpoint: Seq(2))) {
      $0.compactions.latestSemanticSummary = CompactionRecord(
        artifactID: "summary-1", kind: .semanticSummary, checkpointSeq: Seq(2),
        recordedSeq: Seq(3))
      $0.compactions.recordedCount = 2
    }
    session.send(Fixture.compaction("seed-2", .replaySeed, checkpoint: Seq(3))) {
      $0.compactions.latestReplaySeed = CompactionRecord(
        artifactID: "seed-2", kind: .replaySeed, checkpointSeq: Seq(3), recordedSeq: Seq(4))
      $0.compactions.recordedCount = 3
    }

    var expected = SessionState()
    expected.lastSeq = Seq(4)
    expected.session = Fixture.createdProjection()
    expected.compactions.latestReplaySeed = CompactionRecord(
      artifactID: "seed-2", kind: .replaySeed, checkpointSeq: Seq(3), recordedSeq: Seq(4))
    expected.compactions.latestSemanticSummary = CompactionRecord(
      artifactID: "summary-1", kind: .semanticSummary, checkpointSeq: Seq(2), recordedSeq: Seq(3))
    expected.compactions.recordedCount = 3
    #expect(session.state == expected)
  }
}
