/// Splits styled lines to a width at spaces, as Codex wraps transcript text: a word longer
/// than the width is cut at grapheme boundaries; continuation lines get `indent` in front.
/// Styles carry across the break. Pure.
public enum LineWrapping {
  public static func wrap(
    _ line: StyledLine, width: Int, indent: StyledLine = .empty
  ) -> [StyledLine] {
    let width = max(width, 1)
    guard line.columns > width else { return [line] }
    let indentColumns = min(indent.columns, width - 1)
    var lines: [StyledLine] = []
    var current = StyledLine()
    var currentColumns = 0
    var limit = width
    func breakLine() {
      lines.append(current.trimmingTrailingSpaces())
      current = indentColumns > 0 ? indent : StyledLine()
      currentColumns = indentColumns
      limit = width
    }
    for (word, style) in words(line) {
      let wordColumns = TextWidth.columns(word)
      let isSpace = word.allSatisfy { $0 == " " }
      if currentColumns + wordColumns <= limit {
        current.append(word, style)
        currentColumns += wordColumns
        continue
      }
      if isSpace {
        // Spaces at a break are dropped.
        breakLine()
        continue
      }
      if wordColumns <= limit - indentColumns, currentColumns > indentColumns {
        breakLine()
        current.append(word, style)
        currentColumns += wordColumns
        continue
      }
      // A word wider than a line: cut it where it reaches the edge.
      for character in word {
        let columns = TextWidth.columns(character)
        if currentColumns + columns > limit, currentColumns > indentColumns { breakLine() }
        current.append(String(character), style)
        currentColumns += columns
      }
    }
    if currentColumns > indentColumns || lines.isEmpty { lines.append(current) }
    return lines
  }

  /// Words and the runs of spaces between them, each with its style.
  private static func words(_ line: StyledLine) -> [(String, Style)] {
    var result: [(String, Style)] = []
    for span in line.spans {
      let utf8 = span.text.utf8
      if utf8.allSatisfy({ $0 < 0x80 }) {
        // ASCII: a byte is a grapheme, so runs split on bytes without grapheme breaking.
        var start = utf8.startIndex
        var index = start
        var inSpaces = utf8.first == UInt8(ascii: " ")
        while index != utf8.endIndex {
          let space = utf8[index] == UInt8(ascii: " ")
          if space != inSpaces {
            result.append((String(span.text[start..<index]), span.style))
            start = index
            inSpaces = space
          }
          index = utf8.index(after: index)
        }
        if start != utf8.endIndex { result.append((String(span.text[start...]), span.style)) }
        continue
      }
      var word = ""
      var inSpaces = false
      for character in span.text {
        let space = character == " "
        if !word.isEmpty, space != inSpaces {
          result.append((word, span.style))
          word = ""
        }
        inSpaces = space
        word.append(character)
      }
      if !word.isEmpty { result.append((word, span.style)) }
    }
    return result
  }
}

extension StyledLine {
  func trimmingTrailingSpaces() -> StyledLine {
    var line = self
    while let last = line.spans.last {
      // Bytes, not Characters: a space is one byte, and walking graphemes backwards is slow.
      let utf8 = last.text.utf8
      let end = utf8.lastIndex { $0 != UInt8(ascii: " ") }.map { utf8.index(after: $0) }
      let trimmed = end.map { String(last.text[..<$0]) } ?? ""
      if trimmed.isEmpty {
        line.spans.removeLast()
      } else {
        line.spans[line.spans.count - 1].text = trimmed
        break
      }
    }
    return line
  }
}
