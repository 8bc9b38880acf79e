/// One cell of a frame: a grapheme and its style. A wide grapheme occupies its cell and
/// the next, which holds a continuation (empty text, width 0). Frames do not store cells
/// (see `Frame`); a `Cell` is how one is read and compared in tests and views.
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
///
/// Storage, for speed (render + diff of 200×60 in well under a millisecond): a cell is a
/// 32-bit glyph word and a 64-bit packed style (`Style.packed`), in two flat arrays, so a
/// row compares as integers and no cell holds a heap `String`. The glyph word keeps the
/// width in bits 30–31 and, in bits 0–28, the grapheme's scalar when it has one scalar, or
/// (bit 29 set) an index into `clusters` for graphemes of several scalars (e + U+0301, 👍🏽).
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
  /// Where the terminal's cursor is shown; nil hides it.
  public var cursor: Position?
  /// One glyph word a cell, row after row.
  private(set) var glyphs: [UInt32]
  /// One packed style a cell.
  private(set) var styles: [UInt64]
  /// The graphemes of several scalars that glyph words point to; may hold overwritten ones.
  private(set) var clusters: [String] = []

  static let blankGlyph: UInt32 = Glyph.make(scalar: 0x20, width: 1)
  static let continuationGlyph: UInt32 = 0

  public init(columns: Int, rows: Int) {
    self.columns = max(columns, 0)
    self.rows = max(rows, 0)
    glyphs = Array(repeating: Self.blankGlyph, count: self.columns * self.rows)
    styles = Array(repeating: 0, count: self.columns * self.rows)
  }

  public subscript(row: Int, column: Int) -> Cell {
    let index = row * columns + column
    let glyph = glyphs[index]
    return Cell(
      text: text(of: glyph), style: Style(packed: styles[index]), width: Glyph.width(glyph))
  }

  /// Every cell, row after row (built on demand: views and tests, not the renderer).
  public var cells: [Cell] {
    (0..<rows).flatMap { row in (0..<columns).map { self[row, $0] } }
  }

  /// The text of a glyph word: its scalar, its cluster, or "" for a continuation.
  func text(of glyph: UInt32) -> String {
    if Glyph.width(glyph) == 0 { return "" }
    if Glyph.isCluster(glyph) { return clusters[Int(Glyph.payload(glyph))] }
    return String(Character(Unicode.Scalar(Glyph.payload(glyph)) ?? "\u{FFFD}"))
  }

  /// Writes `text` from (`row`, `column`), clipped at the right edge; returns the columns
  /// used. Controls are drawn as U+FFFD; a wide grapheme that does not fit whole is left
  /// out; one overwritten in half leaves a blank in the other half.
  @discardableResult
  public mutating func write(_ text: String, row: Int, column: Int, style: Style = .plain)
    -> Int
  {
    guard row >= 0, row < rows, column >= 0, column < columns else { return 0 }
    let packedStyle = style.packed
    let base = row * columns
    var position = column
    let utf8 = text.utf8
    var index = utf8.startIndex
    let end = utf8.endIndex
    while index < end, position < columns {
      // Printable ASCII not followed by a non-ASCII byte (which could be a combining mark)
      // is a grapheme of its own, one column wide: no grapheme breaking, no width table.
      var runEnd = index
      var runLength = 0
      while runEnd < end, position + runLength < columns {
        let byte = utf8[runEnd]
        guard byte >= 0x20, byte < 0x7F else { break }
        let next = utf8.index(after: runEnd)
        guard next == end || utf8[next] < 0x80 else { break }
        runEnd = next
        runLength += 1
      }
      if runLength > 0 {
        clearHalves(base: base, column: position, width: runLength)
        var scan = index
        for cell in base + position..<base + position + runLength {
          glyphs[cell] = Glyph.make(scalar: UInt32(utf8[scan]), width: 1)
          styles[cell] = packedStyle
          scan = utf8.index(after: scan)
        }
        position += runLength
        index = runEnd
        continue
      }
      let character = text[index]
      index = text.index(after: index)
      let scalars = character.unicodeScalars
      let first = scalars.first!
      let single = scalars.index(after: scalars.startIndex) == scalars.endIndex
      var width = single ? TextWidth.columns(first) : TextWidth.columns(character)
      var glyph: UInt32
      if width == 0 {
        guard scalars.allSatisfy({ $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0) })
        else { continue }
        width = 1
        glyph = Glyph.make(scalar: 0xFFFD, width: 1)
      } else if single {
        glyph = Glyph.make(scalar: first.value, width: width)
      } else {
        glyph = Glyph.make(cluster: clusters.count, width: width)
        clusters.append(String(character))
      }
      guard position + width <= columns else { break }
      clearHalves(base: base, column: position, width: width)
      glyphs[base + position] = glyph
      styles[base + position] = packedStyle
      if width == 2 {
        glyphs[base + position + 1] = Self.continuationGlyph
        styles[base + position + 1] = packedStyle
      }
      position += width
    }
    if clusters.count > 2 * glyphs.count + 64 { compactClusters() }
    return position - column
  }

  /// Fills a row from `column` to the end with blanks of `style`.
  public mutating func clear(row: Int, from column: Int = 0, style: Style = .plain) {
    guard row >= 0, row < rows, column < columns else { return }
    let start = max(column, 0)
    let base = row * columns
    clearHalves(base: base, column: start, width: 1)
    let packedStyle = style.packed
    for cell in base + start..<base + columns {
      glyphs[cell] = Self.blankGlyph
      styles[cell] = packedStyle
    }
  }

  /// Before cells (`column`, `width`) of the row at `base` are overwritten: the other half
  /// of any wide grapheme they cut becomes a blank.
  private mutating func clearHalves(base: Int, column: Int, width: Int) {
    if glyphs[base + column] == Self.continuationGlyph, column > 0 {
      glyphs[base + column - 1] = Self.blankGlyph
      styles[base + column - 1] = 0
    }
    let last = column + width - 1
    if Glyph.width(glyphs[base + last]) == 2, last + 1 < columns {
      glyphs[base + last + 1] = Self.blankGlyph
      styles[base + last + 1] = 0
    }
  }

  /// Drops overwritten clusters, so a frame drawn over and over does not grow.
  private mutating func compactClusters() {
    var kept: [String] = []
    for index in glyphs.indices where Glyph.isCluster(glyphs[index]) {
      let glyph = glyphs[index]
      kept.append(clusters[Int(Glyph.payload(glyph))])
      glyphs[index] = Glyph.make(cluster: kept.count - 1, width: Int(Glyph.width(glyph)))
    }
    clusters = kept
  }

  /// Whether cell `index` of `self` shows the same as cell `otherIndex` of `other`.
  @inline(__always)
  func sameCell(_ index: Int, as other: Frame, _ otherIndex: Int) -> Bool {
    guard styles[index] == other.styles[otherIndex] else { return false }
    let glyph = glyphs[index]
    let otherGlyph = other.glyphs[otherIndex]
    if glyph == otherGlyph && !Glyph.isCluster(glyph) { return true }
    guard Glyph.isCluster(glyph), Glyph.isCluster(otherGlyph),
      Glyph.width(glyph) == Glyph.width(otherGlyph)
    else { return false }
    return clusters[Int(Glyph.payload(glyph))]
      == other.clusters[Int(Glyph.payload(otherGlyph))]
  }

  /// Whether a whole row is the same in both frames (of equal width): integer compares,
  /// the clusters only where both hold one.
  func sameRow(_ row: Int, as other: Frame) -> Bool {
    let base = row * columns
    for index in base..<base + columns where !sameCell(index, as: other, index) {
      return false
    }
    return true
  }

  public static func == (left: Frame, right: Frame) -> Bool {
    guard left.columns == right.columns, left.rows == right.rows, left.cursor == right.cursor
    else { return false }
    for row in 0..<left.rows where !left.sameRow(row, as: right) { return false }
    return true
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(columns)
    hasher.combine(rows)
    hasher.combine(cursor)
    hasher.combine(styles)
    for glyph in glyphs {
      if Glyph.isCluster(glyph) {
        hasher.combine(clusters[Int(Glyph.payload(glyph))])
      } else {
        hasher.combine(glyph)
      }
    }
  }
}

