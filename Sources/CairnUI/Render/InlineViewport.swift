/// Codex's inline screen, planned as bytes: finished transcript lines go into the
/// terminal's normal scrollback, above the bottom pane, and only the pane (a `Frame` as wide
/// as the terminal) is redrawn in place. No alternate screen, and never a whole-screen clear
/// while running (only `resize` clears, to print the history again at the new width).
/// Pure: it knows only what it wrote; the driver writes the bytes.
///
/// ```swift
/// var viewport = InlineViewport(screenRows: 24, columns: 80, cursorRow: replyTo6n - 1)
/// write(viewport.draw(pane))                    // the pane grows from the cursor row down
/// write(viewport.insertHistory(finishedLines))  // above the pane, into the scrollback
/// write(viewport.draw(nextPane))                // a keystroke: only the changed cells
/// write(viewport.leave())                       // the pane erased, the cursor below history
/// ```
///
/// Where things are: the pane occupies terminal rows `paneTop..<paneTop + paneRows`; what
/// is above it is history (or the shell's output from before Cairn started); the rows below
/// it are blank. A pane that grows past the screen's bottom scrolls the screen (the top rows
/// go to the scrollback); history is inserted into blank rows below the pane first (the
/// pane moves down, IL), then by scrolling only the rows above the pane (a DECSTBM scroll
/// region over them, newlines at its bottom: the region's top line goes to the scrollback).
public struct InlineViewport: Sendable {
  public private(set) var screenRows: Int
  public private(set) var columns: Int
  /// The terminal row of the pane's top (0-based); `screenRows` when an empty pane sits
  /// below a screen full of history.
  public private(set) var paneTop: Int
  /// The rows the pane takes on screen.
  public private(set) var paneRows = 0
  /// The pane as the terminal shows it; nil before the first draw and when it was lost.
  private var shown: Frame?

  /// `cursorRow` is where the terminal's cursor is at start (0-based, from the `ESC[6n`
  /// reply; the driver passes the bottom row when there was no reply): the pane starts
  /// there.
  public init(screenRows: Int, columns: Int, cursorRow: Int) {
    self.screenRows = max(screenRows, 1)
    self.columns = max(columns, 1)
    paneTop = min(max(cursorRow, 0), self.screenRows - 1)
  }

  /// Draws the pane: only its changed cells when it kept its size, else all its rows
  /// (growing down from `paneTop`, scrolling the screen at the bottom; erasing the rows it
  /// gave up). A pane taller than the screen shows its bottom rows.
  public mutating func draw(_ pane: Frame) -> [UInt8] {
    let pane = pane.cropped(columns: columns, rows: min(pane.rows, screenRows))
    if let shown, shown.rows == pane.rows {
      var writer = FrameRenderer.Writer(frame: pane, rowOffset: paneTop, capacity: 256)
      writer.bytes.append(contentsOf: FrameRenderer.beginSynchronized)
      writer.pen = 0
      guard writer.paintChanges(from: shown) || shown.cursor != pane.cursor else { return [] }
      writer.finish(cursorChanged: shown.cursor != pane.cursor)
      writer.bytes.append(contentsOf: FrameRenderer.endSynchronized)
      self.shown = pane
      return writer.bytes
    }
    var bytes = FrameRenderer.beginSynchronized
    let overflow = paneTop + pane.rows - screenRows
    if overflow > 0 {
      // Newlines at the bottom row scroll the whole screen: history (and the old pane's
      // top rows, repainted below) go up, the top rows into the scrollback.
      FrameRenderer.Writer.appendCursorPosition(row: screenRows - 1, column: 0, to: &bytes)
      bytes.append(contentsOf: repeatElement(0x0A, count: overflow))
      paneTop -= overflow
    }
    bytes += paint(pane, erasingBelow: paneRows > pane.rows)
    bytes += FrameRenderer.endSynchronized
    paneRows = pane.rows
    shown = pane
    return bytes
  }

