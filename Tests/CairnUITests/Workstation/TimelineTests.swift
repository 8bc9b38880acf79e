import CairnCore
import CairnLogFormat
import CairnUI
import Testing

private func press(_ key: Key, _ modifiers: KeyModifiers = []) -> KeyPress {
  KeyPress(key, modifiers)
}

@Suite struct TimelineTests {
  @Test func keysMapToMoves() {
    let table: [(KeyPress, TimelineMove)] = [
      (press(.right), .step(1)), (press(.character("l")), .step(1)),
      (press(.left), .step(-1)), (press(.character("h")), .step(-1)),
      (press(.down), .step(10)), (press(.character("j")), .step(10)),
      (press(.up), .step(-10)), (press(.character("k")), .step(-10)),
      (press(.pageDown), .step(100)), (press(.pageUp), .step(-100)),
      (press(.home), .toStart), (press(.end), .toEnd),
      (press(.character("]")), .nextTurn), (press(.character("n")), .nextTurn),
      (press(.character("[")), .previousTurn), (press(.character("p")), .previousTurn),
      (press(.character("q")), .quit), (press(.escape), .quit),
      (press(.character("c"), .control), .quit),
      (press(.character("x")), .none), (press(.enter), .none), (press(.tab), .none),
    ]
    for (key, move) in table {
      var controller = TimelineController()
      #expect(controller.handle(key) == move, "\(key)")
      #expect(controller.jumpText == nil)
    }
  }

  @Test func releasesMoveNothing() {
    var controller = TimelineController()
    #expect(controller.handle(KeyPress(.right, kind: .release)) == .none)
    #expect(controller.handle(KeyPress(.character("g"), kind: .release)) == .none)
    #expect(controller.jumpText == nil)
    #expect(controller.handle(KeyPress(.right, kind: .repeat)) == .step(1))
  }

  @Test func gDigitsEnterJumpsToThatSequenceNumber() {
    var controller = TimelineController()
    #expect(controller.handle(press(.character("g"))) == .none)
    #expect(controller.jumpText == "")
    #expect(controller.handle(press(.character("1"))) == .none)
    #expect(controller.handle(press(.character("2"))) == .none)
    #expect(controller.jumpText == "12")
    #expect(controller.handle(press(.enter)) == .jump(Seq(12)))
    #expect(controller.jumpText == nil)
    // Back to moving.
    #expect(controller.handle(press(.character("l"))) == .step(1))
  }

  @Test func backspaceEditsTheJumpAndOtherKeysCancelIt() {
    var controller = TimelineController()
    _ = controller.handle(press(.character(":")))
    for digit in "345" { _ = controller.handle(press(.character(digit))) }
    _ = controller.handle(press(.backspace))
    #expect(controller.jumpText == "34")
    // Letters are not digits: `q` here cancels the jump instead of quitting.
    #expect(controller.handle(press(.character("q"))) == .none)
    #expect(controller.jumpText == nil)
    #expect(controller.handle(press(.character("q"))) == .quit)
    // An empty jump goes nowhere.
    _ = controller.handle(press(.character("g")))
    _ = controller.handle(press(.character("7")))
    _ = controller.handle(press(.backspace))
    _ = controller.handle(press(.backspace))
    #expect(controller.jumpText == "")
    #expect(controller.handle(press(.enter)) == .none)
    #expect(controller.jumpText == nil)
    // Non-ASCII digits are not sequence numbers.
    _ = controller.handle(press(.character("g")))
    _ = controller.handle(press(.character("٣")))
    #expect(controller.jumpText == nil)
  }

  @Test func targetsClampToTheLog() {
    let starts = [Seq(3), Seq(20), Seq(45)]
    func target(_ move: TimelineMove, from seq: UInt64) -> Seq? {
      TimelineController.target(of: move, from: Seq(seq), lastSeq: Seq(50), turnStarts: starts)
    }
    #expect(target(.none, from: 10) == nil)
    #expect(target(.quit, from: 10) == nil)
    #expect(target(.step(1), from: 10) == Seq(11))
    #expect(target(.step(-1), from: 1) == Seq(1))
    #expect(target(.step(-100), from: 10) == Seq(1))
    #expect(target(.step(100), from: 10) == Seq(50))
    #expect(target(.step(10), from: 45) == Seq(50))
    #expect(target(.toStart, from: 30) == Seq(1))
    #expect(target(.toEnd, from: 3) == Seq(50))
    #expect(target(.jump(Seq(12)), from: 40) == Seq(12))
    #expect(target(.jump(Seq(0)), from: 40) == Seq(1))
    #expect(target(.jump(Seq(9_999)), from: 40) == Seq(50))
    #expect(target(.jump(Seq(UInt64.max)), from: 40) == Seq(50))
  }

