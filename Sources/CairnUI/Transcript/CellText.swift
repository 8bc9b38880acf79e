/// Small text helpers the transcript cells share: making untrusted text safe to draw, and
/// wrapping a line under a gutter (`• ` on the first row, `  ` after it).
enum CellText {
  /// `text` without what would move the cursor or change the terminal's state: tabs
  /// become spaces, carriage returns and other control characters are dropped, and
  /// escape sequences (CSI, OSC) are removed whole. Line feeds are kept.
  static func sanitized(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { isControl($0) && $0 != "\n" }) else {
      return text
    }
    var result = String.UnicodeScalarView()
    var scalars = text.unicodeScalars.makeIterator()
    while let scalar = scalars.next() {
      switch scalar {
      case "\n": result.append(scalar)
      case "\t": result.append(contentsOf: "    ".unicodeScalars)
      case "\u{1B}": skipEscape(&scalars)
      default: if !isControl(scalar) { result.append(scalar) }
      }
    }
    return String(result)
  }

  /// Lines of `text` (sanitized), split at line feeds.
  static func lines(_ text: String) -> [String] {
    sanitized(text).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  }

  /// `line` wrapped to `width` with `first` in front of its first row and `rest` in front of
  /// the others; `indent` goes after the gutter on continuation rows (a bullet's hang).
  static func wrap(
    _ line: StyledLine, width: Int, first: StyledLine, rest: StyledLine,
    indent: StyledLine = .empty
  ) -> [StyledLine] {
    guard rest.columns >= first.columns, first.columns < width else {
      // A gutter as wide as the width leaves one column; rows are cut at the width.
      let inner = max(width - max(first.columns, rest.columns), 1)
      return LineWrapping.wrap(line, width: inner, indent: indent).enumerated().map {
        index, row in clipped((index == 0 ? first : rest) + row, columns: width)
      }
    }
    // The first row has the room its gutter leaves; continuation rows carry the part of
    // `rest` wider than `first` as their indent, so a wider continuation gutter (`  │ `
    // under `• `) still fits.
    let (restHead, restTail) = split(rest, atColumn: first.columns)
    let inner = width - first.columns
    // A wide character where one column is left still takes its row: cut at the width.
    return LineWrapping.wrap(line, width: inner, indent: restTail + indent).enumerated().map {
      index, row in clipped((index == 0 ? first : restHead) + row, columns: width)
    }
  }

  /// `line` split where `column` columns have been taken (a wide character that straddles
  /// it goes to the tail).
  static func split(_ line: StyledLine, atColumn column: Int) -> (StyledLine, StyledLine) {
    var head = StyledLine()
    var tail = StyledLine()
    var used = 0
    for span in line.spans {
      for character in span.text {
        let width = TextWidth.columns(character)
        if used + width <= column, tail.spans.isEmpty {
          head.append(String(character), span.style)
        } else {
          tail.append(String(character), span.style)
        }
        used += width
      }
    }
    return (head, tail)
  }

  /// `line` cut to `columns` (a wide character that would straddle the edge is left out).
  static func clipped(_ line: StyledLine, columns: Int) -> StyledLine {
    guard line.columns > columns else { return line }
    return split(line, atColumn: columns).0
  }

  /// `text` cut to `columns` with `…` at the end when it is wider.
  static func truncated(_ text: String, columns: Int) -> String {
    guard TextWidth.columns(text) > columns else { return text }
    guard columns > 1 else { return columns == 1 ? "…" : "" }
    var result = ""
    var used = 0
    for character in text {
      let width = TextWidth.columns(character)
      if used + width > columns - 1 { break }
      result.append(character)
      used += width
    }
    return result + "…"
  }

  private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0)
  }

  /// Skips the rest of an escape sequence that started with ESC: CSI up to its final
  /// byte, OSC/DCS up to BEL or ST, otherwise the one character after ESC.
  private static func skipEscape(_ scalars: inout String.UnicodeScalarView.Iterator) {
    guard let introducer = scalars.next() else { return }
    switch introducer {
    case "[":
      while let scalar = scalars.next() {
        if scalar.value >= 0x40 && scalar.value <= 0x7E { return }
      }
    case "]", "P", "_", "^":
      var sawEscape = false
      while let scalar = scalars.next() {
        if scalar == "\u{07}" || (sawEscape && scalar == "\\") { return }
        sawEscape = scalar == "\u{1B}"
      }
    default:
      return
    }
  }
}