/// The glyph word of a cell (see `Frame`).
enum Glyph {
  static let clusterFlag: UInt32 = 1 << 29

  @inline(__always)
  static func make(scalar: UInt32, width: Int) -> UInt32 { UInt32(width) << 30 | scalar }

  @inline(__always)
  static func make(cluster: Int, width: Int) -> UInt32 {
    UInt32(width) << 30 | clusterFlag | UInt32(cluster)
  }

  @inline(__always)
  static func width(_ glyph: UInt32) -> UInt8 { UInt8(glyph >> 30) }

  @inline(__always)
  static func isCluster(_ glyph: UInt32) -> Bool { glyph & clusterFlag != 0 }

  @inline(__always)
  static func payload(_ glyph: UInt32) -> UInt32 { glyph & (clusterFlag - 1) }
}

extension Frame {
  /// This frame cut to `columns` and to its last `rows` rows (the bottom of a pane taller
  /// than the screen); a wide grapheme cut at the right edge becomes a blank, and a cursor
  /// outside is hidden.
  func cropped(columns newColumns: Int, rows newRows: Int) -> Frame {
    if newColumns == columns && newRows == rows { return self }
    var cropped = Frame(columns: newColumns, rows: newRows)
    cropped.clusters = clusters
    let dropped = max(rows - newRows, 0)
    let shared = min(columns, newColumns)
    for row in 0..<min(newRows, rows) {
      let from = (row + dropped) * columns
      let to = row * newColumns
      for column in 0..<shared {
        cropped.glyphs[to + column] = glyphs[from + column]
        cropped.styles[to + column] = styles[from + column]
      }
      if shared > 0, Glyph.width(cropped.glyphs[to + shared - 1]) == 2, shared == newColumns {
        cropped.glyphs[to + shared - 1] = Self.blankGlyph
        cropped.styles[to + shared - 1] = 0
      }
    }
    if let cursor, cursor.row >= dropped, cursor.row - dropped < newRows,
      cursor.column < newColumns
    {
      cropped.cursor = Position(row: cursor.row - dropped, column: cursor.column)
    }
    return cropped
  }
}
