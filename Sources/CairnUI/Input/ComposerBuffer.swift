/// The composer's text and cursor, and the edits on them. Pure.
///
/// The cursor is a UTF-8 byte offset into `text` and always sits on a grapheme boundary: no
/// edit or motion splits a composed character (`e` + U+0301), an emoji ZWJ sequence, a flag
/// or a CJK character. This offset is what the `composer_edited` event stores.
///
/// ```swift
/// var buffer = ComposerBuffer(text: "héllo 👩‍💻")
/// buffer.apply(.deleteBackward)          // removes the whole 👩‍💻 (11 bytes)
/// buffer.apply(.moveWordLeft)            // cursor 0
/// buffer.cursor                          // UTF-8 bytes
/// ```
///
/// Text never holds CR: inserted CR and CRLF become LF. Lines are split at LF; up and down
/// move between these logical lines (not wrapped screen rows), keeping the column in
/// terminal columns (`TextWidth`) across a run of up/down moves.
public struct ComposerBuffer: Equatable, Sendable {
  /// The text.
  public private(set) var text: String
  /// The cursor: a UTF-8 byte offset into `text`, on a grapheme boundary.
  public internal(set) var cursor: Int
  /// What the last kill (Ctrl+K, Ctrl+U, Ctrl+W, Alt+D, Alt+Backspace) removed; Ctrl+Y
  /// inserts it.
  public private(set) var killBuffer: String = ""
  /// The column up and down aim for, set by the first of a run of them.
  var preferredColumn: Int?

  /// A buffer holding `text` (CR and CRLF made LF) with the cursor at `cursor` (clamped, moved
  /// back to a grapheme boundary), or at the end when nil.
  public init(text: String = "", cursor: Int? = nil) {
    self.text = ComposerBuffer.withoutCarriageReturns(text)
    self.cursor = self.text.utf8.count
    if let cursor { place(cursor: cursor) }
  }

  /// True when there is no text.
  public var isEmpty: Bool { text.isEmpty }

  /// True when no line break comes before the cursor (up would leave the text).
  public var isCursorOnFirstLine: Bool {
    !text.utf8[..<cursorIndex].contains(ComposerBuffer.lineFeed)
  }

  /// True when no line break comes after the cursor (down would leave the text).
  public var isCursorOnLastLine: Bool {
    !text.utf8[cursorIndex...].contains(ComposerBuffer.lineFeed)
  }

  /// Performs an edit. Returns whether the text or the cursor changed.
  @discardableResult
  public mutating func apply(_ edit: ComposerEdit) -> Bool {
    let before = (text, cursor)
    if edit != .moveUp && edit != .moveDown { preferredColumn = nil }
    switch edit {
    case .insert(let inserted): insert(inserted)
    case .insertNewline: insert("\n")
    case .deleteBackward: deleteBackward()
    case .deleteForward: deleteForward()
    case .deleteWordBackward: kill(from: wordStart(before: cursorIndex), to: cursorIndex)
    case .deleteWordForward: kill(from: cursorIndex, to: wordEnd(after: cursorIndex))
    case .moveLeft: moveLeft()
    case .moveRight: moveRight()
    case .moveWordLeft: cursor = offset(of: wordStart(before: cursorIndex))
    case .moveWordRight: cursor = offset(of: wordEnd(after: cursorIndex))
    case .moveLineStart: cursor = offset(of: lineStart(of: cursorIndex))
    case .moveLineEnd: cursor = offset(of: lineEnd(of: cursorIndex))
    case .moveUp: moveVertically(up: true)
    case .moveDown: moveVertically(up: false)
    case .killToLineEnd: killToLineEnd()
    case .killToLineStart: killToLineStart()
    case .yank: insert(killBuffer)
    }
    return before != (text, cursor)
  }

  /// Replaces the whole text (history recall, an external editor): the cursor goes to
  /// `cursor`, or to the end when nil. The kill buffer stays.
  public mutating func setText(_ newText: String, cursor newCursor: Int? = nil) {
    text = ComposerBuffer.withoutCarriageReturns(newText)
    preferredColumn = nil
    cursor = text.utf8.count
    if let newCursor { place(cursor: newCursor) }
  }

  /// Empties the text (Ctrl+C with a draft, after a submit). The kill buffer stays.
  public mutating func clear() {
    setText("")
  }

  // MARK: Edits

