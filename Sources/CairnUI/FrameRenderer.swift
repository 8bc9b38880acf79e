/// Turns frames into the bytes that show them: the whole frame, or only what changed
/// since the frame before, with cursor moves (CUP) and SGR runs, inside synchronized
/// output (DEC mode 2026) so the terminal never shows half a frame. Pure.
///
/// ```swift
/// var bytes = FrameRenderer.diff(from: previous, to: next)  // [] when nothing changed
/// ```
public enum FrameRenderer {
  static let beginSynchronized = Array("\u{1B}[?2026h".utf8)
  static let endSynchronized = Array("\u{1B}[?2026l".utf8)

  /// Everything of `frame`, for a first paint or after the terminal lost it.
  public static func full(_ frame: Frame) -> [UInt8] {
    var writer = Writer(frame: frame)
    writer.bytes += Array("\u{1B}[0m\u{1B}[2J".utf8)
    writer.pen = .plain
    for row in 0..<frame.rows {
      writer.paint(row: row, from: 0, to: frame.columns)
    }
    return writer.finish()
  }

  /// The bytes that turn a terminal showing `old` into one showing `new`; a size change
  /// repaints everything. Empty when the frames are equal.
  public static func diff(from old: Frame?, to new: Frame) -> [UInt8] {
    guard let old, old.columns == new.columns, old.rows == new.rows else { return full(new) }
    guard old != new else { return [] }
    var writer = Writer(frame: new)
    // The terminal's cursor is where the old frame left it; every frame ends with the pen
    // reset.
    writer.cursor = nil
    writer.pen = .plain
    for row in 0..<new.rows {
      var column = 0
      while column < new.columns {
        guard old[row, column] != new[row, column] else {
          column += 1
          continue
        }
        // A run of changed cells, widened to whole graphemes.
        var start = column
        if new[row, start].width == 0 && start > 0 { start -= 1 }
        var end = column + 1
        while end < new.columns && old[row, end] != new[row, end] { end += 1 }
        if end < new.columns && new[row, end].width == 0 { end += 1 }
        writer.paint(row: row, from: start, to: end)
        column = end
      }
    }
    return writer.finish(cursorChanged: old.cursor != new.cursor)
  }

  /// Bytes under construction, and where the terminal's cursor and pen are.
  struct Writer {
    let frame: Frame
    var bytes: [UInt8] = []
    var cursor: Frame.Position? = Frame.Position(row: 0, column: 0)
    var pen: Style? = nil

    init(frame: Frame) {
      self.frame = frame
      bytes = FrameRenderer.beginSynchronized
    }

    mutating func paint(row: Int, from start: Int, to end: Int) {
      var column = start
      while column < end {
        let cell = frame[row, column]
        if cell.width == 0 {
          column += 1
          continue
        }
        moveTo(row: row, column: column)
        if pen != cell.style {
          bytes += Array("\u{1B}[\(cell.style.selectGraphicRendition)m".utf8)
          pen = cell.style
        }
        bytes += Array(cell.text.utf8)
        column += Int(cell.width)
        // At the last column the terminal's cursor stays put (pending wrap): forget it.
        cursor = column >= frame.columns ? nil : Frame.Position(row: row, column: column)
      }
    }

    mutating func moveTo(row: Int, column: Int) {
      guard cursor != Frame.Position(row: row, column: column) else { return }
      bytes += Array("\u{1B}[\(row + 1);\(column + 1)H".utf8)
      cursor = Frame.Position(row: row, column: column)
    }

    mutating func finish(cursorChanged: Bool = true) -> [UInt8] {
      if pen != nil && pen != .plain { bytes += Array("\u{1B}[0m".utf8) }
      if let target = frame.cursor {
        moveTo(row: target.row, column: target.column)
        if cursorChanged { bytes += Array("\u{1B}[?25h".utf8) }
      } else if cursorChanged {
        bytes += Array("\u{1B}[?25l".utf8)
      }
      return bytes + FrameRenderer.endSynchronized
    }
  }
}
