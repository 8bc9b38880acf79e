import CairnUI
import Testing

/// The renderer's bytes, checked by replaying them into a small terminal model: whatever
/// the diff emits, the screen must end up equal to the new frame.
@Suite struct FrameRendererTests {
  @Test func aFullPaintShowsTheFrame() {
    var frame = Frame(columns: 6, rows: 2)
    frame.write("hi", row: 0, column: 0, style: Style(foreground: .indexed(2), bold: true))
    frame.write("日x", row: 1, column: 1)
    frame.cursor = Frame.Position(row: 1, column: 4)
    var screen = TerminalModel(columns: 6, rows: 2)
    screen.feed(FrameRenderer.full(frame))
    #expect(screen.mismatch(frame) == nil)
    #expect(screen.cursorVisible)
    let text = String(decoding: FrameRenderer.full(frame), as: UTF8.self)
    #expect(text.hasPrefix("\u{1B}[?2026h"))
    #expect(text.hasSuffix("\u{1B}[?2026l"))
    #expect(text.contains("\u{1B}[0;1;32mhi"))
  }

  @Test func equalFramesNeedNoBytes() {
    var frame = Frame(columns: 10, rows: 3)
    frame.write("same", row: 1, column: 2)
    #expect(FrameRenderer.diff(from: frame, to: frame).isEmpty)
  }

  @Test func typingOneCharacterCostsAFewBytes() {
    var before = Frame(columns: 200, rows: 60)
    before.write("› hello", row: 58, column: 0)
    before.cursor = Frame.Position(row: 58, column: 7)
    var after = before
    after.write("!", row: 58, column: 7)
    after.cursor = Frame.Position(row: 58, column: 8)
    let bytes = FrameRenderer.diff(from: before, to: after)
    #expect(bytes.count <= 64, "\(bytes.count) bytes")
    var screen = TerminalModel(columns: 200, rows: 60)
    screen.feed(FrameRenderer.full(before))
    screen.feed(bytes)
    #expect(screen.mismatch(after) == nil)
  }

  @Test func wideCharactersAreRepaintedWhole() {
    var before = Frame(columns: 8, rows: 1)
    before.write("a日本b", row: 0, column: 0)
    var after = before
    // Overwriting the second half of 日 leaves a blank where its first half was.
    after.write("X", row: 0, column: 2)
    #expect(after[0, 1] == Cell.blank)
    var screen = TerminalModel(columns: 8, rows: 1)
    screen.feed(FrameRenderer.full(before))
    screen.feed(FrameRenderer.diff(from: before, to: after))
    #expect(screen.mismatch(after) == nil)
  }

  @Test func randomEditsAlwaysConverge() {
    var random = SplitMix(seed: 7)
    let words = ["ok", "日本", "👍", "e\u{301}", "tab\there", "→", "héllo", " ", "ｈｉ"]
    let styles = [
      Style.plain, Style(foreground: .indexed(1)),
      Style(background: .rgb(1, 2, 3), underline: true),
      Style(foreground: .indexed(200), reverse: true),
    ]
    var frame = Frame(columns: 23, rows: 7)
    var screen = TerminalModel(columns: 23, rows: 7)
    screen.feed(FrameRenderer.full(frame))
    for step in 0..<400 {
      var next = frame
      for _ in 0..<Int(random.next() % 4) {
        let row = Int(random.next() % 7)
        let column = Int(random.next() % 23)
        if random.next() % 5 == 0 {
          next.clear(row: row, from: column, style: styles[Int(random.next() % 4)])
        } else {
          next.write(
            words[Int(random.next() % UInt64(words.count))], row: row, column: column,
            style: styles[Int(random.next() % 4)])
        }
      }
      next.cursor =
        random.next() % 3 == 0
        ? nil : Frame.Position(row: Int(random.next() % 7), column: Int(random.next() % 23))
      screen.feed(FrameRenderer.diff(from: frame, to: next))
      #expect(screen.mismatch(next) == nil, "step \(step)")
      #expect(screen.cursorVisible == (next.cursor != nil), "step \(step)")
      frame = next
    }
  }
}

/// The part of a terminal the renderer relies on: CUP, SGR, ED 2, cursor visibility and
/// printing graphemes of width 1 or 2 with a pending wrap at the last column.
struct TerminalModel {
  let columns: Int
  let rows: Int
  var cells: [Cell]
  var row = 0
  var column = 0
  var pen = Style.plain
  var cursorVisible = true

  init(columns: Int, rows: Int) {
    self.columns = columns
    self.rows = rows
    cells = Array(repeating: .blank, count: columns * rows)
  }

