import CairnLogFormat
import Testing

@testable import CairnCore

/// Turns and the transcript: messages, streamed text and reasoning, tool call entries, and
/// the ways a turn ends.
@Suite struct TurnsAndTranscriptTests {
  private let turn1 = Fixture.turn1
  private let turn2 = Fixture.turn2

  private func started() -> TestSession {
    var session = TestSession()
    session.fold([Fixture.sessionCreated(), Fixture.turnStarted(turn1)])
    return session
  }

  @Test func aTurnFromTheUserMessageToCompletion() {
    var session = TestSession()
    session.send(Fixture.sessionCreated()) { $0.session = Fixture.createdProjection() }
    session.send(Fixture.turnStarted(turn1)) {
      $0.turns.current = TurnRecord(
        turnID: turn1, startedSeq: Seq(2), endedSeq: nil, status: .running)
    }
    let image = ImageReference(path: "/tmp/screenshot.png", mimeType: "image/png")
    session.send(Fixture.userMessage(turn1, "Why is the build red?", images: [image])) {
      $0.transcript.window = [
        Fixture.item(Seq(3), turn1, .user(text: "Why is the build red?", images: [image]))
      ]
    }
    session.send(Fixture.responseStarted(turn1))
    session.send(Fixture.textDelta(turn1, Fixture.message1, "The test ")) {
      $0.transcript.window.append(
        Fixture.item(
          Seq(5), turn1, .assistant(itemID: Fixture.message1, text: "The test ", complete: false)))
    }
    session.send(Fixture.textDelta(turn1, Fixture.message1, "target ")) {
      $0.transcript.window[1].entry = .assistant(
        itemID: Fixture.message1, text: "The test target ", complete: false)
    }
    session.send(Fixture.textDelta(turn1, Fixture.message1, "fails — 日本 🌍")) {
      $0.transcript.window[1].entry = .assistant(
        itemID: Fixture.message1, text: "The test target fails — 日本 🌍", complete: false)
    }
    // The final text replaces what the deltas built, and the item keeps its first seq.
    session.send(Fixture.messageCompleted(turn1, Fixture.message1, "The test target fails.")) {
      $0.transcript.window[1].entry = .assistant(
        itemID: Fixture.message1, text: "The test target fails.", complete: true)
    }
    session.send(Fixture.turnCompleted(turn1)) {
      $0.turns.current = nil
      $0.turns.recent = [
        TurnRecord(turnID: turn1, startedSeq: Seq(2), endedSeq: Seq(9), status: .completed)
      ]
      $0.turns.completedCount = 1
    }

    var expected = SessionState()
    expected.lastSeq = Seq(9)
    expected.session = Fixture.createdProjection()
    expected.turns.recent = [
      TurnRecord(turnID: turn1, startedSeq: Seq(2), endedSeq: Seq(9), status: .completed)
    ]
    expected.turns.completedCount = 1
    expected.transcript.window = [
      Fixture.item(Seq(3), turn1, .user(text: "Why is the build red?", images: [image])),
      Fixture.item(
        Seq(5), turn1,
        .assistant(itemID: Fixture.message1, text: "The test target fails.", complete: true)),
    ]
    #expect(session.state == expected)
    #expect(session.state.turns.startedCount == 1)
    #expect(session.state.transcript.itemCount == 2)
    let askedNothing = session.effects.allSatisfy(\.isEmpty)
    #expect(askedNothing)
  }

  @Test func aMessageCompletedWithoutDeltasIsOneCompleteItem() {
    var session = started()
    session.send(Fixture.messageCompleted(turn1, Fixture.message1, "Done.")) {
      $0.transcript.window = [
        Fixture.item(
          Seq(3), turn1, .assistant(itemID: Fixture.message1, text: "Done.", complete: true))
      ]
    }
  }

