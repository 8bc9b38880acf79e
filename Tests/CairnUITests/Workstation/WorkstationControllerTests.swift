import CairnCore
import CairnLogFormat
import CairnUI
import Testing

/// Keys → intents → events → state, through `WorkstationDriver` (the shell's loop without
/// a terminal). Each test checks what the state (or the intents) say after the keys.
@Suite struct WorkstationControllerTests {
  static let turn1 = TurnID("turn-1")
  static let turn2 = TurnID("turn-2")

  /// A session with two finished turns ("first prompt", "second prompt").
  static func twoTurns() -> TranscriptSession {
    var session = TranscriptSession()
    session.exchange(turn1, "first prompt", answer: "First answer.")
    session.exchange(turn2, "second prompt", answer: "Second answer.")
    return session
  }

  static let models = [
    ModelChoice(slug: "gpt-5.5", description: "Frontier model", isDefault: true),
    ModelChoice(slug: "gpt-5.4-mini", description: "Small and fast"),
  ]

  // MARK: - The composer

  @Test func typingLogsTheWholeTextAndTheCursorInBytes() {
    var driver = WorkstationDriver()
    driver.type("hé")
    #expect(driver.ui.composerText == "hé")
    #expect(driver.ui.composerCursor == 3)
    let intents = driver.press(.character("!"))
    #expect(intents == [.record(.editComposer(EditComposer(text: "hé!", cursor: 4)))])
    driver.press(.left)
    driver.press(.left)
    #expect(driver.ui.composerText == "hé!")
    #expect(driver.ui.composerCursor == 1)
    driver.type("→")
    #expect(driver.ui.composerText == "h→é!")
    #expect(driver.ui.composerCursor == 4)
    #expect(driver.ui.paletteQuery == nil)
    #expect(driver.effects.isEmpty)
  }

  @Test func enterSubmitsThePromptAndClearsTheComposer() {
    var driver = WorkstationDriver()
    driver.type("hello there")
    let intents = driver.press(.enter)
    #expect(intents.contains(.submit("hello there")))
    #expect(driver.effects == [.submit("hello there")])
    #expect(driver.ui.composerText == "")
    #expect(driver.ui.composerCursor == 0)
  }

  @Test func enterOnBlankTextDoesNothing() {
    var driver = WorkstationDriver()
    driver.type("  ")
    #expect(driver.press(.enter).isEmpty)
    #expect(driver.ui.composerText == "  ")
    #expect(driver.effects.isEmpty)
  }

  @Test func enterRightAfterAFastBurstInsertsANewline() {
    var driver = WorkstationDriver()
    let fast = 2 * WorkstationDriver.millisecond
    driver.type("abc", interval: fast)
    // 5 ms after the burst's last character: still the paste.
    driver.press(.enter, after: 5 * WorkstationDriver.millisecond)
    #expect(driver.ui.composerText == "abc\n")
    #expect(driver.effects.isEmpty)
    driver.type("def", interval: fast)
    #expect(driver.ui.composerText == "abc\ndef")
    // A pause well past the 120 ms window: a real Enter.
    driver.press(.enter, after: 500 * WorkstationDriver.millisecond)
    #expect(driver.effects == [.submit("abc\ndef")])
    #expect(driver.ui.composerText == "")
  }

  @Test func enterAfterTwoFastCharactersOrAMovedCursorSubmits() {
    var driver = WorkstationDriver()
    let fast = 2 * WorkstationDriver.millisecond
    // Two characters are not a burst (three are).
    driver.type("ab", interval: fast)
    driver.press(.enter, after: fast)
    #expect(driver.effects == [.submit("ab")])
    // A burst ended by a cursor move: the Enter after it is the user's.
    driver.type("xyz", interval: fast)
    driver.press(.left, after: fast)
    driver.press(.enter, after: fast)
    #expect(driver.effects == [.submit("ab"), .submit("xyz")])
  }