  mutating func feed(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    var index = text.startIndex
    while index < text.endIndex {
      let character = text[index]
      if character == "\u{1B}" {
        let open = text.index(after: index)
        precondition(text[open] == "[", "only CSI sequences are expected")
        var end = text.index(after: open)
        while !(text[end].isLetter) { end = text.index(after: end) }
        csi(String(text[text.index(after: open)..<end]), final: text[end])
        index = text.index(after: end)
        continue
      }
      let width = TextWidth.columns(character)
      precondition(width > 0, "the renderer never sends zero-width text")
      if column + width > columns { column = columns - width }
      cells[row * columns + column] = Cell(text: String(character), style: pen, width: UInt8(width))
      if width == 2 {
        cells[row * columns + column + 1] = Cell(text: "", style: pen, width: 0)
      }
      column = min(column + width, columns - 1)
      index = text.index(after: index)
    }
  }

  mutating func csi(_ parameters: String, final: Character) {
    switch (parameters, final) {
    case ("?2026", "h"), ("?2026", "l"): break
    case ("?25", "h"): cursorVisible = true
    case ("?25", "l"): cursorVisible = false
    case ("2", "J"): cells = Array(repeating: .blank, count: columns * rows)
    case (_, "H"):
      let numbers = parameters.split(separator: ";").map { Int($0)! }
      row = numbers[0] - 1
      column = numbers[1] - 1
    case (_, "m"): pen = Self.style(parameters)
    default: Issue.record("unexpected CSI \(parameters)\(final)")
    }
  }

  static func style(_ parameters: String) -> Style {
    var style = Style.plain
    var numbers = parameters.split(separator: ";").map { Int($0)! }[...]
    while let number = numbers.popFirst() {
      switch number {
      case 0: style = .plain
      case 1: style.bold = true
      case 2: style.dim = true
      case 3: style.italic = true
      case 4: style.underline = true
      case 7: style.reverse = true
      case 30...37: style.foreground = .indexed(UInt8(number - 30))
      case 90...97: style.foreground = .indexed(UInt8(number - 90 + 8))
      case 40...47: style.background = .indexed(UInt8(number - 40))
      case 100...107: style.background = .indexed(UInt8(number - 100 + 8))
      case 38, 48:
        let color: Color
        if numbers.popFirst() == 5 {
          color = .indexed(UInt8(numbers.popFirst()!))
        } else {
          color = .rgb(
            UInt8(numbers.popFirst()!), UInt8(numbers.popFirst()!), UInt8(numbers.popFirst()!))
        }
        if number == 38 { style.foreground = color } else { style.background = color }
      default: Issue.record("unexpected SGR \(number)")
      }
    }
    return style
  }

  /// The first difference from the frame (a cell, or the cursor), or nil when the screen
  /// shows exactly it.
  func mismatch(_ frame: Frame) -> String? {
    for row in 0..<rows {
      for column in 0..<columns where cells[row * columns + column] != frame[row, column] {
        return "row \(row) column \(column): \(cells[row * columns + column]) instead of "
          + "\(frame[row, column])"
      }
    }
    if let cursor = frame.cursor, cursor.row != row || cursor.column != column {
      return "cursor at \(row),\(column) instead of \(cursor.row),\(cursor.column)"
    }
    return nil
  }
}

/// A seeded generator, so a failing step can be replayed.
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// The cell representation (scalars inline, clusters in a side table, packed styles) reads
/// back what was written.
@Suite struct FrameCellTests {
  @Test func cellsReadBackGraphemesWidthsAndStyles() {
    var frame = Frame(columns: 12, rows: 1)
    let style = Style(foreground: .rgb(1, 200, 3), background: .indexed(12), italic: true)
    frame.write("a日e\u{301}👍🏽\u{1}❤️", row: 0, column: 0, style: style)
    let cells = (0..<9).map { frame[0, $0] }
    #expect(cells.map(\.text) == ["a", "日", "", "e\u{301}", "👍🏽", "", "\u{FFFD}", "❤️", ""])
    #expect(cells.map(\.width) == [1, 2, 0, 1, 2, 0, 1, 2, 0])
    #expect(cells.allSatisfy { $0.style == style })
    #expect(frame[0, 9] == Cell.blank)
  }