  @Test func interleavedItemsEachCoalesceTheirOwnDeltas() {
    var session = started()
    session.send(Fixture.reasoningDelta(turn1, Fixture.reasoning1, part: 0, "Look")) {
      $0.transcript.window = [
        Fixture.item(
          Seq(3), turn1, .reasoning(itemID: Fixture.reasoning1, summary: ["Look"], complete: false))
      ]
    }
    session.send(Fixture.textDelta(turn1, Fixture.message1, "A")) {
      $0.transcript.window.append(
        Fixture.item(
          Seq(4), turn1, .assistant(itemID: Fixture.message1, text: "A", complete: false)))
    }
    session.send(Fixture.textDelta(turn1, Fixture.message2, "X")) {
      $0.transcript.window.append(
        Fixture.item(
          Seq(5), turn1, .assistant(itemID: Fixture.message2, text: "X", complete: false)))
    }
    session.send(Fixture.textDelta(turn1, Fixture.message1, "B")) {
      $0.transcript.window[1].entry = .assistant(
        itemID: Fixture.message1, text: "AB", complete: false)
    }
    session.send(Fixture.reasoningDelta(turn1, Fixture.reasoning1, part: 0, "ing")) {
      $0.transcript.window[0].entry = .reasoning(
        itemID: Fixture.reasoning1, summary: ["Looking"], complete: false)
    }
    session.send(Fixture.textDelta(turn1, Fixture.message2, "Y")) {
      $0.transcript.window[2].entry = .assistant(
        itemID: Fixture.message2, text: "XY", complete: false)
    }
  }

  @Test func reasoningSummaryDeltasFillTheirParts() {
    var session = started()
    session.send(Fixture.reasoningDelta(turn1, Fixture.reasoning1, part: 0, "**Plan**")) {
      $0.transcript.window = [
        Fixture.item(
          Seq(3), turn1,
          .reasoning(itemID: Fixture.reasoning1, summary: ["**Plan**"], complete: false))
      ]
    }
    session.send(Fixture.reasoningDelta(turn1, Fixture.reasoning1, part: 0, " first")) {
      $0.transcript.window[0].entry = .reasoning(
        itemID: Fixture.reasoning1, summary: ["**Plan** first"], complete: false)
    }
    session.send(Fixture.reasoningDelta(turn1, Fixture.reasoning1, part: 1, "Then")) {
      $0.transcript.window[0].entry = .reasoning(
        itemID: Fixture.reasoning1, summary: ["**Plan** first", "Then"], complete: false)
    }
    // A gap in the indexes leaves empty parts between.
    session.send(Fixture.reasoningDelta(turn1, Fixture.reasoning1, part: 3, "Last")) {
      $0.transcript.window[0].entry = .reasoning(
        itemID: Fixture.reasoning1, summary: ["**Plan** first", "Then", "", "Last"],
        complete: false)
    }
    // An earlier part can still grow.
    session.send(Fixture.reasoningDelta(turn1, Fixture.reasoning1, part: 1, " act")) {
      $0.transcript.window[0].entry = .reasoning(
        itemID: Fixture.reasoning1, summary: ["**Plan** first", "Then act", "", "Last"],
        complete: false)
    }
    // The completed summary replaces the streamed one.
    session.send(Fixture.reasoningCompleted(turn1, Fixture.reasoning1, ["**Plan**", "Then act"])) {
      $0.transcript.window[0].entry = .reasoning(
        itemID: Fixture.reasoning1, summary: ["**Plan**", "Then act"], complete: true)
    }
    // A reasoning item that streamed nothing is added complete.
    session.send(Fixture.reasoningCompleted(turn1, Fixture.reasoning2, [])) {
      $0.transcript.window.append(
        Fixture.item(
          Seq(9), turn1, .reasoning(itemID: Fixture.reasoning2, summary: [], complete: true)))
    }
  }

