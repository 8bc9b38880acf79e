import CairnUI
import Testing

@Suite struct ComposerViewTests {
  static let multiline =
    "Please summarize the README\nsecond line of the prompt\nthird line: keep it short"
  static let long =
    "Refactor the session store so that segments roll at 64 MiB, then write tests for the recovery of a torn tail and document the format in docs/STORE.md"

  @Test func snapshotsAtEveryWidth() {
    for width in PaneSizes.widths {
      let empty = ComposerView.render(
        text: "", cursor: 0, width: width, placeholder: ComposerView.placeholder(index: 4))
      assertFrameSnapshot(
        .paneComposer(
          empty.lines, columns: width, cursorRow: empty.cursorRow, cursorColumn: empty.cursorColumn),
        named: "empty-\(width)")
      let multi = ComposerView.render(
        text: Self.multiline, cursor: Self.multiline.utf8.count, width: width, placeholder: "")
      assertFrameSnapshot(
        .paneComposer(
          multi.lines, columns: width, cursorRow: multi.cursorRow, cursorColumn: multi.cursorColumn),
        named: "multiline-\(width)")
      let long = ComposerView.render(text: Self.long, cursor: 30, width: width, placeholder: "")
      assertFrameSnapshot(
        .paneComposer(
          long.lines, columns: width, cursorRow: long.cursorRow, cursorColumn: long.cursorColumn),
        named: "wrapped-\(width)")
      let cjk = "日本語のテキストと emoji 👩‍💻 を混ぜた長い入力がここで折り返されます。もう少し続きます。"
      let mixed = ComposerView.render(
        text: cjk, cursor: cjk.utf8.count, width: width, placeholder: "")
      assertFrameSnapshot(
        .paneComposer(
          mixed.lines, columns: width, cursorRow: mixed.cursorRow, cursorColumn: mixed.cursorColumn),
        named: "cjk-\(width)")
    }
  }

  @Test func theEmptyComposerShowsABoldPromptAndADimPlaceholder() {
    let view = ComposerView.render(
      text: "", cursor: 0, width: 80, placeholder: "Explain this codebase")
    #expect(view.lines.map(\.text) == ["› Explain this codebase"])
    #expect(view.lines[0].spans.map(\.style) == [.bold, .plain, .dim])
    #expect(view.cursorRow == 0 && view.cursorColumn == 2)
  }

  @Test func placeholdersAreChosenDeterministicallyForAnyIndex() {
    #expect(ComposerView.placeholder(index: 0) == "Explain this codebase")
    #expect(ComposerView.placeholder(index: 6) == ComposerView.placeholder(index: 0))
    #expect(ComposerView.placeholder(index: -1) == ComposerView.placeholders.last)
  }

  @Test func continuationLinesAreIndentedAndTheCursorFollowsNewlines() {
    let view = ComposerView.render(text: "ab\ncd", cursor: 3, width: 20, placeholder: "")
    #expect(view.lines.map(\.text) == ["› ab", "  cd"])
    #expect(view.cursorRow == 1 && view.cursorColumn == 2)
    let end = ComposerView.render(text: "ab\ncd", cursor: 99, width: 20, placeholder: "")
    #expect(end.cursorRow == 1 && end.cursorColumn == 4)
  }

  @Test func wrappingBreaksAtSpaces() {
    let view = ComposerView.render(
      text: "hello world again", cursor: 12, width: 14, placeholder: "")
    #expect(view.lines.map(\.text) == ["› hello world", "  again"])
    // Byte 12 is the "a" of "again": the start of the second row.
    #expect(view.cursorRow == 1 && view.cursorColumn == 2)
  }

  @Test func aWideCharacterMovesToTheNextRowWholeWithTheCursorOnItsFirstColumn() {
    let text = "日本語テキスト"  // 3 bytes and 2 columns each
    // 7 columns of content: "日本語" takes 6, "テ" would straddle the edge.
    let narrow = ComposerView.render(text: text, cursor: 9, width: 9, placeholder: "")
    #expect(narrow.lines.map(\.text) == ["› 日本語", "  テキス", "  ト"])
    #expect(narrow.cursorRow == 1 && narrow.cursorColumn == 2)
    // 8 columns: "テ" fits on the first row; the cursor before it is on column 2 + 6.
    let wide = ComposerView.render(text: text, cursor: 9, width: 10, placeholder: "")
    #expect(wide.lines.map(\.text) == ["› 日本語テ", "  キスト"])
    #expect(wide.cursorRow == 0 && wide.cursorColumn == 8)
    #expect(wide.lines.allSatisfy { $0.columns <= 10 })
  }

  @Test func aCursorInsideACharacterIsPlacedBeforeIt() {
    let view = ComposerView.render(text: "a日b", cursor: 2, width: 20, placeholder: "")
    #expect(view.cursorColumn == 3)
    let emoji = "x👩‍💻y"
    let inside = ComposerView.render(text: emoji, cursor: 5, width: 20, placeholder: "")
    #expect(inside.cursorColumn == 3)
    let after = ComposerView.render(
      text: emoji, cursor: emoji.utf8.count - 1, width: 20, placeholder: "")
    #expect(after.cursorColumn == 5)
  }

  @Test func aCursorAfterAFullRowGoesToTheNextRow() {
    let view = ComposerView.render(text: "abcdefgh", cursor: 8, width: 10, placeholder: "")
    #expect(view.lines.map(\.text) == ["› abcdefgh", "  "])
    #expect(view.cursorRow == 1 && view.cursorColumn == 2)
  }
}
