import CairnCore
import CairnLogFormat
import CairnUI
import Testing

/// `WorkstationScreen.frame` (the whole screen: the history's tail above the bottom pane,
/// or a full-screen overlay) for the main states of a session, at every snapshot size.
@Suite struct WorkstationScreenTests {
  static let turn1 = TurnID("turn-1")
  static let turn2 = TurnID("turn-2")
  static let now: Int64 = 1_800_000_000 * paneSecond
  static let info = WorkstationInfo(
    version: "0.1.0", cwd: TranscriptSession.cwd, provider: "openai", home: "/home/user",
    contextWindow: 272_000,
    models: [
      ModelChoice(slug: "gpt-5.5", description: "Frontier model", isDefault: true),
      ModelChoice(slug: "gpt-5.4-mini", description: "Small and fast"),
    ],
    pickerRows: WorkstationControllerTests.pickerRows)

  /// Snapshots `state` at 80×24, 120×40 and 40×12 as `<name>-<columns>x<rows>`.
  static func snapshot(
    _ state: SessionState, named name: String, turnStartedAt: Int64? = nil,
    transient: WorkstationTransient = WorkstationTransient(), older: [TranscriptItem] = [],
    fileID: StaticString = #fileID, filePath: StaticString = #filePath, line: UInt = #line
  ) {
    for size in PaneSizes.sizes {
      let frame = WorkstationScreen.frame(
        state, columns: size.columns, rows: size.rows, now: now, turnStartedAt: turnStartedAt,
        info: info, transient: transient, older: older)
      #expect(frame.columns == size.columns)
      #expect(frame.rows == size.rows)
      assertFrameSnapshot(
        frame, named: "\(name)-\(size.columns)x\(size.rows)", fileID: fileID, file: filePath,
        line: line)
    }
  }

  static func lines(_ frame: Frame) -> [String] {
    frame.plainText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  }

  static func finishedTurn() -> TranscriptSession {
    var session = TranscriptSession()
    session.exchange(
      turn1, "Say hello", answer: "Hello! What would you like to work on in `cairn` today?")
    return session
  }

  @Test func aFreshSessionShowsTheHeaderAndAnEmptyComposer() {
    let state = TranscriptSession().state
    Self.snapshot(state, named: "fresh")
    let frame = WorkstationScreen.frame(
      state, columns: 80, rows: 24, now: Self.now, turnStartedAt: nil, info: Self.info)
    let text = Self.lines(frame)
    #expect(text.contains { $0.contains("model:") && $0.contains("gpt-5.5") })
    #expect(text.contains { $0.contains("directory:") && $0.contains("~/work") })
    #expect(text[23].hasPrefix("  gpt-5.5"))
    #expect(text[21].hasPrefix("› "))
    #expect(frame.cursor == Frame.Position(row: 21, column: 2))
  }