  @Test func aSummaryIndexFarBeyondTheMaxIsClampedToTheLastPart() {
    let partsMax = SessionState.summaryPartsMax
    var session = started()
    var summary = [String](repeating: "", count: partsMax)
    summary[partsMax - 1] = "far"
    session.send(Fixture.reasoningDelta(turn1, Fixture.reasoning1, part: .max, "far")) {
      $0.transcript.window = [
        Fixture.item(
          Seq(3), turn1, .reasoning(itemID: Fixture.reasoning1, summary: summary, complete: false))
      ]
    }
    summary[partsMax - 1] = "far, farther"
    session.send(Fixture.reasoningDelta(turn1, Fixture.reasoning1, part: 1_000_000, ", farther")) {
      $0.transcript.window[0].entry = .reasoning(
        itemID: Fixture.reasoning1, summary: summary, complete: false)
    }
    summary[partsMax - 1] = "far, farther, last"
    session.send(
      Fixture.reasoningDelta(turn1, Fixture.reasoning1, part: UInt32(partsMax - 1), ", last")
    ) {
      $0.transcript.window[0].entry = .reasoning(
        itemID: Fixture.reasoning1, summary: summary, complete: false)
    }
    summary[0] = "first"
    session.send(Fixture.reasoningDelta(turn1, Fixture.reasoning1, part: 0, "first")) {
      $0.transcript.window[0].entry = .reasoning(
        itemID: Fixture.reasoning1, summary: summary, complete: false)
    }
  }

  /// REDUCER BUG: `summaryPartsMax` says a summary keeps at most that many parts, but
  /// `reasoningCompleted` stores the event's summary as it is, however many parts it has.
  @Test func aCompletedSummaryKeepsAtMostTheMaxParts() {
    let partsMax = SessionState.summaryPartsMax
    var session = started()
    let parts = (0..<(partsMax + 36)).map { "p\($0)" }
    var kept = Array(parts.prefix(partsMax - 1))
    kept.append(parts[(partsMax - 1)...].joined())
    session.send(Fixture.reasoningCompleted(turn1, Fixture.reasoning1, parts)) {
      $0.transcript.window = [
        Fixture.item(
          Seq(3), turn1, .reasoning(itemID: Fixture.reasoning1, summary: kept, complete: true))
      ]
    }
  }