  @Test func controlJShiftEnterAndAltEnterInsertNewlines() {
    var driver = WorkstationDriver()
    driver.type("a")
    driver.press(.character("j"), .control)
    driver.type("b")
    driver.press(.enter, .shift)
    driver.type("c")
    driver.press(.enter, .alt)
    #expect(driver.ui.composerText == "a\nb\nc\n")
    #expect(driver.ui.composerCursor == 6)
    #expect(driver.effects.isEmpty)
  }

  @Test func pasteInsertsTheTextWholeAtTheCursor() {
    var driver = WorkstationDriver()
    driver.type("[]")
    driver.press(.left)
    let intents = driver.send(.paste("line one\nline two"))
    #expect(
      intents == [.record(.editComposer(EditComposer(text: "[line one\nline two]", cursor: 18)))])
    #expect(driver.ui.composerText == "[line one\nline two]")
    #expect(driver.effects.isEmpty)
  }

  @Test func keyReleasesAndTerminalRepliesAreIgnored() {
    var driver = WorkstationDriver()
    driver.type("ab")
    let before = driver.state
    #expect(driver.send(.key(KeyPress(.character("x"), kind: .release))).isEmpty)
    #expect(driver.send(.key(KeyPress(.enter, kind: .release))).isEmpty)
    #expect(driver.send(.focusLost).isEmpty)
    #expect(driver.send(.cursorPosition(row: 3, column: 1)).isEmpty)
    #expect(driver.send(.unknown([0x1B, 0x5B, 0x3F])).isEmpty)
    #expect(driver.state == before)
    #expect(driver.effects.isEmpty)
  }

  @Test func controlCClearsTextThenQuitsOnAnEmptyComposer() {
    var driver = WorkstationDriver()
    driver.type("draft")
    driver.press(.character("c"), .control)
    #expect(driver.ui.composerText == "")
    #expect(driver.ui.composerCursor == 0)
    #expect(driver.effects.isEmpty)
    #expect(driver.press(.character("c"), .control) == [.quit])
    #expect(driver.effects == [.quit])
  }

  @Test func controlDQuitsOnlyOnAnEmptyComposer() {
    var driver = WorkstationDriver()
    driver.type("ab")
    driver.press(.home)
    driver.press(.character("d"), .control)
    #expect(driver.ui.composerText == "b")
    #expect(driver.effects.isEmpty)
    driver.press(.character("d"), .control)
    #expect(driver.ui.composerText == "")
    #expect(driver.press(.character("d"), .control) == [.quit])
  }

  @Test func controlCAndEscapeInterruptARunningTurnAndKeepTheText() {
    var session = TranscriptSession()
    session.start(Self.turn1, user: "long job")
    var driver = WorkstationDriver(session)
    driver.context.turnRunning = true
    driver.type("next")
    #expect(driver.press(.character("c"), .control) == [.interrupt])
    #expect(driver.press(.escape) == [.interrupt])
    #expect(driver.ui.composerText == "next")
    #expect(driver.effects == [.interrupt, .interrupt])
  }

  @Test func enterWhileATurnRunsQueuesThePrompt() {
    var session = TranscriptSession()
    session.start(Self.turn1, user: "long job")
    var driver = WorkstationDriver(session)
    driver.context.turnRunning = true
    driver.type("then this")
    driver.press(.enter)
    #expect(driver.effects.isEmpty)
    #expect(driver.ui.composerText == "")
    #expect(driver.controller.queuedPrompts == ["then this"])
    #expect(driver.controller.hint == .text("queued: sent when the turn ends"))
    var controller = driver.controller
    #expect(controller.takeQueuedPrompt() == "then this")
    #expect(controller.takeQueuedPrompt() == nil)
  }

  @Test func escapeEscapeOpensTheBacktrackViewAndEnterPutsTheLastPromptBack() {
    var driver = WorkstationDriver(Self.twoTurns())
    #expect(driver.press(.escape).isEmpty)
    #expect(driver.controller.hint == .escAgainToEditPrevious)
    driver.press(.escape)
    #expect(driver.ui.overlay == .backtrack)
    #expect(driver.ui.linesFromBottom == 0)
    #expect(driver.controller.hint == nil)
    driver.press(.enter)
    #expect(driver.ui.overlay == .none)
    #expect(driver.ui.composerText == "second prompt")
    #expect(driver.ui.composerCursor == UInt32("second prompt".utf8.count))
    // The controller edits the prompt that came back, not the empty draft it held before.
    driver.type("!")
    #expect(driver.ui.composerText == "second prompt!")
    #expect(driver.effects.isEmpty)
  }

  @Test func escapeIsNotArmedWithoutAnEarlierPromptOrAfterAnotherKey() {
    var fresh = WorkstationDriver()
    fresh.press(.escape)
    #expect(fresh.controller.hint == nil)
    fresh.press(.escape)
    #expect(fresh.ui.overlay == .none)

    var driver = WorkstationDriver(Self.twoTurns())
    driver.press(.escape)
    driver.type("x")
    #expect(driver.controller.hint == nil)
    driver.press(.escape)
    #expect(driver.ui.overlay == .none)
    #expect(driver.controller.hint == .escAgainToEditPrevious)
  }

  @Test func upAndDownWalkTheSessionsPrompts() {
    var driver = WorkstationDriver(Self.twoTurns())
    driver.type("dr")
    driver.press(.up)
    #expect(driver.ui.composerText == "second prompt")
    driver.press(.up)
    #expect(driver.ui.composerText == "first prompt")
    #expect(driver.press(.up).isEmpty)
    driver.press(.down)
    #expect(driver.ui.composerText == "second prompt")
    #expect(driver.ui.composerCursor == UInt32("second prompt".utf8.count))
    driver.press(.down)
    #expect(driver.ui.composerText == "dr")
    #expect(driver.ui.composerCursor == 2)
  }

  @Test func aSubmittedPromptJoinsTheHistory() {
    var driver = WorkstationDriver()
    driver.type("just sent")
    driver.press(.enter)
    driver.press(.up)
    #expect(driver.ui.composerText == "just sent")
  }

  @Test func questionMarkOnAnEmptyComposerOpensTheShortcutsAndAnyKeyClosesThem() {
    var driver = WorkstationDriver()
    driver.press(.character("?"))
    #expect(driver.ui.overlay == .shortcuts)
    #expect(driver.ui.composerText == "")
    driver.type("a")
    #expect(driver.ui.overlay == .none)
    #expect(driver.ui.composerText == "a")
    driver.type("?")
    #expect(driver.ui.overlay == .none)
    #expect(driver.ui.composerText == "a?")
  }

  @Test func functionTwoOpensTheTimeline() {
    var driver = WorkstationDriver()
    #expect(driver.press(.function(2)) == [.openTimeline])
  }

  // MARK: - The slash popup

  @Test func slashOpensThePopupAndTypingFiltersIt() {
    var driver = WorkstationDriver()
    let opened = driver.press(.character("/"))
    #expect(
      opened == [
        .record(.editComposer(EditComposer(text: "/", cursor: 1))),
        .record(.openPalette(PaletteOpened(query: ""))),
      ])
    #expect(driver.ui.paletteQuery == "")
    driver.type("pe")
    #expect(driver.ui.paletteQuery == "pe")
    #expect(SlashCommand.matching("pe").map(\.name) == ["permissions", "pets", "personality"])
    driver.press(.backspace)
    driver.press(.backspace)
    #expect(driver.ui.paletteQuery == "")
    driver.press(.backspace)
    #expect(driver.ui.paletteQuery == nil)
    #expect(driver.ui.composerText == "")
  }

  @Test func aSpaceClosesThePopupAndEscapeClosesItKeepingTheText() {
    var driver = WorkstationDriver()
    driver.type("/model x")
    #expect(driver.ui.paletteQuery == nil)
    var other = WorkstationDriver()
    other.type("/mo")
    other.press(.escape)
    #expect(other.ui.paletteQuery == nil)
    #expect(other.ui.composerText == "/mo")
  }

  @Test func downAndUpWrapThePopupSelection() {
    var driver = WorkstationDriver()
    driver.type("/")
    let last = UInt32(SlashCommand.all.count - 1)
    driver.press(.up)
    #expect(driver.ui.selection == last)
    driver.press(.down)
    #expect(driver.ui.selection == 0)
    driver.press(.down)
    driver.press(.down)
    #expect(driver.ui.selection == 2)
    // Typing filters again from the top; three commands start with "pe".
    driver.type("pe")
    #expect(driver.ui.selection == 0)
    driver.press(.down)
    driver.press(.down)
    #expect(driver.ui.selection == 2)
    driver.press(.down)
    #expect(driver.ui.selection == 0)
    driver.press(.up)
    #expect(driver.ui.selection == 2)
    #expect(driver.ui.composerText == "/pe")
  }

  @Test func tabCompletesTheSelectedCommand() {
    var driver = WorkstationDriver()
    driver.type("/pe")
    driver.press(.down)
    driver.press(.tab)
    #expect(driver.ui.composerText == "/pets ")
    #expect(driver.ui.composerCursor == 6)
    #expect(driver.ui.paletteQuery == nil)
  }

  @Test func modelThenEffortPickersChangeTheSettings() {
    var driver = WorkstationDriver(
      context: WorkstationContext(
        turnRunning: false, now: 0, columns: 80, rows: 24, models: Self.models))
    driver.type("/model")
    driver.press(.enter)
    #expect(driver.ui.overlay == .modelPicker)
    #expect(driver.ui.composerText == "")
    #expect(driver.ui.paletteQuery == nil)
    driver.press(.down)
    #expect(driver.ui.selection == 1)
    driver.press(.down)
    #expect(driver.ui.selection == 0)
    driver.press(.up)
    driver.press(.enter)
    #expect(driver.ui.overlay == .effortPicker)
    #expect(driver.ui.overlayQuery == "gpt-5.4-mini")
    #expect(driver.ui.selection == UInt32(ReasoningEffortPicker.initialSelection(current: nil)))
    // Esc goes back a step.
    driver.press(.escape)
    #expect(driver.ui.overlay == .modelPicker)
    driver.press(.character("2"))
    #expect(driver.ui.overlayQuery == "gpt-5.4-mini")
    driver.press(.down)
    let intents = driver.press(.enter)
    let high = ReasoningEffortPicker.choices[
      ReasoningEffortPicker.initialSelection(current: nil) + 1]
    #expect(
      intents == [
        .record(.changeOverlay(OverlayChanged(overlay: .none, query: ""))),
        .changeSettings(
          SettingsChanged(
            model: "gpt-5.4-mini", reasoningEffort: high.value, approvalPolicy: nil,
            sandboxMode: nil, cwd: nil)),
      ])
    #expect(driver.ui.overlay == .none)
    #expect(driver.state.session?.model == "gpt-5.4-mini")
    #expect(driver.state.session?.reasoningEffort == high.value)
  }

  @Test func thePopupRunsTheSelectedCommandOnEnter() {
    var driver = WorkstationDriver(
      context: WorkstationContext(
        turnRunning: false, now: 0, columns: 80, rows: 24, models: Self.models))
    driver.type("/mo")
    driver.press(.enter)
    #expect(driver.ui.overlay == .modelPicker)
    #expect(driver.ui.composerText == "")
  }

  @Test func permissionsPickerChoosesAPreset() {
    var driver = WorkstationDriver()
    driver.type("/permissions")
    driver.press(.enter)
    #expect(driver.ui.overlay == .permissionsPicker)
    driver.press(.down)
    driver.press(.down)
    driver.press(.enter)
    #expect(
      driver.effects == [
        .changeSettings(
          SettingsChanged(
            model: nil, reasoningEffort: nil, approvalPolicy: .never,
            sandboxMode: .dangerFullAccess, cwd: nil))
      ])
    #expect(driver.ui.overlay == .none)
    #expect(driver.state.session?.approvalPolicy == .never)
    #expect(driver.state.session?.sandboxMode == .dangerFullAccess)
    driver.type("/permissions")
    driver.press(.enter)
    driver.press(.escape)
    #expect(driver.ui.overlay == .none)
    #expect(driver.effects.count == 1)
  }

  @Test func anUnknownCommandSaysSoAndKeepsTheText() {
    var driver = WorkstationDriver()
    driver.type("/foo")
    #expect(driver.press(.enter).isEmpty)
    #expect(
      driver.controller.hint
        == .text("Unrecognized command '/foo'. Type \"/\" for a list of supported commands."))
    #expect(driver.ui.composerText == "/foo")
    #expect(driver.effects.isEmpty)
    // The hint lasts until the next key.
    driver.press(.left)
    #expect(driver.controller.hint == nil)
  }

  @Test func aCommandCairnDoesNotRunSaysSoAndKeepsTheText() {
    var driver = WorkstationDriver()
    driver.type("/review")
    #expect(driver.press(.enter).isEmpty)
    #expect(driver.controller.hint == .text("/review is not supported yet in Cairn"))
    #expect(driver.ui.composerText == "/review")
    #expect(driver.effects.isEmpty)
  }

  @Test func commandsWithArgumentsGoToTheShell() {
    var driver = WorkstationDriver()
    driver.type("/rename  My session ")
    driver.press(.enter)
    #expect(driver.effects == [.slashCommand(name: "rename", argument: "My session")])
    #expect(driver.ui.composerText == "")
    driver.type("/exit")
    driver.press(.enter)
    #expect(driver.effects.last == .quit)
    driver.type("/mention")
    driver.press(.enter)
    #expect(driver.ui.composerText == "@")
    #expect(driver.ui.paletteQuery == nil)
  }

  @Test func quitRunsLikeExit() {
    // Not in the popup (Codex lists only /exit), but docs/TUI.md says Cairn runs both.
    var driver = WorkstationDriver()
    driver.type("/quit")
    #expect(
      driver.press(.enter) == [
        .record(.editComposer(EditComposer(text: "", cursor: 0))), .record(.closePalette), .quit,
      ])
    #expect(driver.effects == [.quit])
    #expect(driver.controller.hint == nil)
  }

  // MARK: - Approvals

  @Test func thePendingApprovalTakesShortcutsArrowsEnterAndEscape() {
    let call = CallID("call-1")
    var session = TranscriptSession()
    session.start(Self.turn1, user: "fetch it")
    session.awaitApproval(Self.turn1, call, ["curl", "https://example.com"], reason: "network")
    var driver = WorkstationDriver(session)
    driver.context.turnRunning = true
    #expect(driver.press(.character("x")).isEmpty)
    #expect(driver.ui.composerText == "")
    #expect(
      driver.press(.character("y")) == [
        .decide(call, .approvedOnce), .record(.moveSelection(SelectionMoved(index: 0))),
      ])
    driver.press(.down)
    #expect(driver.ui.selection == 1)
    driver.press(.enter)
    #expect(driver.effects.last == .decide(call, .approvedForSession))
    #expect(driver.ui.selection == 0)
    driver.press(.up)
    #expect(driver.ui.selection == 2)
    driver.press(.character("p"))
    driver.press(.escape)
    #expect(
      driver.effects == [
        .decide(call, .approvedOnce), .decide(call, .approvedForSession),
        .decide(call, .approvedForSession), .decide(call, .aborted),
      ])
    // Ctrl+C still interrupts the turn that waits.
    #expect(driver.press(.character("c"), .control) == [.interrupt])
  }

  // MARK: - The transcript overlay

  @Test func controlTOpensTheTranscriptWhichScrollsAndCloses() {
    var driver = WorkstationDriver(Self.twoTurns())
    driver.context.transcriptLines = 100
    driver.press(.character("t"), .control)
    #expect(driver.ui.overlay == .transcript)
    #expect(driver.ui.linesFromBottom == 0)
    let page = UInt32(TranscriptOverlay.pageRows(size: OverlaySize(columns: 80, rows: 24)))
    #expect(page == 19)
    #expect(driver.press(.down).isEmpty)
    driver.press(.pageUp)
    #expect(driver.ui.linesFromBottom == page)
    driver.press(.up)
    #expect(driver.ui.linesFromBottom == page + 1)
    driver.press(.character(" "))
    #expect(driver.ui.linesFromBottom == 1)
    driver.press(.home)
    #expect(driver.ui.linesFromBottom == 100 - page)
    #expect(driver.press(.up).isEmpty)
    driver.press(.end)
    #expect(driver.ui.linesFromBottom == 0)
    driver.press(.home)
    driver.press(.character("q"))
    #expect(driver.ui.overlay == .none)
    #expect(driver.ui.linesFromBottom == 0)
    // Typing goes to the composer again, and the overlay took none of it.
    driver.type("a")
    #expect(driver.ui.composerText == "a")
    driver.press(.character("t"), .control)
    driver.press(.escape)
    #expect(driver.ui.overlay == .none)
    #expect(driver.effects.isEmpty)
  }

  // MARK: - The resume picker

  static let pickerNow: Int64 = 1_800_000_000 * paneSecond
  static let pickerRows = [
    SessionPickerRow(
      id: "a", updatedAt: pickerNow - 26 * paneSecond, createdAt: pickerNow - 60 * paneSecond,
      cwd: TranscriptSession.cwd, firstMessage: "hello there"),
    SessionPickerRow(
      id: "b", updatedAt: pickerNow - 150 * paneSecond, createdAt: pickerNow - 300 * paneSecond,
      cwd: TranscriptSession.cwd, firstMessage: "Please summarize the README"),
    SessionPickerRow(
      id: "c", updatedAt: pickerNow - 160 * paneSecond, createdAt: pickerNow - 360 * paneSecond,
      cwd: TranscriptSession.cwd, firstMessage: "Read the docs"),
    SessionPickerRow(
      id: "d", updatedAt: pickerNow - 86_400 * paneSecond,
      createdAt: pickerNow - 90_000 * paneSecond, cwd: "/elsewhere",
      firstMessage: "Read elsewhere"),
  ]

  @Test func theResumePickerSearchesChoosesAndOpens() {
    var driver = WorkstationDriver(
      context: WorkstationContext(
        turnRunning: false, now: Self.pickerNow, columns: 80, rows: 24,
        pickerRows: Self.pickerRows))
    driver.type("/resume")
    driver.press(.enter)
    #expect(driver.ui.overlay == .resumePicker)
    #expect(driver.ui.composerText == "")
    driver.type("Rea")
    #expect(driver.ui.overlayQuery == "Rea")
    #expect(driver.ui.composerText == "")
    driver.press(.down)
    #expect(driver.ui.selection == 1)
    // Two rows match in this directory ("d" is elsewhere): Down stops at the last.
    #expect(driver.press(.down).isEmpty)
    driver.press(.up)
    #expect(driver.ui.selection == 0)
    #expect(driver.press(.up).isEmpty)
    driver.press(.down)
    driver.press(.backspace)
    #expect(driver.ui.overlayQuery == "Re")
    #expect(driver.ui.selection == 0)
    driver.type("ad t")
    let intents = driver.press(.enter)
    #expect(intents.last == .openSession(id: "c", fork: false))
    #expect(driver.ui.overlay == .none)
    #expect(driver.effects == [.openSession(id: "c", fork: false)])
  }

  @Test func thePickersFilterKeyListsEveryDirectory() {
    var driver = WorkstationDriver(
      context: WorkstationContext(
        turnRunning: false, now: Self.pickerNow, columns: 80, rows: 24,
        pickerRows: Self.pickerRows))
    driver.type("/resume")
    driver.press(.enter)
    driver.type("elsewhere")
    #expect(driver.press(.enter).isEmpty)
    driver.press(.right)
    #expect(driver.controller.pickerFilter == .all)
    driver.press(.enter)
    #expect(driver.effects == [.openSession(id: "d", fork: false)])
  }
}
