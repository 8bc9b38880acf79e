/// The composer as Codex draws it: a bold `›` and a space, the text wrapped at spaces to the
/// width, continuation lines indented 2 columns, and a dim placeholder while it is empty.
/// Pure: the text and the cursor (a UTF-8 byte offset, as `state.ui.composerCursor`) in, lines
/// and the cursor's cell out.
///
/// ```swift
/// let view = ComposerView.render(text: "hi", cursor: 2, width: 80,
///                                placeholder: ComposerView.placeholder(index: 0))
/// view.cursorRow     // 0
/// view.cursorColumn  // 4: after "› hi"
/// ```
public enum ComposerView {
  /// The placeholders Codex rotates through in an empty composer.
  public static let placeholders = [
    "Explain this codebase",
    "Summarize recent commits",
    "Implement {feature}",
    "Find and fix a bug in @filename",
    "Write tests for @filename",
    "Improve documentation in @filename",
  ]

  /// A placeholder chosen by `index` (any integer, e.g. a hash of the session id, so the
  /// choice is deterministic and a replay shows the same one).
  public static func placeholder(index: Int) -> String {
    let count = placeholders.count
    return placeholders[((index % count) + count) % count]
  }

  /// Columns before the text on every line: `› ` or two spaces.
  public static let prefixColumns = 2

  /// The composer's lines and where the cursor goes (row within `lines`, column in the
  /// line). A cursor inside a character (a byte offset that splits a scalar or a grapheme)
  /// is placed before that character; one past the end is clamped to the end. A wide
  /// character never straddles the edge: it moves to the next line whole, and the cursor
  /// before it sits on its first column.
  public static func render(text: String, cursor: Int, width: Int, placeholder: String) -> (
    lines: [StyledLine], cursorRow: Int, cursorColumn: Int
  ) {
    let width = max(width, prefixColumns + 1)
    let contentWidth = width - prefixColumns
    if text.isEmpty {
      let line = StyledLine([Span("›", .bold), Span(" "), Span(placeholder, .dim)])
      return ([PaneText.clipped(line, to: width)], 0, prefixColumns)
    }
    let cursor = min(max(cursor, 0), text.utf8.count)
    var lines: [StyledLine] = []
    var cursorRow = 0
    var cursorColumn = prefixColumns
    var lineStart = 0
    for logical in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let glyphs = Glyph.measure(logical, from: lineStart)
      let lineEnd = lineStart + logical.utf8.count
      let segments = wrap(glyphs, width: contentWidth)
      for (index, segment) in segments.enumerated() {
        let row = lines.count
        var line = StyledLine(row == 0 ? [Span("›", .bold), Span(" ")] : [Span("  ")])
        var used = 0
        var drawn = ""
        for glyph in glyphs[segment] where used + glyph.columns <= contentWidth {
          drawn.append(glyph.character)
          used += glyph.columns
        }
        // Spaces where a row breaks are not drawn (the cursor may still sit on them).
        if index < segments.count - 1 {
          while drawn.hasSuffix(" ") { drawn.removeLast() }
        }
        line.append(drawn)
        lines.append(line)
        // The cursor belongs to this segment when it lies in it; a cursor on a boundary
        // starts the next segment, except at the end of the logical line.
        let start = segment.isEmpty ? lineStart : glyphs[segment.lowerBound].byteOffset
        let isLast = index == segments.count - 1
        let end = isLast ? lineEnd : glyphs[segments[index + 1].lowerBound].byteOffset
        let contains = cursor >= start && (cursor < end || (isLast && cursor == end))
        guard contains else { continue }
        cursorRow = row
        cursorColumn =
          prefixColumns
          + glyphs[segment].reduce(0) { $0 + ($1.byteEnd <= cursor ? $1.columns : 0) }
      }
      lineStart = lineEnd + 1
    }
    // A cursor after a full line (or after spaces hanging past the edge) goes to the start
    // of the next row, as a terminal's pending wrap would put the next character there.
    if cursorColumn >= width {
      cursorRow += 1
      cursorColumn = prefixColumns
      if cursorRow == lines.count { lines.append(StyledLine("  ")) }
    }
    return (lines, cursorRow, cursorColumn)
  }

  /// A grapheme of the text with its columns and UTF-8 byte range in the whole text.
  struct Glyph {
    var character: Character
    var columns: Int
    var byteOffset: Int
    var byteEnd: Int

    static func measure(_ text: Substring, from offset: Int) -> [Glyph] {
      var glyphs: [Glyph] = []
      var position = offset
      for character in text {
        let bytes = character.utf8.count
        glyphs.append(
          Glyph(
            character: character, columns: TextWidth.columns(character), byteOffset: position,
            byteEnd: position + bytes))
        position += bytes
      }
      return glyphs
    }
  }

  /// Index ranges of `glyphs`, one a row: greedy, breaking after the last space that fits;
  /// spaces may hang past the edge (they are not drawn there), a word wider than the row is
  /// cut where it reaches the edge.
  static func wrap(_ glyphs: [Glyph], width: Int) -> [Range<Int>] {
    var segments: [Range<Int>] = []
    var start = 0
    var used = 0
    var lastBreak: Int?
    for (index, glyph) in glyphs.enumerated() {
      let isSpace = glyph.character == " "
      if !isSpace, used + glyph.columns > width, index > start {
        let cut = lastBreak.map { $0 > start ? $0 : index } ?? index
        segments.append(start..<cut)
        start = cut
        used = glyphs[cut..<index].reduce(0) { $0 + $1.columns }
        lastBreak = nil
      }
      used += glyph.columns
      if isSpace { lastBreak = index + 1 }
    }
    segments.append(start..<glyphs.count)
    return segments
  }
}