  /// Puts `lines` above the pane, wrapped at the terminal's width, in order, so that they
  /// end in the scrollback as the screen fills; the pane keeps its look and is repainted
  /// only when it filled the screen (the lines then have to pass over it).
  public mutating func insertHistory(_ lines: [StyledLine]) -> [UInt8] {
    let wrapped = lines.flatMap { LineWrapping.wrap($0, width: columns) }
    guard !wrapped.isEmpty else { return [] }
    var bytes = FrameRenderer.beginSynchronized
    // First the blank rows below the pane: the pane moves down over them.
    let moved = min(wrapped.count, screenRows - paneTop - paneRows)
    let oldTop = paneTop
    if moved > 0 {
      if paneRows > 0 {
        FrameRenderer.Writer.appendCursorPosition(row: paneTop, column: 0, to: &bytes)
        bytes += Array("\u{1B}[\(moved)L".utf8)
      }
      paneTop += moved
    }
    for (offset, line) in wrapped.prefix(moved).enumerated() {
      FrameRenderer.Writer.appendCursorPosition(row: oldTop + offset, column: 0, to: &bytes)
      bytes += Self.erasedLine(line, columns: columns)
    }
    let rest = wrapped.dropFirst(moved)
    var paneLost = false
    if !rest.isEmpty && paneTop >= 2 {
      // Then the rows above the pane scroll as a region: its top row goes to the
      // scrollback at each newline, the pane below the region stays put.
      bytes += Array("\u{1B}[1;\(paneTop)r".utf8)
      FrameRenderer.Writer.appendCursorPosition(row: paneTop - 1, column: 0, to: &bytes)
      for line in rest {
        bytes += [0x0D, 0x0A]
        bytes += Self.erasedLine(line, columns: columns)
      }
      bytes += Array("\u{1B}[r".utf8)
    } else if !rest.isEmpty {
      // No region of two rows above the pane: the pane fills the screen (or all of it
      // but a row). Each line goes over the top row, and the whole screen scrolls it out;
      // the pane is repainted after.
      paneLost = paneRows > 0
      for line in rest {
        if paneTop == 1 {
          FrameRenderer.Writer.appendCursorPosition(row: screenRows - 1, column: 0, to: &bytes)
          bytes.append(0x0A)
        }
        FrameRenderer.Writer.appendCursorPosition(row: 0, column: 0, to: &bytes)
        bytes += Self.erasedLine(line, columns: columns)
        if paneTop == 0 {
          FrameRenderer.Writer.appendCursorPosition(row: screenRows - 1, column: 0, to: &bytes)
          bytes.append(0x0A)
        }
      }
    }
    if let shown {
      if paneLost {
        bytes += paint(shown, erasingBelow: false)
      } else if let cursor = shown.cursor {
        FrameRenderer.Writer.appendCursorPosition(
          row: paneTop + cursor.row, column: cursor.column, to: &bytes)
      }
    }
    return bytes + FrameRenderer.endSynchronized
  }

  /// The terminal changed size. Terminals differ in what they do to their lines then
  /// (reflow, push into or pull from the scrollback), so, as Codex does, the screen and the
  /// scrollback are cleared: the driver then inserts the whole history again, wrapped at the
  /// new width, and draws the pane.
  public mutating func resize(rows: Int, columns: Int) -> [UInt8] {
    screenRows = max(rows, 1)
    self.columns = max(columns, 1)
    paneTop = 0
    paneRows = 0
    shown = nil
    return FrameRenderer.beginSynchronized
      + Array("\u{1B}[r\u{1B}[0m\u{1B}[H\u{1B}[2J\u{1B}[3J".utf8)
      + FrameRenderer.endSynchronized
  }

  /// The terminal no longer shows the pane (e.g. something else wrote over it): the next
  /// `draw` paints it whole.
  public mutating func invalidate() {
    shown = nil
  }

  /// Erases the pane and leaves the cursor at the start of the row below the history,
  /// shown, where the shell prompt or the exit lines go.
  public mutating func leave() -> [UInt8] {
    var bytes = FrameRenderer.beginSynchronized + Array("\u{1B}[r\u{1B}[0m".utf8)
    if paneTop >= screenRows {
      FrameRenderer.Writer.appendCursorPosition(row: screenRows - 1, column: 0, to: &bytes)
      bytes += [0x0D, 0x0A]
    } else {
      FrameRenderer.Writer.appendCursorPosition(row: paneTop, column: 0, to: &bytes)
      bytes += Array("\u{1B}[J".utf8)
    }
    bytes += Array("\u{1B}[?25h".utf8)
    paneRows = 0
    shown = nil
    return bytes + FrameRenderer.endSynchronized
  }

  /// Every row of `pane` at `paneTop`, each erased right of its last ink; then, when the
  /// pane got shorter, the rows below it erased.
  private func paint(_ pane: Frame, erasingBelow: Bool) -> [UInt8] {
    var writer = FrameRenderer.Writer(
      frame: pane, rowOffset: paneTop, capacity: pane.columns * pane.rows + 64)
    writer.pen = 0
    for row in 0..<pane.rows { writer.paintErasing(row: row) }
    if erasingBelow, paneTop + pane.rows < screenRows {
      writer.moveTo(row: pane.rows, column: 0)
      writer.setPen(0)
      writer.bytes += Array("\u{1B}[J".utf8)
    }
    writer.finish(cursorChanged: true)
    return writer.bytes
  }

  /// A history line's bytes for the row the cursor is at (column 0): the row erased, the
  /// line, the pen reset.
  private static func erasedLine(_ line: StyledLine, columns: Int) -> [UInt8] {
    var frame = Frame(columns: columns, rows: 1)
    frame.draw(line, row: 0)
    var writer = FrameRenderer.Writer(frame: frame, rowOffset: 0, capacity: columns + 16)
    writer.bytes += Array("\u{1B}[2K".utf8)
    writer.cursor = Frame.Position(row: 0, column: 0)
    writer.pen = 0
    writer.paint(row: 0, from: 0, to: writer.inkEnd(row: 0))
    writer.setPen(0)
    return writer.bytes
  }
}
