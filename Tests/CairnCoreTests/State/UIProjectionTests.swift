import CairnLogFormat
import Testing

@testable import CairnCore

/// The terminal workstation's facts: size, focus, scroll, palette and composer.
@Suite struct UIProjectionTests {
  @Test func uiFactsStartAtTheirDefaults() {
    let ui = SessionState().ui
    var expected = UIProjection()
    expected.rows = 24
    expected.columns = 80
    expected.focus = .composer
    expected.linesFromBottom = 0
    expected.paletteQuery = nil
    expected.composerText = ""
    expected.composerCursor = 0
    #expect(ui == expected)
  }

  @Test func resizeFocusAndScroll() {
    var session = TestSession()
    session.send(Fixture.terminalResized(rows: 50, columns: 200)) {
      $0.ui.rows = 50
      $0.ui.columns = 200
    }
    session.send(Fixture.terminalResized(rows: 0, columns: .max)) {
      $0.ui.rows = 0
      $0.ui.columns = .max
    }
    session.send(Fixture.focus(.transcript)) { $0.ui.focus = .transcript }
    session.send(Fixture.focus(.approval)) { $0.ui.focus = .approval }
    session.send(Fixture.scrolled(120)) { $0.ui.linesFromBottom = 120 }
    session.send(Fixture.scrolled(.max)) { $0.ui.linesFromBottom = .max }
    session.send(Fixture.scrolled(0)) { $0.ui.linesFromBottom = 0 }

    var expected = SessionState()
    expected.lastSeq = Seq(7)
    expected.ui.rows = 0
    expected.ui.columns = .max
    expected.ui.focus = .approval
    #expect(session.state == expected)
  }

  @Test func thePaletteTakesFocusAndGivesItBackToTheComposer() {
    var session = TestSession()
    session.send(Fixture.paletteOpened("")) {
      $0.ui.paletteQuery = ""
      $0.ui.focus = .palette
    }
    session.send(Fixture.paletteOpened("res")) { $0.ui.paletteQuery = "res" }
    session.send(Fixture.paletteClosed) {
      $0.ui.paletteQuery = nil
      $0.ui.focus = .composer
    }
    // Closed again: nothing to do.
    session.send(Fixture.paletteClosed)
  }

  @Test func closingThePaletteLeavesFocusThatMovedElsewhere() {
    var session = TestSession()
    session.fold([Fixture.focus(.transcript), Fixture.paletteOpened("model")])
    #expect(session.state.ui.focus == .palette)
    session.send(Fixture.focus(.approval)) { $0.ui.focus = .approval }
    session.send(Fixture.paletteClosed) { $0.ui.paletteQuery = nil }
  }

  @Test func anOverlayKeepsItsSelectionUntilAnotherOpens() {
    var session = TestSession()
    session.send(.overlayChanged(OverlayChanged(overlay: .resumePicker, query: ""))) {
      $0.ui.overlay = .resumePicker
    }
    session.send(.selectionMoved(SelectionMoved(index: 3))) { $0.ui.selection = 3 }
    // Typing a search keeps the overlay and the row.
    session.send(.overlayChanged(OverlayChanged(overlay: .resumePicker, query: "fix"))) {
      $0.ui.overlayQuery = "fix"
    }
    session.send(.overlayChanged(OverlayChanged(overlay: .none, query: ""))) {
      $0.ui.overlay = .none
      $0.ui.overlayQuery = ""
      $0.ui.selection = 0
    }
    session.send(.selectionMoved(SelectionMoved(index: 2))) { $0.ui.selection = 2 }
    session.send(Fixture.paletteOpened("mo")) {
      $0.ui.paletteQuery = "mo"
      $0.ui.focus = .palette
      $0.ui.selection = 0
    }
  }

  @Test func theComposerCursorIsClampedToTheTextsUTF8Length() {
    var session = TestSession()
    session.send(Fixture.composerEdited("hello", cursor: 3)) {
      $0.ui.composerText = "hello"
      $0.ui.composerCursor = 3
    }
    session.send(Fixture.composerEdited("hello", cursor: 5)) { $0.ui.composerCursor = 5 }
    session.send(Fixture.composerEdited("hello", cursor: 6)) { $0.ui.composerCursor = 5 }
    // "日本🌍é" is 3 + 3 + 4 + 2 = 12 UTF-8 bytes, 4 characters.
    session.send(Fixture.composerEdited("日本🌍é", cursor: .max)) {
      $0.ui.composerText = "日本🌍é"
      $0.ui.composerCursor = 12
    }
    session.send(Fixture.composerEdited("日本🌍é", cursor: 10)) { $0.ui.composerCursor = 10 }
    session.send(Fixture.composerEdited("", cursor: 7)) {
      $0.ui.composerText = ""
      $0.ui.composerCursor = 0
    }
  }
}