  @Test func functionAndCustomToolCallsAreTranscriptEntries() {
    var session = started()
    session.send(
      Fixture.functionCall(
        turn1, Fixture.shellItem1, Fixture.call1, name: "shell",
        arguments: #"{"command":["ls","-la"]}"#)
    ) {
      $0.transcript.window = [
        Fixture.item(
          Seq(3), turn1,
          .toolCall(callID: Fixture.call1, name: "shell", arguments: #"{"command":["ls","-la"]}"#))
      ]
    }
    session.send(
      Fixture.customToolCall(
        turn1, Fixture.patchItem1, Fixture.call2, name: "apply_patch",
        input: "*** Begin Patch\n*** End Patch\n")
    ) {
      $0.transcript.window.append(
        Fixture.item(
          Seq(4), turn1,
          .toolCall(
            callID: Fixture.call2, name: "apply_patch",
            arguments: "*** Begin Patch\n*** End Patch\n")))
    }
  }

  @Test func turnFailedEndsTheTurnAndAddsAnEntry() {
    var session = started()
    session.send(Fixture.turnFailed(turn1, "stream disconnected before completion")) {
      $0.turns.current = nil
      $0.turns.recent = [
        TurnRecord(
          turnID: turn1, startedSeq: Seq(2), endedSeq: Seq(3),
          status: .failed(message: "stream disconnected before completion"))
      ]
      $0.turns.failedCount = 1
      $0.transcript.window = [
        Fixture.item(Seq(3), turn1, .turnFailed(message: "stream disconnected before completion"))
      ]
    }
  }

  @Test func turnInterruptedAddsAnEntryAndStopsOnlyThatTurnsRunningTools() {
    var session = started()
    // turn-1 leaves a running tool behind when turn-2 supersedes it.
    session.fold([
      Fixture.planned(turn1, Fixture.call1, Fixture.runTests),
      Fixture.toolStarted(Fixture.call1, processID: 101),
      Fixture.turnStarted(turn2),
      Fixture.planned(turn2, Fixture.call2, Fixture.listFiles),
      Fixture.toolStarted(Fixture.call2, processID: 102),
      Fixture.planned(turn2, Fixture.call3, Fixture.removeBuild, needsApproval: true),
      Fixture.approvalRequested(Fixture.call3, "deletes files"),
      Fixture.planned(turn2, Fixture.call4, Fixture.listFiles),
      Fixture.toolStarted(Fixture.call4, processID: 104),
    ])
    #expect(session.nextSeq == Seq(12))
    session.send(
      Fixture.turnInterrupted(turn2, "user pressed Esc"),
      effects: [.stopTools([Fixture.call2, Fixture.call4])]
    ) {
      $0.turns.current = nil
      $0.turns.recent.append(
        TurnRecord(
          turnID: turn2, startedSeq: Seq(5), endedSeq: Seq(12),
          status: .interrupted(reason: "user pressed Esc")))
      $0.turns.interruptedCount = 2
      $0.transcript.window = [
        Fixture.item(Seq(12), turn2, .turnInterrupted(reason: "user pressed Esc"))
      ]
      // The call that never ran is finished as aborted and its approval withdrawn.
      let index = $0.tools.active.firstIndex { $0.callID == Fixture.call3 }!
      var aborted = $0.tools.active.remove(at: index)
      aborted.status = .denied(.aborted)
      $0.tools.finished.append(aborted)
      $0.tools.finishedCount += 1
      $0.approvals.pending = []
    }
    // An interrupted turn with nothing running asks for nothing.
    session.fold(Fixture.turnStarted(Fixture.turn3))
    session.send(Fixture.turnInterrupted(Fixture.turn3, "quit"), effects: []) {
      $0.turns.current = nil
      $0.turns.recent.append(
        TurnRecord(
          turnID: Fixture.turn3, startedSeq: Seq(13), endedSeq: Seq(14),
          status: .interrupted(reason: "quit")))
      $0.turns.interruptedCount = 3
      $0.transcript.window.append(
        Fixture.item(Seq(14), Fixture.turn3, .turnInterrupted(reason: "quit")))
    }
  }

  @Test func aTurnStartedWhileAnotherRunsClosesTheFirstAsSuperseded() {
    var session = started()
    session.send(Fixture.turnStarted(turn2)) {
      $0.turns.recent = [
        TurnRecord(
          turnID: turn1, startedSeq: Seq(2), endedSeq: Seq(3),
          status: .interrupted(reason: "superseded"))
      ]
      $0.turns.interruptedCount = 1
      $0.turns.current = TurnRecord(
        turnID: turn2, startedSeq: Seq(3), endedSeq: nil, status: .running)
    }
    // The superseded turn is no longer current: its end is an unknown turn's.
    session.sendIgnored(Fixture.turnCompleted(turn1))
    session.send(Fixture.turnCompleted(turn2)) {
      $0.turns.current = nil
      $0.turns.recent.append(
        TurnRecord(turnID: turn2, startedSeq: Seq(3), endedSeq: Seq(5), status: .completed))
      $0.turns.completedCount = 1
    }
    #expect(session.state.turns.startedCount == 2)
  }

  /// SPEC MISMATCH (the brief: events that refer to unknown turns change nothing but
  /// `ignoredEventCount`): transcript, tool-planning and usage events are folded whatever turn
  /// they name, even one that never started.
  @Test(arguments: [
    Fixture.userMessage(Fixture.turn3, "hello"),
    Fixture.textDelta(Fixture.turn3, Fixture.message1, "text"),
    Fixture.reasoningDelta(Fixture.turn3, Fixture.reasoning1, part: 0, "think"),
    Fixture.messageCompleted(Fixture.turn3, Fixture.message1, "text"),
    Fixture.reasoningCompleted(Fixture.turn3, Fixture.reasoning1, ["think"]),
    Fixture.functionCall(
      Fixture.turn3, Fixture.shellItem1, Fixture.call1, name: "shell", arguments: "{}"),
    Fixture.customToolCall(
      Fixture.turn3, Fixture.patchItem1, Fixture.call1, name: "apply_patch", input: ""),
    Fixture.planned(Fixture.turn3, Fixture.call1, Fixture.listFiles),
    Fixture.usage(Fixture.turn3, input: 10, output: 5),
  ])
  func eventsForATurnThatNeverStartedAreIgnored(event: Event) {
    var session = started()
    session.sendIgnored(event)
  }
}