  mutating func insert(_ inserted: String) {
    guard !inserted.isEmpty else { return }
    let clean = ComposerBuffer.withoutCarriageReturns(inserted)
    let at = cursorIndex
    text.replaceSubrange(at..<at, with: clean)
    // The inserted text may join the grapheme after it (a combining mark typed before
    // one): the cursor goes after the joined grapheme, never inside it.
    place(cursor: cursor + clean.utf8.count, roundingUp: true)
  }

  mutating func deleteBackward() {
    guard cursor > 0 else { return }
    let end = cursorIndex
    let start = text.index(before: end)
    text.removeSubrange(start..<end)
    place(cursor: offset(of: start))
  }

  mutating func deleteForward() {
    let start = cursorIndex
    guard start < text.endIndex else { return }
    text.removeSubrange(start..<text.index(after: start))
    place(cursor: cursor)
  }

  mutating func moveLeft() {
    guard cursor > 0 else { return }
    cursor = offset(of: text.index(before: cursorIndex))
  }

  mutating func moveRight() {
    let index = cursorIndex
    guard index < text.endIndex else { return }
    cursor = offset(of: text.index(after: index))
  }

  mutating func killToLineEnd() {
    let start = cursorIndex
    let end = lineEnd(of: start)
    if end == start {
      guard start < text.endIndex else { return }
      kill(from: start, to: text.utf8.index(after: start))
    } else {
      kill(from: start, to: end)
    }
  }

  mutating func killToLineStart() {
    let end = cursorIndex
    let start = lineStart(of: end)
    if start == end {
      guard cursor > 0 else { return }
      kill(from: text.utf8.index(before: end), to: end)
    } else {
      kill(from: start, to: end)
    }
  }

  /// Removes `start..<end` into the kill buffer; the cursor goes to `start`.
  mutating func kill(from start: String.Index, to end: String.Index) {
    guard start < end else { return }
    killBuffer = String(text[start..<end])
    let startOffset = offset(of: start)
    text.removeSubrange(start..<end)
    place(cursor: startOffset)
  }

  // MARK: Positions

  static let lineFeed = UInt8(ascii: "\n")

  var cursorIndex: String.Index { index(ofOffset: cursor) }

  func index(ofOffset offset: Int) -> String.Index {
    text.utf8.index(text.utf8.startIndex, offsetBy: offset)
  }

  func offset(of index: String.Index) -> Int {
    text.utf8.distance(from: text.utf8.startIndex, to: index)
  }

  /// Where the line holding `index` starts: after the LF before it, or the text's start.
  func lineStart(of index: String.Index) -> String.Index {
    guard let lineFeed = text.utf8[..<index].lastIndex(of: ComposerBuffer.lineFeed) else {
      return text.startIndex
    }
    return text.utf8.index(after: lineFeed)
  }

  /// Where the line holding `index` ends: at the LF after it, or the text's end.
  func lineEnd(of index: String.Index) -> String.Index {
    text.utf8[index...].firstIndex(of: ComposerBuffer.lineFeed) ?? text.endIndex
  }

  /// Sets the cursor to `offset` clamped to the text, moved to a grapheme boundary: back
  /// by default, forward when `roundingUp`.
  mutating func place(cursor requested: Int, roundingUp: Bool = false) {
    let clamped = min(max(requested, 0), text.utf8.count)
    let target = index(ofOffset: clamped)
    var boundary = boundary(atOrBefore: target)
    while boundary < target {
      let next = text.index(after: boundary)
      if next > target {
        cursor = offset(of: roundingUp ? next : boundary)
        return
      }
      boundary = next
    }
    cursor = offset(of: boundary)
  }

  /// A grapheme boundary at or shortly before `index`, to walk graphemes from: the text's
  /// start or end, just after a LF (nothing joins across LF), or between two ASCII bytes
  /// (no ASCII character joins the one before it, and without CR nothing joins an ASCII
  /// character after it). Typing at the end of a long pasted line stays cheap.
  func boundary(atOrBefore index: String.Index) -> String.Index {
    let utf8 = text.utf8
    guard index < utf8.endIndex else { return index }
    var position = index
    while position > utf8.startIndex {
      let previous = utf8.index(before: position)
      let byteBefore = utf8[previous]
      if byteBefore == ComposerBuffer.lineFeed { return position }
      if byteBefore < 0x80 && utf8[position] < 0x80 { return position }
      position = previous
    }
    return position
  }

  static func withoutCarriageReturns(_ text: String) -> String {
    guard text.utf8.contains(0x0D) else { return text }
    return text.replacing("\r\n", with: "\n").replacing("\r", with: "\n")
  }
}
