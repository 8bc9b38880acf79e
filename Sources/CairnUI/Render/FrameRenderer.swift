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

  /// Everything of `frame`, for a first paint or after the terminal lost it: the screen is
  /// cleared (ED 2) and painted from its top row.
  public static func full(_ frame: Frame) -> [UInt8] {
    var writer = Writer(frame: frame, rowOffset: 0, capacity: frame.columns * frame.rows + 256)
    writer.bytes.append(contentsOf: beginSynchronized)
    // ESC[0m ESC[2J
    writer.bytes.append(contentsOf: [0x1B, 0x5B, 0x30, 0x6D, 0x1B, 0x5B, 0x32, 0x4A])
    writer.pen = 0
    for row in 0..<frame.rows {
      // The cleared screen is blank already: a row's trailing plain blanks need no bytes.
      writer.paint(row: row, from: 0, to: writer.inkEnd(row: row))
    }
    writer.finish(cursorChanged: true)
    writer.bytes.append(contentsOf: endSynchronized)
    return writer.bytes
  }

  /// The bytes that turn a terminal showing `old` into one showing `new`; a size change
  /// repaints everything. Empty when the frames are equal.
  public static func diff(from old: Frame?, to new: Frame) -> [UInt8] {
    guard let old, old.columns == new.columns, old.rows == new.rows else { return full(new) }
    var writer = Writer(frame: new, rowOffset: 0, capacity: 256)
    writer.bytes.append(contentsOf: beginSynchronized)
    // Every frame ends with the pen reset; the cursor is wherever the old frame left it.
    writer.pen = 0
    guard writer.paintChanges(from: old) || old.cursor != new.cursor else { return [] }
    writer.finish(cursorChanged: old.cursor != new.cursor)
    writer.bytes.append(contentsOf: endSynchronized)
    return writer.bytes
  }

  /// Bytes under construction, and where the terminal's cursor and pen are. Frame rows are
  /// painted at terminal rows `rowOffset` and below (the inline viewport's pane). The pen
  /// is a packed style, nil when unknown.
  struct Writer {
    let frame: Frame
    let rowOffset: Int
    var bytes: [UInt8] = []
    /// Where the terminal's cursor is, in frame coordinates; nil when unknown.
    var cursor: Frame.Position? = nil
    var pen: UInt64? = nil

    init(frame: Frame, rowOffset: Int, capacity: Int) {
      self.frame = frame
      self.rowOffset = rowOffset
      bytes.reserveCapacity(capacity)
    }

    /// The column after a row's last cell that is not a plain blank.
    func inkEnd(row: Int) -> Int {
      let base = row * frame.columns
      var end = frame.columns
      while end > 0, frame.glyphs[base + end - 1] == Frame.blankGlyph,
        frame.styles[base + end - 1] == 0
      {
        end -= 1
      }
      return end
    }

    /// Paints the cells that differ from `old` (same size); whether any did.
    mutating func paintChanges(from old: Frame) -> Bool {
      var changed = false
      let columns = frame.columns
      for row in 0..<frame.rows where !frame.sameRow(row, as: old) {
        changed = true
        let base = row * columns
        var column = 0
        while column < columns {
          guard !frame.sameCell(base + column, as: old, base + column) else {
            column += 1
            continue
          }
          // A run of changed cells, widened to whole graphemes.
          var start = column
          if frame.glyphs[base + start] == Frame.continuationGlyph && start > 0 { start -= 1 }
          var end = column + 1
          while end < columns && !frame.sameCell(base + end, as: old, base + end) { end += 1 }
          if end < columns && frame.glyphs[base + end] == Frame.continuationGlyph { end += 1 }
          paint(row: row, from: start, to: end)
          column = end
        }
      }
      return changed
    }

    /// Paints a whole row and erases what is right of its last ink (EL), for a terminal
    /// row whose content is unknown.
    mutating func paintErasing(row: Int) {
      let end = inkEnd(row: row)
      moveTo(row: row, column: 0)
      paint(row: row, from: 0, to: end)
      guard end < frame.columns else { return }
      moveTo(row: row, column: end)
      setPen(0)
      bytes.append(contentsOf: [0x1B, 0x5B, 0x4B])  // ESC[K
    }

    /// Paints cells `start..<end` of `row`: one cursor move, SGR where the style changes,
    /// the text of a run of one style gathered and appended at once.
    mutating func paint(row: Int, from start: Int, to end: Int) {
      let base = row * frame.columns
      let glyphs = frame.glyphs
      let styles = frame.styles
      var column = start
      while column < end, glyphs[base + column] == Frame.continuationGlyph { column += 1 }
      guard column < end else { return }
      moveTo(row: row, column: column)
      withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4 * (end - column)) { run in
        var used = 0
        glyphs.withUnsafeBufferPointer { glyphs in
          styles.withUnsafeBufferPointer { styles in
            while column < end {
              let glyph = glyphs[base + column]
              let width = Int(Glyph.width(glyph))
              if width == 0 {
                column += 1
                continue
              }
              let style = styles[base + column]
              if pen != style || Glyph.isCluster(glyph) {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: run[0..<used]))
                used = 0
                setPen(style)
              }
              if Glyph.isCluster(glyph) {
                bytes.append(contentsOf: frame.clusters[Int(Glyph.payload(glyph))].utf8)
              } else {
                used += Self.encodeUTF8(Glyph.payload(glyph), into: run, at: used)
              }
              column += width
            }
          }
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: run[0..<used]))
      }
      // At the last column the terminal's cursor stays put (pending wrap): forget it.
      cursor = column >= frame.columns ? nil : Frame.Position(row: row, column: column)
    }

    mutating func setPen(_ style: UInt64) {
      guard pen != style else { return }
      Self.appendSelectGraphicRendition(style, to: &bytes)
      pen = style
    }

    mutating func moveTo(row: Int, column: Int) {
      guard cursor != Frame.Position(row: row, column: column) else { return }
      Self.appendCursorPosition(row: row + rowOffset, column: column, to: &bytes)
      cursor = Frame.Position(row: row, column: column)
    }

    /// Resets the pen and puts the cursor where the frame wants it (showing or hiding it
    /// when that changed).
    mutating func finish(cursorChanged: Bool) {
      if pen != 0 { bytes.append(contentsOf: [0x1B, 0x5B, 0x30, 0x6D]) }  // ESC[0m
      pen = 0
      if let target = frame.cursor {
        moveTo(row: target.row, column: target.column)
        if cursorChanged { bytes.append(contentsOf: [0x1B, 0x5B, 0x3F, 0x32, 0x35, 0x68]) }
      } else if cursorChanged {
        bytes.append(contentsOf: [0x1B, 0x5B, 0x3F, 0x32, 0x35, 0x6C])
      }
    }

    /// Writes `value`'s UTF-8 at `buffer[at...]`; the bytes written.
    @inline(__always)
    static func encodeUTF8(
      _ value: UInt32, into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int
    ) -> Int {
      if value < 0x80 {
        buffer[start] = UInt8(value)
        return 1
      }
      if value < 0x800 {
        buffer[start] = UInt8(0xC0 | value >> 6)
        buffer[start + 1] = UInt8(0x80 | value & 0x3F)
        return 2
      }
      if value < 0x10000 {
        buffer[start] = UInt8(0xE0 | value >> 12)
        buffer[start + 1] = UInt8(0x80 | value >> 6 & 0x3F)
        buffer[start + 2] = UInt8(0x80 | value & 0x3F)
        return 3
      }
      buffer[start] = UInt8(0xF0 | value >> 18)
      buffer[start + 1] = UInt8(0x80 | value >> 12 & 0x3F)
      buffer[start + 2] = UInt8(0x80 | value >> 6 & 0x3F)
      buffer[start + 3] = UInt8(0x80 | value & 0x3F)
      return 4
    }

    /// `ESC[row;columnH`, 1-based.
    static func appendCursorPosition(row: Int, column: Int, to bytes: inout [UInt8]) {
      bytes.append(0x1B)
      bytes.append(0x5B)
      appendDecimal(row + 1, to: &bytes)
      bytes.append(0x3B)
      appendDecimal(column + 1, to: &bytes)
      bytes.append(0x48)
    }

    /// `ESC[0;…m` for a packed style, the same parameters as `Style.selectGraphicRendition`.
    static func appendSelectGraphicRendition(_ style: UInt64, to bytes: inout [UInt8]) {
      bytes.append(contentsOf: [0x1B, 0x5B, 0x30])  // ESC[0
      if style & Style.packedBold != 0 { bytes.append(contentsOf: [0x3B, 0x31]) }
      if style & Style.packedDim != 0 { bytes.append(contentsOf: [0x3B, 0x32]) }
      if style & Style.packedItalic != 0 { bytes.append(contentsOf: [0x3B, 0x33]) }
      if style & Style.packedUnderline != 0 { bytes.append(contentsOf: [0x3B, 0x34]) }
      if style & Style.packedReverse != 0 { bytes.append(contentsOf: [0x3B, 0x37]) }
      appendColor(style & 0x3FF_FFFF, base: 30, extended: 38, to: &bytes)
      appendColor(style >> 26 & 0x3FF_FFFF, base: 40, extended: 48, to: &bytes)
      bytes.append(0x6D)  // m
    }

    private static func appendColor(
      _ bits: UInt64, base: Int, extended: Int, to bytes: inout [UInt8]
    ) {
      let kind = bits >> 24
      guard kind != 0 else { return }
      bytes.append(0x3B)
      if kind == 1 {
        let index = Int(bits & 0xFF)
        if index < 8 {
          appendDecimal(base + index, to: &bytes)
        } else if index < 16 {
          appendDecimal(base + 60 + index - 8, to: &bytes)
        } else {
          appendDecimal(extended, to: &bytes)
          bytes.append(contentsOf: [0x3B, 0x35, 0x3B])  // ;5;
          appendDecimal(index, to: &bytes)
        }
        return
      }
      appendDecimal(extended, to: &bytes)
      bytes.append(contentsOf: [0x3B, 0x32])  // ;2
      for shift in [16, 8, 0] as [UInt64] {
        bytes.append(0x3B)
        appendDecimal(Int(bits >> shift & 0xFF), to: &bytes)
      }
    }

    static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
      if value >= 10 { appendDecimal(value / 10, to: &bytes) }
      bytes.append(UInt8(0x30 + value % 10))
    }
  }
}
