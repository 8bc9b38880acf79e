import CairnCore
import CairnUI
import Testing

@Suite struct FooterTests {
  @Test func snapshotsAtEveryWidth() {
    for width in PaneSizes.widths {
      assertLinesSnapshot(
        [
          Footer.line(
            model: "gpt-5.5", effort: nil, cwd: "/home/user/work", width: width, hint: nil),
          Footer.line(
            model: "gpt-5.5", effort: "high", cwd: "/home/user/src/cairn/Sources/CairnUI/Overlays",
            width: width, hint: nil, home: "/home/user"),
          Footer.line(
            model: "gpt-5.5", effort: nil, cwd: "/", width: width, hint: .escAgainToEditPrevious),
          Footer.line(
            model: "gpt-5.5", effort: nil, cwd: "/", width: width, hint: .ctrlCAgainToQuit),
        ], columns: width, named: "footer-\(width)")
      assertLinesSnapshot(
        ShortcutsHelp.lines(width: width), columns: width, named: "shortcuts-\(width)")
    }
  }

  @Test func theFooterUsesCodexsColours() {
    let line = Footer.line(
      model: "gpt-5.5", effort: nil, cwd: "/home/user/work", width: 80, hint: nil)
    #expect(line.text == "  gpt-5.5 default · /home/user/work")
    #expect(
      line.spans.map(\.style) == [
        .plain, Style.plain.foreground(.rgb(0xF6, 0xE2, 0xB7)), .dim,
        Style.plain.foreground(.rgb(0xAB, 0xDF, 0xA7)),
      ])
  }

  @Test func theDirectoryIsShortenedWithTildeAndFromTheLeft() {
    let home = Footer.line(
      model: "m", effort: "low", cwd: "/home/me/work", width: 80, hint: nil, home: "/home/me")
    #expect(home.text == "  m low · ~/work")
    let notHome = Footer.line(
      model: "m", effort: "low", cwd: "/home/meadow", width: 80, hint: nil, home: "/home/me")
    #expect(notHome.text == "  m low · /home/meadow")
    let long = Footer.line(
      model: "gpt-5.5", effort: nil, cwd: "/very/long/path/to/some/project/directory", width: 40,
      hint: nil)
    #expect(long.columns <= 40)
    #expect(long.text.hasSuffix("…/project/directory"))
  }

  @Test func aHintReplacesTheFooterDim() {
    let line = Footer.line(
      model: "m", effort: nil, cwd: "/", width: 80, hint: .escAgainToEditPrevious)
    #expect(line == StyledLine("  esc again to edit previous message", .dim))
  }

  @Test func theShortcutHelpHasTwoColumnsWhenTheyFit() {
    let wide = ShortcutsHelp.lines(width: 80)
    #expect(wide[0].text == "  / for commands                             ! for shell commands")
    #expect(wide.last?.text == "  customize shortcuts with /keymap")
    let narrow = ShortcutsHelp.lines(width: 40)
    #expect(narrow.count == ShortcutsHelp.entries.count * 2 + 2)
    #expect(narrow.allSatisfy { $0.columns <= 40 })
  }
}

@Suite struct ExitSummaryTests {
  @Test func theExitLinesReadLikeCodexs() {
    let lines = ExitSummary.lines(
      usage: TokenCounts(inputTokens: 100, outputTokens: 10),
      sessionID: "01a2141f-774a-7212-9263-65505bda21d8")
    #expect(
      lines.map(\.text) == [
        "Token usage: total=110 input=100 output=10",
        "To continue this session, run cairn resume 01a2141f-774a-7212-9263-65505bda21d8",
      ])
    #expect(lines[1].spans.last?.style == Style.plain.foreground(.cyan))
    for width in PaneSizes.widths {
      assertLinesSnapshot(lines, columns: width, named: "exit-\(width)")
    }
  }
}