  @Test func aFinishedTurnShowsThePromptAndTheAnswer() {
    let state = Self.finishedTurn().state
    Self.snapshot(state, named: "finished-turn")
    let text = Self.lines(
      WorkstationScreen.frame(
        state, columns: 80, rows: 24, now: Self.now, turnStartedAt: nil, info: Self.info))
    #expect(text.contains("› Say hello"))
    #expect(
      text.contains { $0.hasPrefix("• Hello! What would you like to work on in cairn today?") })
  }

  @Test func aRunningTurnShowsTheStatusRowWithItsTime() {
    var session = Self.finishedTurn()
    session.start(Self.turn2, user: "Now explain the layout")
    let started = Self.now - 7 * paneSecond
    Self.snapshot(session.state, named: "working", turnStartedAt: started)
    let text = Self.lines(
      WorkstationScreen.frame(
        session.state, columns: 80, rows: 24, now: Self.now, turnStartedAt: started,
        info: Self.info))
    let row = text.firstIndex(of: "• Working (7s • esc to interrupt)")
    #expect(row != nil)
    // A blank row between the prompt and the status row, and another before the composer.
    if let row {
      #expect(text[row - 2] == "› Now explain the layout")
      #expect(text[row - 1] == "")
      #expect(text[row + 1] == "")
      #expect(text[row + 2].hasPrefix("› "))
    }
  }

  @Test func aStreamingAnswerIsLiveAboveTheComposerAndHidesTheStatusRow() {
    var session = Self.finishedTurn()
    session.start(Self.turn2, user: "Now explain the layout")
    session.stream(
      Self.turn2,
      [
        "The bottom pane is redrawn in place, ", "while finished cells go to the scrollback.\n\n",
        "- the composer\n- the footer",
      ])
    let started = Self.now - 3 * paneSecond
    Self.snapshot(session.state, named: "streaming", turnStartedAt: started)
    let text = Self.lines(
      WorkstationScreen.frame(
        session.state, columns: 80, rows: 24, now: Self.now, turnStartedAt: started,
        info: Self.info))
    #expect(text.contains { $0.hasPrefix("• The bottom pane is redrawn in place") })
    #expect(!text.contains { $0.contains("Working") })
  }

  @Test func aPendingExecApprovalReplacesTheComposer() {
    var session = TranscriptSession()
    session.start(Self.turn1, user: "Fetch the page")
    session.awaitApproval(
      Self.turn1, CallID("call-1"), ["curl", "-sS", "https://example.com"],
      reason: "needs network")
    Self.snapshot(session.state, named: "exec-approval", turnStartedAt: Self.now - paneSecond)
    let text = Self.lines(
      WorkstationScreen.frame(
        session.state, columns: 80, rows: 24, now: Self.now, turnStartedAt: Self.now - paneSecond,
        info: Self.info))
    #expect(text.contains { $0.contains("Would you like to run the following command?") })
    #expect(text.contains { $0.contains("curl -sS https://example.com") })
    #expect(text.contains { $0.contains("Yes, proceed") })
    // No status row while the prompt waits (Codex's 06b capture), and no footer.
    #expect(!text.contains { $0.contains("Working") })
    #expect(!text.contains { $0.contains("gpt-5.5 default ·") })
  }

  @Test func theSlashPopupListsCommandsUnderTheComposer() {
    var driver = WorkstationDriver()
    driver.type("/pe")
    driver.press(.down)
    Self.snapshot(driver.state, named: "slash-popup")
    let text = Self.lines(
      WorkstationScreen.frame(
        driver.state, columns: 80, rows: 24, now: Self.now, turnStartedAt: nil, info: Self.info))
    #expect(text.contains { $0.hasPrefix("› /pe") })
    #expect(text.contains { $0.contains("/permissions") })
    #expect(text.contains { $0.contains("/personality") })
    #expect(!text.contains { $0.hasPrefix("  /model ") })
  }

  @Test func theModelPickerTakesTheComposersPlace() {
    var driver = WorkstationDriver(
      context: WorkstationContext(
        turnRunning: false, now: 0, columns: 80, rows: 24, models: Self.info.models))
    driver.type("/model")
    driver.press(.enter)
    driver.press(.down)
    #expect(driver.ui.overlay == .modelPicker)
    Self.snapshot(driver.state, named: "model-picker")
    let text = Self.lines(
      WorkstationScreen.frame(
        driver.state, columns: 80, rows: 24, now: Self.now, turnStartedAt: nil, info: Self.info))
    #expect(text.contains("› 2. gpt-5.4-mini       Small and fast"))
    #expect(!text.contains { $0.contains("gpt-5.5 default ·") })
  }

  @Test func theTranscriptOverlayIsAFullScreen() {
    var driver = WorkstationDriver(WorkstationControllerTests.twoTurns())
    driver.press(.character("t"), .control)
    #expect(driver.ui.overlay == .transcript)
    Self.snapshot(driver.state, named: "transcript-overlay")
    let frame = WorkstationScreen.frame(
      driver.state, columns: 80, rows: 24, now: Self.now, turnStartedAt: nil, info: Self.info)
    let overlay = WorkstationScreen.overlay(
      driver.state, columns: 80, rows: 24, now: Self.now, info: Self.info,
      transient: WorkstationTransient())
    #expect(overlay == frame)
    let text = Self.lines(frame)
    #expect(text.contains("› first prompt"))
    #expect(text.contains("• Second answer."))
  }

  /// Items before the window, paged in from the log, show above the window's when the
  /// overlay is scrolled to the top, as the same cells the window would draw.
  @Test func theTranscriptOverlayShowsPagedOlderItemsAboveTheWindow() {
    let old = TurnID("turn-0")
    let older = [
      TranscriptItem(seq: Seq(1), turnID: old, entry: .user(text: "an older prompt", images: [])),
      TranscriptItem(
        seq: Seq(2), turnID: old,
        entry: .reasoning(
          itemID: ItemID("rs-0"), summary: ["**Looking around**\n\nListing the files."],
          complete: true)),
      TranscriptItem(
        seq: Seq(3), turnID: old,
        entry: .toolCall(
          callID: CallID("call-0"), name: "exec_command", arguments: #"{"cmd":"ls -la"}"#)),
      TranscriptItem(
        seq: Seq(4), turnID: old,
        entry: .assistant(
          itemID: ItemID("msg-0"), text: "An older answer, paged in from the log.",
          complete: true)),
    ]
    var driver = WorkstationDriver(WorkstationControllerTests.twoTurns())
    driver.press(.character("t"), .control)
    driver.context.transcriptLines =
      WorkstationScreen.transcriptLines(driver.state, info: Self.info, width: 80, older: older)
      .count
    driver.press(.home)
    Self.snapshot(driver.state, named: "transcript-overlay-paged", older: older)
    let text = Self.lines(
      WorkstationScreen.frame(
        driver.state, columns: 80, rows: 24, now: Self.now, turnStartedAt: nil, info: Self.info,
        older: older))
    let prompt = text.firstIndex(of: "› an older prompt")
    let answer = text.firstIndex { $0.contains("An older answer, paged in from the log.") }
    let command = text.firstIndex { $0.contains("ls -la") }
    let reasoning = text.firstIndex { $0.contains("Listing the files.") }
    let windowPromptAfter = text.firstIndex(of: "› first prompt").map { $0 > (answer ?? 0) } ?? true
    #expect(prompt != nil && reasoning != nil && command != nil && answer != nil)
    #expect(prompt! < reasoning! && reasoning! < command! && command! < answer!)
    #expect(windowPromptAfter)
    // Without them, the top of the overlay is the window's first prompt.
    let windowOnly = Self.lines(
      WorkstationScreen.frame(
        driver.state, columns: 80, rows: 24, now: Self.now, turnStartedAt: nil, info: Self.info))
    let showsOlder = windowOnly.contains { $0.contains("older") }
    #expect(!showsOlder)
  }

  @Test func theResumePickerListsTheSessionsOfThisDirectory() {
    var driver = WorkstationDriver()
    driver.type("/resume")
    driver.press(.enter)
    #expect(driver.ui.overlay == .resumePicker)
    Self.snapshot(driver.state, named: "resume-picker")
    var searched = driver
    searched.context.pickerRows = WorkstationControllerTests.pickerRows
    searched.type("rea")
    searched.press(.down)
    Self.snapshot(searched.state, named: "resume-picker-search")
    let text = Self.lines(
      WorkstationScreen.frame(
        searched.state, columns: 80, rows: 24, now: Self.now, turnStartedAt: nil, info: Self.info))
    #expect(text.contains { $0.contains("Please summarize the README") })
    #expect(text.contains { $0.hasPrefix("  ❯ ") && $0.contains("Read the docs") })
    #expect(!text.contains { $0.contains("Read elsewhere") })
  }

  @Test func theControllersHintAndQueuedPromptsShowInThePane() {
    var driver = WorkstationDriver(WorkstationControllerTests.twoTurns())
    driver.press(.escape)
    let hinted = Self.lines(
      WorkstationScreen.frame(
        driver.state, columns: 80, rows: 24, now: Self.now, turnStartedAt: nil, info: Self.info,
        transient: WorkstationTransient(driver.controller)))
    #expect(hinted[23] == "  esc again to edit previous message")
    var session = Self.finishedTurn()
    session.start(Self.turn2, user: "Now explain the layout")
    var running = WorkstationDriver(session)
    running.context.turnRunning = true
    running.type("and then")
    running.press(.character("j"), .control)
    running.type("this")
    #expect(running.ui.composerText == "and then\nthis")
    running.press(.enter)
    let queued = Self.lines(
      WorkstationScreen.frame(
        running.state, columns: 80, rows: 24, now: Self.now,
        turnStartedAt: Self.now - 2 * paneSecond, info: Self.info,
        transient: WorkstationTransient(running.controller)))
    #expect(queued.contains("  ↳ and then this"))
    #expect(queued[23] == "  queued: sent when the turn ends")
  }

  @Test func theSameEventsGiveTheSameFrame() {
    func fold() -> SessionState {
      var session = Self.finishedTurn()
      session.start(Self.turn2, user: "And again")
      session.run(Self.turn2, CallID("call-9"), ["ls", "-la"], output: "total 0\n")
      session.stream(Self.turn2, ["Listing ", "done.\n"])
      return session.state
    }
    let first = fold()
    let second = fold()
    for size in PaneSizes.sizes {
      let a = WorkstationScreen.frame(
        first, columns: size.columns, rows: size.rows, now: Self.now,
        turnStartedAt: Self.now - paneSecond, info: Self.info)
      let b = WorkstationScreen.frame(
        second, columns: size.columns, rows: size.rows, now: Self.now,
        turnStartedAt: Self.now - paneSecond, info: Self.info)
      #expect(a == b)
      #expect(a.snapshotText == b.snapshotText)
      #expect(a.plainText.contains("Listing done."))
    }
  }
}