  @Test func equalFramesCompareEqualWhateverTheirClusterTables() {
    var first = Frame(columns: 6, rows: 2)
    first.write("👍🏽x", row: 0, column: 0)
    first.write("e\u{301}", row: 1, column: 3)
    var second = Frame(columns: 6, rows: 2)
    second.write("zzzzz", row: 0, column: 0)
    second.write("👋🏽e\u{301}", row: 1, column: 0)
    second.clear(row: 1)
    second.write("e\u{301}", row: 1, column: 3)
    second.write("👍🏽x", row: 0, column: 0)
    second.write("  ", row: 0, column: 3)
    second.clear(row: 0, from: 3)
    #expect(first == second)
    #expect(first.hashValue == second.hashValue)
    second.write("👍🏻", row: 0, column: 0)
    #expect(first != second)
    #expect(FrameRenderer.diff(from: first, to: second).count > 0)
  }

  @Test func asciiNextToCombiningMarksStaysOneGrapheme() {
    var frame = Frame(columns: 8, rows: 1)
    #expect(frame.write("abe\u{301}cd", row: 0, column: 0) == 5)
    #expect(frame[0, 2].text == "e\u{301}")
    #expect(frame[0, 3].text == "c")
    #expect(frame.write("xyz", row: 0, column: 6) == 2)
    #expect(frame[0, 7].text == "y")
  }

  /// The fast paths (ASCII runs, lone scalars) cut text into the same graphemes as
  /// `Character` does, with the same widths, whatever follows them.
  @Test func writeMatchesGraphemeByGrapheme() {
    let pieces = [
      "a", "é", "e\u{301}", "─", "—", "•", "日", "か\u{3099}", "ｈ", "ﾊ\u{FF9F}", "👍", "👍🏽",
      "👩\u{200D}💻", "🇫🇷", "\u{1100}\u{1161}", "\u{600}a", "\r\n", "\u{1}", "\u{85}", " ",
      "\u{301}", "\u{FE0F}", "❤", "\u{200D}", "क\u{94D}\u{937}", "©", "\u{AD}",
    ]
    var random = SplitMix(seed: 3)
    for _ in 0..<500 {
      let text = (0..<Int(random.next() % 12)).map { _ in
        pieces[Int(random.next() % UInt64(pieces.count))]
      }.joined()
      var frame = Frame(columns: 16, rows: 1)
      let used = frame.write(text, row: 0, column: 0, style: .bold)
      var expected: [Cell] = []
      for character in text {
        var width = TextWidth.columns(character)
        var shown = String(character)
        if width == 0 {
          guard
            character.unicodeScalars.allSatisfy({
              $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0)
            })
          else { continue }
          width = 1
          shown = "\u{FFFD}"
        }
        guard expected.count + width <= 16 else { break }
        expected.append(Cell(text: shown, style: .bold, width: UInt8(width)))
        if width == 2 { expected.append(Cell(text: "", style: .bold, width: 0)) }
      }
      #expect(used == expected.count, "\(text.unicodeScalars.map(\.value))")
      #expect(
        (0..<expected.count).map { frame[0, $0] } == expected,
        "\(text.unicodeScalars.map(\.value))")
    }
  }

  @Test func manyRewritesDoNotGrowTheClusterTableWithoutBound() {
    var frame = Frame(columns: 4, rows: 1)
    for _ in 0..<10_000 { frame.write("👍🏽e\u{301}", row: 0, column: 0) }
    #expect(frame[0, 0].text == "👍🏽")
    #expect(frame[0, 2].text == "e\u{301}")
  }

  @Test func styledRunsReplayWithEverySGRParameter() {
    var frame = Frame(columns: 40, rows: 3)
    frame.write("bold", row: 0, column: 0, style: .bold)
    frame.write("dim", row: 0, column: 5, style: .dim.foreground(.indexed(9)))
    frame.write("rgb", row: 1, column: 0, style: Style(background: .rgb(255, 0, 128)))
    frame.write(
      "all", row: 2, column: 0,
      style: Style(
        foreground: .indexed(200), background: .indexed(3), bold: true, dim: true,
        italic: true, underline: true, reverse: true))
    frame.cursor = Frame.Position(row: 2, column: 39)
    var screen = TerminalModel(columns: 40, rows: 3)
    let bytes = FrameRenderer.full(frame)
    screen.feed(bytes)
    #expect(screen.mismatch(frame) == nil)
    let text = String(decoding: bytes, as: UTF8.self)
    #expect(text.contains("\u{1B}[0;1;2;3;4;7;38;5;200;43mall"))
    #expect(text.contains("\u{1B}[0;48;2;255;0;128mrgb"))
    #expect(text.contains("\u{1B}[0;2;91mdim"))
  }
}
