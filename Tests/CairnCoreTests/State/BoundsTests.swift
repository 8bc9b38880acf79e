import CairnLogFormat
import Testing

@testable import CairnCore

/// Every part of the state that grows with the session is bounded, with a named overflow.
@Suite struct BoundsTests {
  @Test func theTranscriptWindowIsBoundedAndOlderSeqsMoveOutInOrder() {
    let windowMax = TranscriptProjection.windowMax
    var session = TestSession()
    session.fold([Fixture.sessionCreated(), Fixture.turnStarted(Fixture.turn1)])
    var items: [TranscriptItem] = []
    for index in 0..<(windowMax + 40) {
      let seq = session.nextSeq
      let item = Fixture.item(seq, Fixture.turn1, .user(text: "message \(index)", images: []))
      items.append(item)
      let window = Array(items.suffix(windowMax))
      let older = items.dropLast(window.count).map(\.seq)
      session.send(Fixture.userMessage(Fixture.turn1, "message \(index)")) {
        $0.transcript.window = window
        $0.transcript.olderItemSeqs = PackedSeqs(older)
      }
    }
    #expect(session.state.transcript.window.count == windowMax)
    let older = (3..<43).map { Seq(UInt64($0)) }
    #expect(session.state.transcript.olderItemSeqs.all == older)
    #expect(session.state.transcript.itemCount == windowMax + 40)
  }

  @Test func aStreamingItemPushedOutOfTheWindowStartsAgainAsANewItem() {
    let windowMax = TranscriptProjection.windowMax
    var session = TestSession()
    session.fold([
      Fixture.sessionCreated(), Fixture.turnStarted(Fixture.turn1),
      Fixture.textDelta(Fixture.turn1, Fixture.message1, "start"),
    ])
    for index in 0..<windowMax {
      session.fold(Fixture.userMessage(Fixture.turn1, "\(index)"))
    }
    #expect(session.state.transcript.olderItemSeqs == [Seq(3)])
    session.send(Fixture.textDelta(Fixture.turn1, Fixture.message1, " more")) {
      $0.transcript.olderItemSeqs.append($0.transcript.window.removeFirst().seq)
      $0.transcript.window.append(
        Fixture.item(
          Seq(UInt64(windowMax) + 4), Fixture.turn1,
          .assistant(itemID: Fixture.message1, text: " more", complete: false)))
    }
  }

  @Test func recentTurnsAreBounded() {
    let recentMax = TurnsProjection.recentMax
    var session = TestSession()
    session.fold(Fixture.sessionCreated())
    var recent: [TurnRecord] = []
    for index in 1...(recentMax + 10) {
      let turn = TurnID("turn-\(index)")
      let startedSeq = session.nextSeq
      session.fold(Fixture.turnStarted(turn))
      recent.append(
        TurnRecord(
          turnID: turn, startedSeq: startedSeq, endedSeq: session.nextSeq, status: .completed))
      let expectedRecent = Array(recent.suffix(recentMax))
      session.send(Fixture.turnCompleted(turn)) {
        $0.turns.current = nil
        $0.turns.recent = expectedRecent
        $0.turns.completedCount += 1
      }
    }
    #expect(session.state.turns.recent.count == recentMax)
    #expect(session.state.turns.recent.first?.turnID == TurnID("turn-11"))
    #expect(session.state.turns.completedCount == UInt64(recentMax + 10))
    #expect(session.state.turns.startedCount == UInt64(recentMax + 10))
  }

  @Test func finishedToolsAndDecidedApprovalsAreBounded() {
    let finishedMax = ToolsProjection.finishedMax
    let decidedMax = ApprovalsProjection.decidedMax
    let count = max(finishedMax, decidedMax) + 7
    var session = TestSession()
    session.fold([Fixture.sessionCreated(), Fixture.turnStarted(Fixture.turn1)])
    var finished: [ToolRun] = []
    var decided: [DecidedApproval] = []
    for index in 0..<count {
      let call = CallID("call-\(index)")
      let plannedSeq = session.nextSeq
      session.fold([
        Fixture.planned(Fixture.turn1, call, ["echo", "\(index)"], needsApproval: true),
        Fixture.approvalRequested(call, "asks"),
      ])
      // Every other call is denied, the rest approved and run to exit.
      var run = Fixture.plannedRun(Fixture.turn1, call, ["echo", "\(index)"], seq: plannedSeq)
      if index % 2 == 0 {
        decided.append(
          DecidedApproval(callID: call, decision: .denied, decidedSeq: session.nextSeq))
        run.status = .denied(.denied)
        session.fold(Fixture.decided(call, .denied))
      } else {
        decided.append(
          DecidedApproval(callID: call, decision: .approvedOnce, decidedSeq: session.nextSeq))
        session.fold([
          Fixture.decided(call, .approvedOnce), Fixture.toolStarted(call, processID: 100),
        ])
        run.status = .exited(exitCode: 0, signal: nil)
        run.durationNanoseconds = 1_500
        session.fold(Fixture.exited(call, exitCode: 0))
      }
      finished.append(run)
      #expect(session.state.tools.finished == Array(finished.suffix(finishedMax)))
      #expect(session.state.approvals.decided == Array(decided.suffix(decidedMax)))
      #expect(session.state.tools.finishedCount == UInt64(finished.count))
    }
    #expect(session.state.tools.active.isEmpty)
    #expect(session.state.approvals.pending.isEmpty)
    #expect(session.state.tools.finished.count == finishedMax)
    #expect(session.state.approvals.decided.count == decidedMax)
  }
}