  @Test func turnMovesGoToTheNextOrPreviousTurnStart() {
    let starts = [Seq(3), Seq(20), Seq(45)]
    func target(_ move: TimelineMove, from seq: UInt64) -> Seq? {
      TimelineController.target(of: move, from: Seq(seq), lastSeq: Seq(50), turnStarts: starts)
    }
    #expect(target(.nextTurn, from: 1) == Seq(3))
    #expect(target(.nextTurn, from: 3) == Seq(20))
    #expect(target(.nextTurn, from: 19) == Seq(20))
    #expect(target(.nextTurn, from: 45) == Seq(50))
    #expect(target(.previousTurn, from: 50) == Seq(45))
    #expect(target(.previousTurn, from: 45) == Seq(20))
    #expect(target(.previousTurn, from: 21) == Seq(20))
    #expect(target(.previousTurn, from: 3) == Seq(1))
    // A session with no turns: the ends.
    #expect(
      TimelineController.target(of: .nextTurn, from: Seq(2), lastSeq: Seq(5), turnStarts: [])
        == Seq(5))
    #expect(
      TimelineController.target(of: .previousTurn, from: Seq(2), lastSeq: Seq(5), turnStarts: [])
        == Seq(1))
  }

  @Test func elapsedTextReadsAtEveryScale() {
    let ms: Int64 = 1_000_000
    #expect(TimelineView.elapsedText(0) == "0.000s")
    #expect(TimelineView.elapsedText(-5 * ms) == "0.000s")
    #expect(TimelineView.elapsedText(7 * ms) == "0.007s")
    #expect(TimelineView.elapsedText(12_345 * ms) == "12.345s")
    #expect(TimelineView.elapsedText(59_999 * ms) == "59.999s")
    #expect(TimelineView.elapsedText(60_000 * ms) == "1m 00.0s")
    #expect(TimelineView.elapsedText(184_560 * ms) == "3m 04.5s")
    #expect(TimelineView.elapsedText(3_599_999 * ms) == "59m 59.9s")
    #expect(TimelineView.elapsedText(3_600_000 * ms) == "1h 00m")
    #expect(TimelineView.elapsedText(7_380_000 * ms) == "2h 03m")
    #expect(TimelineView.elapsedText(100 * 3_600_000 * ms) == "100h 00m")
  }

  /// The recorded screen the timeline shows: a finished turn at 80×24.
  static func recordedScreen() -> Frame {
    var session = TranscriptSession()
    session.exchange(TurnID("turn-1"), "Say hello", answer: "Hello! How can I help?")
    return WorkstationScreen.frame(
      session.state, columns: 80, rows: 24, now: 0, turnStartedAt: nil,
      info: WorkstationInfo(version: "0.1.0", home: "/home/user"))
  }

  static let stop = TimelineStop(
    seq: Seq(1234), lastSeq: Seq(5678), kind: "output_text_appended", elapsed: 12_345_000_000,
    turn: 3, turnCount: 10, turnMarks: [0, 0.1, 0.2, 0.5, 0.9])

  @Test func framesAtBothSizes() {
    let screen = Self.recordedScreen()
    for (columns, rows) in [(80, 24), (120, 40)] {
      let frame = TimelineView.frame(
        screen: screen, stop: Self.stop, jumpText: nil, columns: columns, rows: rows)
      #expect(frame.columns == columns)
      #expect(frame.rows == rows)
      assertFrameSnapshot(frame, named: "timeline-\(columns)x\(rows)")
    }
    let jumping = TimelineView.frame(
      screen: screen, stop: Self.stop, jumpText: "12", columns: 80, rows: 24)
    assertFrameSnapshot(jumping, named: "timeline-jump-80x24")
  }

  @Test func theBarNamesTheRecordAndTheScreenKeepsItsBottom() {
    let screen = Self.recordedScreen()
    let frame = TimelineView.frame(
      screen: screen, stop: Self.stop, jumpText: nil, columns: 80, rows: 24)
    let text = frame.plainText.split(separator: "\n", omittingEmptySubsequences: false).map(
      String.init)
    #expect(text[22] == " seq 1234 / 5678 · turn 3 / 10 · output_text_appended · +12.345s")
    // 78 scrubber columns: seq 1234 of 5678 at column 17, turn ticks at 0, 8, 15, 39, 69.
    let scrubber =
      " ┼" + String(repeating: "━", count: 7) + "┼" + String(repeating: "━", count: 6) + "┼━●"
      + String(repeating: "─", count: 21) + "┼" + String(repeating: "─", count: 29) + "┼"
      + String(repeating: "─", count: 8)
    #expect(text[21] == scrubber)
    #expect(text[23].hasPrefix(" ←/→ step"))
    // 21 rows for a 24-row screen: its top 3 rows are cut, its composer and footer stay.
    let screenText = screen.plainText.split(separator: "\n", omittingEmptySubsequences: false)
      .map(String.init)
    #expect(Array(text[0..<21]) == Array(screenText[3..<24]))
    let jumping = TimelineView.frame(
      screen: screen, stop: Self.stop, jumpText: "12", columns: 80, rows: 24)
    #expect(jumping.plainText.contains(" go to seq: 12▏"))
  }

  @Test func theScrubberMarksThePositionAndTheTurns() {
    let first = TimelineStop(
      seq: Seq(1), lastSeq: Seq(101), kind: "session_created", elapsed: 0, turn: nil,
      turnCount: 0, turnMarks: [0.5])
    let frame = TimelineView.frame(
      screen: Frame(columns: 1, rows: 1), stop: first, jumpText: nil, columns: 12, rows: 5)
    let wide = TimelineView.frame(
      screen: Frame(columns: 1, rows: 1), stop: first, jumpText: nil, columns: 60, rows: 5)
    let rows = frame.plainText.split(separator: "\n", omittingEmptySubsequences: false).map(
      String.init)
    // 10 scrubber columns: the position at the start, a turn tick in the middle.
    #expect(rows[2] == " ●────┼────")
    // The bar is cut at the width.
    #expect(rows[3] == " seq 1 / 101")
    #expect(wide.plainText.contains(" seq 1 / 101 · session_created · +0.000s"))
    let last = TimelineStop(
      seq: Seq(101), lastSeq: Seq(101), kind: "turn_completed", elapsed: 0, turn: nil,
      turnCount: 0, turnMarks: [0.5])
    let end = TimelineView.frame(
      screen: Frame(columns: 1, rows: 1), stop: last, jumpText: nil, columns: 12, rows: 5)
    let endRows = end.plainText.split(separator: "\n", omittingEmptySubsequences: false).map(
      String.init)
    #expect(endRows[2] == " ━━━━━┼━━━●")
  }
}
