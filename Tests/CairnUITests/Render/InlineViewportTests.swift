import CairnUI
import Testing

/// The inline viewport's bytes replayed into a terminal with a scrollback: whatever the
/// order of inserts, draws and resizes, the scrollback and the screen read as the shell's
/// old lines, then every history line inserted, then the pane, with nothing in between.
@Suite struct InlineViewportTests {
  /// A pane of `rows` rows: a rule, a composer holding `text` with the cursor after it,
  /// and a footer.
  static func pane(columns: Int, rows: Int, text: String) -> Frame {
    var frame = Frame(columns: columns, rows: rows)
    guard rows > 0 else { return frame }
    for row in 0..<rows - 1 {
      frame.write("─ \(row) ─", row: row, column: 0, style: .dim)
    }
    let used = frame.write("› " + text, row: rows - 1, column: 0)
    frame.write("·", row: rows - 1, column: columns - 1, style: .bold)
    frame.cursor = Frame.Position(row: rows - 1, column: min(used, columns - 1))
    return frame
  }

  static func cells(_ line: StyledLine, columns: Int) -> [[Cell]] {
    LineWrapping.wrap(line, width: columns).map { Frame.of([$0], columns: columns).cells }
  }

  static func rows(of frame: Frame) -> [[Cell]] {
    (0..<frame.rows).map { row in (0..<frame.columns).map { frame[row, $0] } }
  }

  /// The screen starts with `shell` lines above the cursor row, as after typing `cairn`.
  static func terminal(columns: Int, rows: Int, shell: Int) -> ScrollbackTerminal {
    var terminal = ScrollbackTerminal(columns: columns, rows: rows)
    for row in 0..<shell {
      terminal.feed(Array("\u{1B}[\(row + 1);1H$ shell \(row)".utf8))
    }
    return terminal
  }

  @Test func thePaneGrowsFromTheCursorRowAndHistoryGoesAboveIt() {
    var terminal = Self.terminal(columns: 30, rows: 10, shell: 3)
    let shell = Array(terminal.screen.prefix(3))
    var viewport = InlineViewport(screenRows: 10, columns: 30, cursorRow: 3)
    let pane = Self.pane(columns: 30, rows: 3, text: "hi")
    terminal.feed(viewport.draw(pane))
    #expect(viewport.paneTop == 3)
    #expect(Array(terminal.screen[3..<6]) == Self.rows(of: pane))
    #expect(terminal.row == 5 && terminal.column == 4)
    let line = StyledLine([Span("• ", .bold), Span("done 日本 👍🏽 e\u{301}")])
    terminal.feed(viewport.insertHistory([line]))
    #expect(viewport.paneTop == 4)
    #expect(terminal.allRows == shell + Self.cells(line, columns: 30) + Self.rows(of: pane))
    #expect(terminal.row == 6 && terminal.column == 4)
    #expect(terminal.screenClears == 0)
  }

  @Test func historyScrollsIntoTheScrollbackInOrder() {
    var terminal = Self.terminal(columns: 20, rows: 6, shell: 5)
    var expected = Array(terminal.screen.prefix(5))
    var viewport = InlineViewport(screenRows: 6, columns: 20, cursorRow: 5)
    let pane = Self.pane(columns: 20, rows: 2, text: "x")
    terminal.feed(viewport.draw(pane))
    // The pane did not fit below the shell lines: the screen scrolled by one.
    #expect(viewport.paneTop == 4)
    #expect(terminal.scrollback.count == 1)
    for batch in 0..<5 {
      let lines = (0..<batch + 1).map { StyledLine("line \(batch).\($0)", .italic) }
      terminal.feed(viewport.insertHistory(lines))
      expected += lines.flatMap { Self.cells($0, columns: 20) }
      #expect(terminal.allRows == expected + Self.rows(of: pane), "batch \(batch)")
    }
    #expect(terminal.screenClears == 0)
  }

  @Test func typingInThePaneCostsFewBytes() {
    var viewport = InlineViewport(screenRows: 60, columns: 200, cursorRow: 59)
    _ = viewport.draw(Self.pane(columns: 200, rows: 4, text: "hello"))
    _ = viewport.insertHistory([StyledLine("some history")])
    let bytes = viewport.draw(Self.pane(columns: 200, rows: 4, text: "hello!"))
    #expect(!bytes.isEmpty && bytes.count <= 64, "\(bytes.count) bytes")
    #expect(viewport.draw(Self.pane(columns: 200, rows: 4, text: "hello!")).isEmpty)
  }

  @Test func leavingErasesThePaneAndLeavesTheCursorBelowTheHistory() {
    var terminal = Self.terminal(columns: 16, rows: 8, shell: 2)
    let shell = Array(terminal.screen.prefix(2))
    var viewport = InlineViewport(screenRows: 8, columns: 16, cursorRow: 2)
    terminal.feed(viewport.draw(Self.pane(columns: 16, rows: 4, text: "bye")))
    terminal.feed(viewport.insertHistory([StyledLine("answer")]))
    terminal.feed(viewport.leave())
    #expect(terminal.allRows == shell + Self.cells(StyledLine("answer"), columns: 16))
    #expect(terminal.row == 3 && terminal.column == 0)
    #expect(terminal.cursorVisible)
    terminal.feed(Array("Token usage: 1".utf8))
    #expect(terminal.allRows.count == 4)
  }

