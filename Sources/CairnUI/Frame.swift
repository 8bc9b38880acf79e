/// One cell of a frame: a grapheme and its style. A wide grapheme occupies its cell and
/// the next, which holds a continuation (empty text, width 0).
public struct Cell: Hashable, Sendable {
  public var text: String
  public var style: Style
  /// 1, 2, or 0 for the continuation of a wide grapheme.
  public var width: UInt8

  public init(text: String, style: Style = .plain, width: UInt8 = 1) {
    self.text = text
    self.style = style
    self.width = width
  }

  public static let blank = Cell(text: " ")
  static let continuation = Cell(text: "", width: 0)
}

/// A screenful of cells, the output of a view: what the terminal should show, and where
/// its cursor goes. Pure value; `FrameRenderer` turns two of them into bytes.
///
/// ```swift
/// var frame = Frame(columns: 80, rows: 24)
/// frame.write("› ", row: 23, column: 0, style: Style(bold: true))
/// frame.cursor = Frame.Position(row: 23, column: 2)
/// ```
public struct Frame: Hashable, Sendable {
  public struct Position: Hashable, Sendable {
    public var row: Int
    public var column: Int

    public init(row: Int, column: Int) {
      self.row = row
      self.column = column
    }
  }

  public let columns: Int
  public let rows: Int
  public private(set) var cells: [Cell]
  /// Where the terminal's cursor is shown; nil hides it.
  public var cursor: Position?

  public init(columns: Int, rows: Int) {
    self.columns = max(columns, 0)
    self.rows = max(rows, 0)
    cells = Array(repeating: .blank, count: self.columns * self.rows)
  }

  public subscript(row: Int, column: Int) -> Cell {
    cells[row * columns + column]
  }

  /// Writes `text` from (`row`, `column`), clipped at the right edge; returns the columns
  /// used. Controls are drawn as U+FFFD; a wide grapheme that does not fit whole is left
  /// out; one overwritten in half leaves a blank in the other half.
  @discardableResult
  public mutating func write(_ text: String, row: Int, column: Int, style: Style = .plain)
    -> Int
  {
    guard row >= 0, row < rows, column >= 0 else { return 0 }
    var position = column
    for character in text {
      var shown = String(character)
      var width = TextWidth.columns(character)
      if width == 0 {
        guard
          character.unicodeScalars.allSatisfy({
            $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0)
          })
        else { continue }
        shown = "\u{FFFD}"
        width = 1
      }
      guard position + width <= columns else { break }
      clearHalves(row: row, column: position, width: width)
      cells[row * columns + position] = Cell(text: shown, style: style, width: UInt8(width))
      if width == 2 {
        var continuation = Cell.continuation
        continuation.style = style
        cells[row * columns + position + 1] = continuation
      }
      position += width
    }
    return position - column
  }

  /// Fills a row from `column` to the end with blanks of `style`.
  public mutating func clear(row: Int, from column: Int = 0, style: Style = .plain) {
    guard row >= 0, row < rows, column < columns else { return }
    let start = max(column, 0)
    clearHalves(row: row, column: start, width: 1)
    for index in start..<columns {
      var cell = Cell.blank
      cell.style = style
      cells[row * columns + index] = cell
    }
  }

  /// Before cells (`column`, `width`) are overwritten: the other half of any wide grapheme
  /// they cut becomes a blank.
  private mutating func clearHalves(row: Int, column: Int, width: Int) {
    let base = row * columns
    if cells[base + column].width == 0, column > 0 {
      cells[base + column - 1] = .blank
    }
    let last = column + width - 1
    if cells[base + last].width == 2, last + 1 < columns {
      cells[base + last + 1] = .blank
    }
  }
}
