/// Word and vertical motions.
///
/// Words: a character is whitespace, ASCII punctuation (`` ~!@#$%^&*()-=+[{]}\|;:'",.<>/?` ``
/// and the backtick; not `_`) or a word character (everything else: letters, digits, `_`,
/// CJK, emoji). A word is a run of one class other than whitespace, so `foo.bar` is three
/// words and `日本語` one. Word left skips whitespace back, then the run before it; word
/// right skips whitespace, then the run after it (ending at the end of a word, as Emacs and
/// Codex's Alt+F do). Line breaks count as whitespace, so word motions cross lines.
extension ComposerBuffer {
  enum CharacterClass {
    case whitespace, punctuation, word
  }

  static func characterClass(_ character: Character) -> CharacterClass {
    if character.isWhitespace { return .whitespace }
    if character.isASCII && character != "_" && (character.isPunctuation || character.isSymbol) {
      return .punctuation
    }
    return .word
  }

  /// The start of the word before `index`.
  func wordStart(before index: String.Index) -> String.Index {
    var position = index
    while position > text.startIndex {
      let previous = text.index(before: position)
      guard ComposerBuffer.characterClass(text[previous]) == .whitespace else { break }
      position = previous
    }
    guard position > text.startIndex else { return position }
    let wordClass = ComposerBuffer.characterClass(text[text.index(before: position)])
    while position > text.startIndex {
      let previous = text.index(before: position)
      guard ComposerBuffer.characterClass(text[previous]) == wordClass else { break }
      position = previous
    }
    return position
  }

  /// The end of the word after `index`.
  func wordEnd(after index: String.Index) -> String.Index {
    var position = index
    while position < text.endIndex,
      ComposerBuffer.characterClass(text[position]) == .whitespace
    {
      position = text.index(after: position)
    }
    guard position < text.endIndex else { return position }
    let wordClass = ComposerBuffer.characterClass(text[position])
    while position < text.endIndex, ComposerBuffer.characterClass(text[position]) == wordClass {
      position = text.index(after: position)
    }
    return position
  }

  /// Moves to the line above or below at the preferred column (set from the cursor's
  /// column by the first of a run of vertical moves); stays put on the first or last line.
  mutating func moveVertically(up: Bool) {
    let here = cursorIndex
    let start = lineStart(of: here)
    let column = preferredColumn ?? TextWidth.columns(text[start..<here])
    let target: String.Index
    if up {
      guard start > text.startIndex else { return }
      target = lineStart(of: text.utf8.index(before: start))
    } else {
      let end = lineEnd(of: here)
      guard end < text.endIndex else { return }
      target = text.utf8.index(after: end)
    }
    cursor = offset(of: index(atColumn: column, inLineFrom: target))
    preferredColumn = column
  }

  /// The grapheme boundary in the line starting at `start` nearest `column` from the left:
  /// a wide character that straddles the column is not entered.
  func index(atColumn column: Int, inLineFrom start: String.Index) -> String.Index {
    var position = start
    var used = 0
    while position < text.endIndex, text[position] != "\n" {
      let width = TextWidth.columns(text[position])
      guard used + width <= column else { break }
      used += width
      position = text.index(after: position)
    }
    return position
  }
}
