/// POSIX-shell-like word splitting for the string examples of `match` / `not_match`:
/// blanks separate words, single quotes are literal, double quotes allow `\"` `\\` `\$`
/// and a backslash outside quotes escapes the next character. Nil when a quote is open.
enum ShellWords {
  static func split(_ text: String) -> [String]? {
    var words: [String] = []
    var current = ""
    var inWord = false
    var characters = text.makeIterator()
    while let character = characters.next() {
      switch character {
      case " ", "\t", "\n":
        if inWord { words.append(current) }
        current = ""
        inWord = false
      case "'":
        inWord = true
        var closed = false
        while let next = characters.next() {
          if next == "'" {
            closed = true
            break
          }
          current.append(next)
        }
        if !closed { return nil }
      case "\"":
        inWord = true
        var closed = false
        while let next = characters.next() {
          if next == "\"" {
            closed = true
            break
          }
          if next == "\\" {
            guard let escaped = characters.next() else { return nil }
            if !"\"\\$`\n".contains(escaped) { current.append("\\") }
            if escaped != "\n" { current.append(escaped) }
            continue
          }
          current.append(next)
        }
        if !closed { return nil }
      case "\\":
        inWord = true
        guard let escaped = characters.next() else { return nil }
        if escaped != "\n" { current.append(escaped) }
      default:
        inWord = true
        current.append(character)
      }
    }
    if inWord { words.append(current) }
    return words
  }
}
