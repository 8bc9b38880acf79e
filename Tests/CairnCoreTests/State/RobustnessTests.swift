import CairnLogFormat
import Testing

@testable import CairnCore

/// A hand-made or damaged log: events that refer to tools, turns or approvals the state does
/// not know change nothing but `ignoredEventCount` and `lastSeq`, and ask for nothing.
@Suite struct RobustnessTests {
  /// A busy session: turn-1 running; call-1 running, call-2 awaiting approval, call-3
  /// planned; call-4 finished. Next seq 11.
  static func busy() -> TestSession {
    var session = TestSession()
    session.fold([
      Fixture.sessionCreated(),
      Fixture.turnStarted(Fixture.turn1),
      Fixture.planned(Fixture.turn1, Fixture.call1, Fixture.runTests),
      Fixture.toolStarted(Fixture.call1, processID: 11),
      Fixture.planned(Fixture.turn1, Fixture.call2, Fixture.removeBuild, needsApproval: true),
      Fixture.approvalRequested(Fixture.call2, "deletes files"),
      Fixture.planned(Fixture.turn1, Fixture.call3, Fixture.listFiles),
      Fixture.planned(Fixture.turn1, Fixture.call4, Fixture.listFiles),
      Fixture.toolStarted(Fixture.call4, processID: 44),
      Fixture.exited(Fixture.call4, exitCode: 0),
    ])
    return session
  }

  static let unknown = CallID("call-unknown")

  /// Events naming a call that is not active, a turn that is not current, or an approval
  /// that is not pending; and duplicates of ones already folded.
  static let ignoredEvents: [Event] = [
    Fixture.toolStarted(unknown, processID: 1),
    Fixture.output(unknown, .stdout, "x"),
    Fixture.stdinWritten(unknown, [1]),
    Fixture.toolResized(unknown, rows: 1, columns: 1),
    Fixture.signalled(unknown, 9),
    Fixture.exited(unknown, exitCode: 0),
    Fixture.approvalRequested(unknown, "?"),
    Fixture.decided(unknown, .approvedOnce),
    Fixture.decided(unknown, .aborted),
    // call-4 has finished: it is no longer active.
    Fixture.toolStarted(Fixture.call4, processID: 2),
    Fixture.output(Fixture.call4, .stderr, "late"),
    Fixture.stdinWritten(Fixture.call4, [2]),
    Fixture.toolResized(Fixture.call4, rows: 2, columns: 2),
    Fixture.signalled(Fixture.call4, 15),
    Fixture.exited(Fixture.call4, exitCode: 1),
    Fixture.approvalRequested(Fixture.call4, "late"),
    // call-1 and call-3 are active but have no pending approval to decide.
    Fixture.decided(Fixture.call1, .approvedOnce),
    Fixture.decided(Fixture.call3, .denied),
    // call-2's approval is already pending; call-1 is already planned.
    Fixture.approvalRequested(Fixture.call2, "again"),
    Fixture.planned(Fixture.turn1, Fixture.call1, Fixture.runTests),
    Fixture.planned(Fixture.turn2, Fixture.call2, Fixture.listFiles, needsApproval: true),
    // Out of order: only a planned call can await approval or start, and a call that awaits
    // approval cannot exit.
    Fixture.approvalRequested(Fixture.call1, "too late"),
    Fixture.toolStarted(Fixture.call2, processID: 3),
    Fixture.exited(Fixture.call2, exitCode: 0),
    Fixture.toolStarted(Fixture.call1, processID: 4),
    // Turns that are not current.
    Fixture.turnCompleted(Fixture.turn2),
    Fixture.turnFailed(Fixture.turn2, "boom"),
    Fixture.turnInterrupted(Fixture.turn2, "esc"),
  ]

  @Test(arguments: ignoredEvents)
  func anEventReferringToSomethingUnknownIsIgnored(event: Event) {
    var session = Self.busy()
    session.sendIgnored(event)
  }

  @Test func turnEndsWithNoTurnRunningAreIgnored() {
    var session = TestSession()
    session.fold(Fixture.sessionCreated())
    session.sendIgnored(Fixture.turnCompleted(Fixture.turn1))
    session.sendIgnored(Fixture.turnFailed(Fixture.turn1, "boom"))
    session.sendIgnored(Fixture.turnInterrupted(Fixture.turn1, "esc"))
    session.fold([Fixture.turnStarted(Fixture.turn1), Fixture.turnCompleted(Fixture.turn1)])
    session.sendIgnored(Fixture.turnCompleted(Fixture.turn1))
    #expect(session.state.ignoredEventCount == 4)
    #expect(session.state.turns.completedCount == 1)
  }

  @Test func ignoredEventsAreCountedOneByOne() {
    var session = Self.busy()
    for (index, event) in Self.ignoredEvents.enumerated() {
      session.fold(event)
      #expect(session.state.ignoredEventCount == UInt64(index + 1))
    }
    let askedNothing = session.effects.suffix(Self.ignoredEvents.count).allSatisfy(\.isEmpty)
    #expect(askedNothing)
    // Nothing but the two counters moved.
    var expected = Self.busy().state
    expected.lastSeq = session.state.lastSeq
    expected.ignoredEventCount = UInt64(Self.ignoredEvents.count)
    #expect(session.state == expected)
  }
}
