import CairnUI
import Testing

/// A terminal with a scrollback, for checking the inline viewport's bytes: CUP, CR, LF (at
/// the bottom of the scroll region it scrolls the region; the top line of a region that
/// starts at the screen's top goes to the scrollback, as tmux does), RI, DECSTBM, IL, DL,
/// ED 0/2/3, EL 0/1/2, SGR, printing with a pending wrap at the last column; the mode
/// switches Cairn writes are accepted and ignored.
struct ScrollbackTerminal {
  private(set) var columns: Int
  private(set) var rows: Int
  var screen: [[Cell]]
  var scrollback: [[Cell]] = []
  var row = 0
  var column = 0
  var pendingWrap = false
  var regionTop = 0
  var regionBottom: Int
  var pen = Style.plain
  var cursorVisible = true
  /// Whole-screen erases (ED 2) seen.
  var screenClears = 0

  init(columns: Int, rows: Int) {
    self.columns = columns
    self.rows = rows
    screen = Array(repeating: Self.blankRow(columns), count: rows)
    regionBottom = rows - 1
  }

  static func blankRow(_ columns: Int) -> [Cell] { Array(repeating: .blank, count: columns) }

  /// The scrollback and then the screen, with the screen's trailing blank rows left out.
  var allRows: [[Cell]] {
    var lines = scrollback + screen
    let blank = Self.blankRow(columns)
    while let last = lines.last, last == blank, lines.count > scrollback.count {
      lines.removeLast()
    }
    return lines
  }

  /// A size change that keeps the top-left of the screen (no reflow).
  mutating func resize(columns newColumns: Int, rows newRows: Int) {
    let fit = { (line: [Cell]) -> [Cell] in
      Array(line.prefix(newColumns)) + Self.blankRow(max(newColumns - line.count, 0))
    }
    screen =
      Array(screen.prefix(newRows)).map(fit)
      + Array(repeating: Self.blankRow(newColumns), count: max(newRows - rows, 0))
    scrollback = scrollback.map(fit)
    columns = newColumns
    rows = newRows
    row = min(row, rows - 1)
    column = min(column, columns - 1)
    regionTop = 0
    regionBottom = rows - 1
  }

  mutating func feed(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    var index = text.startIndex
    while index < text.endIndex {
      let character = text[index]
      index = text.index(after: index)
      switch character {
      case "\u{1B}":
        let kind = text[index]
        index = text.index(after: index)
        if kind == "M" {
          reverseIndex()
        } else if kind == "]" {
          while text[index] != "\u{07}" { index = text.index(after: index) }
          index = text.index(after: index)
        } else {
          precondition(kind == "[", "unexpected ESC \(kind)")
          var parameters = ""
          while !text[index].isLetter {
            parameters.append(text[index])
            index = text.index(after: index)
          }
          csi(parameters, final: text[index])
          index = text.index(after: index)
        }
      case "\r": column = 0; pendingWrap = false
      case "\n": lineFeed()
      case "\r\n": column = 0; pendingWrap = false; lineFeed()
      default: print(character)
      }
    }
  }

  mutating func print(_ character: Character) {
    let width = TextWidth.columns(character)
    precondition(width > 0, "zero-width text sent: \(character.unicodeScalars.map(\.value))")
    if pendingWrap {
      column = 0
      pendingWrap = false
      lineFeed()
    }
    if column + width > columns { column = columns - width }
    screen[row][column] = Cell(text: String(character), style: pen, width: UInt8(width))
    if width == 2 { screen[row][column + 1] = Cell(text: "", style: pen, width: 0) }
    column += width
    if column >= columns {
      column = columns - 1
      pendingWrap = true
    }
  }

  mutating func lineFeed() {
    pendingWrap = false
    if row == regionBottom {
      scrollUp(1)
    } else if row < rows - 1 {
      row += 1
    }
  }

  mutating func reverseIndex() {
    pendingWrap = false
    if row == regionTop {
      scrollDown(1, from: regionTop)
    } else if row > 0 {
      row -= 1
    }
  }

  mutating func scrollUp(_ count: Int) {
    for _ in 0..<count {
      let top = screen.remove(at: regionTop)
      if regionTop == 0 { scrollback.append(top) }
      screen.insert(Self.blankRow(columns), at: regionBottom)
    }
  }

  mutating func scrollDown(_ count: Int, from top: Int) {
    for _ in 0..<count {
      screen.remove(at: regionBottom)
      screen.insert(Self.blankRow(columns), at: top)
    }
  }

  mutating func csi(_ parameters: String, final: Character) {
    let numbers = parameters.split(separator: ";", omittingEmptySubsequences: false).map {
      Int($0)
    }
    let first = numbers.first.flatMap { $0 } ?? 0
    switch (parameters, final) {
    case ("?2026", "h"), ("?2026", "l"): return
    case ("?25", "h"): cursorVisible = true; return
    case ("?25", "l"): cursorVisible = false; return
    default: break
    }
    pendingWrap = false
    switch final {
    case "H":
      row = min(max((numbers.first.flatMap { $0 } ?? 1) - 1, 0), rows - 1)
      column = min(max((numbers.count > 1 ? numbers[1] ?? 1 : 1) - 1, 0), columns - 1)
    case "r":
      if parameters.isEmpty {
        regionTop = 0
        regionBottom = rows - 1
      } else {
        regionTop = numbers[0]! - 1
        regionBottom = numbers[1]! - 1
        precondition(regionTop < regionBottom && regionBottom < rows, "bad DECSTBM \(parameters)")
      }
      row = 0
      column = 0
    case "L", "M":
      guard row >= regionTop, row <= regionBottom else { return }
      for _ in 0..<max(first, 1) {
        if final == "L" {
          screen.remove(at: regionBottom)
          screen.insert(Self.blankRow(columns), at: row)
        } else {
          screen.remove(at: row)
          screen.insert(Self.blankRow(columns), at: regionBottom)
        }
      }
      column = 0
    case "J":
      switch first {
      case 0:
        for index in column..<columns { screen[row][index] = .blank }
        for below in row + 1..<rows { screen[below] = Self.blankRow(columns) }
      case 2:
        screenClears += 1
        screen = Array(repeating: Self.blankRow(columns), count: rows)
      case 3: scrollback = []
      default: Issue.record("unexpected ED \(first)")
      }
    case "K":
      let range = first == 0 ? column..<columns : (first == 1 ? 0..<column + 1 : 0..<columns)
      for index in range { screen[row][index] = .blank }
    case "m": pen = TerminalModel.style(parameters)
    default: Issue.record("unexpected CSI \(parameters)\(final)")
    }
  }
}