  @Test func leavingAfterTheHistoryFilledTheScreenStartsAFreshLine() {
    var terminal = ScrollbackTerminal(columns: 10, rows: 4)
    var viewport = InlineViewport(screenRows: 4, columns: 10, cursorRow: 0)
    let lines = (0..<6).map { StyledLine("h\($0)") }
    terminal.feed(viewport.insertHistory(lines))
    terminal.feed(viewport.leave())
    terminal.feed(Array("$ ".utf8))
    #expect(terminal.allRows.map { $0.map(\.text).joined() }.last == "$         ")
    #expect(terminal.allRows.count == 7)
  }

  @Test func aPaneAsTallAsTheScreenStillLetsHistoryPass() {
    for paneRows in [5, 6] {
      var terminal = Self.terminal(columns: 12, rows: 6, shell: 0)
      var viewport = InlineViewport(screenRows: 6, columns: 12, cursorRow: 0)
      let pane = Self.pane(columns: 12, rows: paneRows, text: "tall")
      terminal.feed(viewport.draw(pane))
      var expected: [[Cell]] = []
      for batch in 0..<3 {
        let lines = (0..<batch + 1).map { StyledLine("t\(batch).\($0)") }
        terminal.feed(viewport.insertHistory(lines))
        expected += lines.flatMap { Self.cells($0, columns: 12) }
        #expect(terminal.allRows == expected + Self.rows(of: pane), "\(paneRows) rows, \(batch)")
      }
    }
  }

  @Test func randomInsertsDrawsAndResizesKeepHistoryThenPane() {
    var random = SplitMix(seed: 11)
    let words = ["ok", "日本", "👍", "e\u{301}", "→", "héllo", "ｈｉ", "word", "a-much-longer-word"]
    let styles = [
      Style.plain, .bold, Style.dim.foreground(.cyan), Style(background: .rgb(9, 8, 7)),
    ]
    for run in 0..<20 {
      var columns = 8 + Int(random.next() % 30)
      var rows = 3 + Int(random.next() % 10)
      let shell = Int(random.next() % UInt64(rows))
      var terminal = Self.terminal(columns: columns, rows: rows, shell: shell)
      var prefix = Array(terminal.screen.prefix(shell))
      var viewport = InlineViewport(screenRows: rows, columns: columns, cursorRow: shell)
      var history: [StyledLine] = []
      var pane: Frame? = nil
      for step in 0..<60 {
        let choice = random.next() % 10
        if choice < 4 {
          let lines = (0..<Int(random.next() % 4)).map { _ in
            StyledLine(
              (0..<Int(1 + random.next() % 6)).map { _ in
                Span(
                  words[Int(random.next() % UInt64(words.count))] + " ",
                  styles[Int(random.next() % UInt64(styles.count))])
              })
          }
          history += lines
          terminal.feed(viewport.insertHistory(lines))
        } else if choice < 9 {
          let paneRows = Int(random.next() % UInt64(rows + 2))
          pane = Self.pane(
            columns: columns, rows: paneRows, text: String(repeating: "x", count: step % 9))
          terminal.feed(viewport.draw(pane!))
        } else {
          columns = 8 + Int(random.next() % 30)
          rows = 3 + Int(random.next() % 10)
          terminal.resize(columns: columns, rows: rows)
          terminal.feed(viewport.resize(rows: rows, columns: columns))
          prefix = []
          terminal.feed(viewport.insertHistory(history))
          if let shown = pane {
            pane = Self.pane(columns: columns, rows: shown.rows, text: "r")
            terminal.feed(viewport.draw(pane!))
          }
        }
        var expected = prefix + history.flatMap { Self.cells($0, columns: columns) }
        if let pane {
          let visible = pane.cropped(rows: rows)
          expected += Self.rows(of: visible)
          if let cursor = visible.cursor {
            #expect(
              terminal.row == viewport.paneTop + cursor.row && terminal.column == cursor.column,
              "run \(run) step \(step)")
          }
        }
        // The pane's own trailing blank rows are blank on screen too.
        let blank = ScrollbackTerminal.blankRow(columns)
        while let last = expected.last, last == blank { expected.removeLast() }
        #expect(terminal.allRows == expected, "run \(run) step \(step)")
        if terminal.allRows != expected { return }
      }
    }
  }
}

extension Frame {
  /// The last `rows` rows, as the viewport shows a pane taller than the screen.
  func cropped(rows limit: Int) -> Frame {
    guard rows > limit else { return self }
    var cropped = Frame(columns: columns, rows: limit)
    for row in 0..<limit {
      for column in 0..<columns {
        let cell = self[row + rows - limit, column]
        if cell.width > 0 { cropped.write(cell.text, row: row, column: column, style: cell.style) }
      }
    }
    if let cursor, cursor.row >= rows - limit {
      cropped.cursor = Position(row: cursor.row - (rows - limit), column: cursor.column)
    }
    return cropped
  }
}
