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
    let utf8 = text.utf8
    let used =
      utf8.withContiguousStorageIfAvailable { bytes in
        var offset = 0
        var position = column
        while offset < bytes.count, position < columns {
          // Printable ASCII not followed by a non-ASCII byte (which could be a combining
          // mark) is a grapheme of its own, one column wide: no grapheme breaking, no width
          // table, and the run is stored in one go.
          var end = offset
          let limit = offset + columns - position
          while end < limit, end < bytes.count {
            let byte = bytes[end]
            guard byte >= 0x20, byte < 0x7F else { break }
            if end + 1 < bytes.count && bytes[end + 1] >= 0x80 { break }
            end += 1
          }
          if end > offset {
            writeASCII(bytes[offset..<end], at: base + position, packedStyle)
            position += end - offset
            offset = end
            continue
          }
          if let (scalar, length) = Self.loneScalar(bytes, at: offset) {
            guard let width = store(scalar: scalar, base: base, column: position, packedStyle)
            else { break }
            position += width
            offset += length
            continue
          }
          let index = utf8.index(utf8.startIndex, offsetBy: offset)
          let next = text.index(after: index)
          offset = utf8.distance(from: utf8.startIndex, to: next)
          guard let width = write(text[index], base: base, column: position, packedStyle)
          else { break }
          position += width
        }
        return position - column
      } ?? 0
    if clusters.count > 2 * glyphs.count + 64 { compactClusters() }
    return used
  }

  /// Stores printable ASCII bytes as cells from index `start` (they fit).
  private mutating func writeASCII(
    _ bytes: Slice<UnsafeBufferPointer<UInt8>>, at start: Int, _ style: UInt64
  ) {
    clearHalves(base: start - start % columns, column: start % columns, width: bytes.count)
    glyphs.withUnsafeMutableBufferPointer { glyphs in
      var cell = start
      for byte in bytes {
        glyphs[cell] = Glyph.make(scalar: UInt32(byte), width: 1)
        cell += 1
      }
    }
    styles.withUnsafeMutableBufferPointer { styles in
      for cell in start..<start + bytes.count { styles[cell] = style }
    }
  }

  /// The scalar at `offset` when it is a grapheme on its own for sure (no grapheme
  /// breaking needed), and its UTF-8 length: it is not a Prepend character (those lie in
  /// the ranges excluded below), nor CR, and the scalar after it (if any) is one that never
  /// joins the grapheme before it: below U+0300 (where no combining mark, joiner or
  /// modifier lies), or general punctuation, arrows, box drawing and symbols, kana and CJK
  /// ideographs. Everything else takes the `Character` path.
  @inline(__always)
  static func loneScalar(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int)
    -> (UInt32, Int)?
  {
    let (scalar, length) = decode(bytes, at: offset)
    guard scalar != 0x0D, !(0x600...0x8FF).contains(scalar), scalar != 0xD4E,
      !(0x11000...0x11FFF).contains(scalar)
    else { return nil }
    guard offset + length < bytes.count else { return (scalar, length) }
    let next = decode(bytes, at: offset + length).scalar
    switch next {
    case 0..<0x300, 0x2010...0x2027, 0x2030...0x205F, 0x2070...0x20CF, 0x2100...0x2BFF,
      0x3040...0x3098, 0x309B...0x9FFF:
      return (scalar, length)
    default: return nil
    }
  }

  /// The scalar whose (valid) UTF-8 starts at `offset`, and its length.
  @inline(__always)
  static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int)
    -> (scalar: UInt32, length: Int)
  {
    let lead = UInt32(bytes[offset])
    if lead < 0x80 { return (lead, 1) }
    if lead < 0xE0 { return ((lead & 0x1F) << 6 | UInt32(bytes[offset + 1]) & 0x3F, 2) }
    if lead < 0xF0 {
      return (
        (lead & 0x0F) << 12 | (UInt32(bytes[offset + 1]) & 0x3F) << 6
          | UInt32(bytes[offset + 2]) & 0x3F, 3
      )
    }
    return (
      (lead & 0x07) << 18 | (UInt32(bytes[offset + 1]) & 0x3F) << 12
        | (UInt32(bytes[offset + 2]) & 0x3F) << 6 | UInt32(bytes[offset + 3]) & 0x3F, 4
    )
  }

  /// Stores a grapheme of one scalar at (`base`, `column`), as `write(_:base:column:_:)`.
  private mutating func store(scalar: UInt32, base: Int, column: Int, _ style: UInt64) -> Int? {
    var width = TextWidth.columns(Unicode.Scalar(scalar) ?? "\u{FFFD}")
    var glyph = Glyph.make(scalar: scalar, width: width)
    if width == 0 {
      guard scalar < 0x20 || (scalar >= 0x7F && scalar < 0xA0) else { return 0 }
      width = 1
      glyph = Glyph.make(scalar: 0xFFFD, width: 1)
    }
    guard column + width <= columns else { return nil }
    clearHalves(base: base, column: column, width: width)
    glyphs[base + column] = glyph
    styles[base + column] = style
    if width == 2 {
      glyphs[base + column + 1] = Self.continuationGlyph
      styles[base + column + 1] = style
    }
    return width
  }

  /// Stores one grapheme at (`base`, `column`); the columns it took (0 for a zero-width one
  /// left out), or nil when it does not fit.
  private mutating func write(_ character: Character, base: Int, column: Int, _ style: UInt64)
    -> Int?
  {
    let scalars = character.unicodeScalars
    let first = scalars.first!
    let single = scalars.index(after: scalars.startIndex) == scalars.endIndex
    var width = single ? TextWidth.columns(first) : TextWidth.columns(character)
    var glyph: UInt32
    if width == 0 {
      guard scalars.allSatisfy({ $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0) })
      else { return 0 }
      width = 1
      glyph = Glyph.make(scalar: 0xFFFD, width: 1)
    } else if single {
      glyph = Glyph.make(scalar: first.value, width: width)
    } else {
      guard column + width <= columns else { return nil }
      glyph = Glyph.make(cluster: clusters.count, width: width)
      clusters.append(String(character))
    }
    guard column + width <= columns else { return nil }
    clearHalves(base: base, column: column, width: width)
    glyphs[base + column] = glyph
    styles[base + column] = style
    if width == 2 {
      glyphs[base + column + 1] = Self.continuationGlyph
      styles[base + column + 1] = style
    }
    return width
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
    let glyphs = self.glyphs
    let styles = self.styles
    let otherGlyphs = other.glyphs
    let otherStyles = other.styles
    let plainlyEqual = glyphs.withUnsafeBufferPointer { glyphs in
      otherGlyphs.withUnsafeBufferPointer { otherGlyphs in
        styles.withUnsafeBufferPointer { styles in
          otherStyles.withUnsafeBufferPointer { otherStyles in
            for index in base..<base + columns {
              let glyph = glyphs[index]
              guard glyph == otherGlyphs[index], styles[index] == otherStyles[index],
                !Glyph.isCluster(glyph)
              else { return false }
            }
            return true
          }
        }
      }
    }
    if plainlyEqual { return true }
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
