/// The Markdown subset the transcript renders, as Codex shows assistant text: inline code
/// in cyan without its backticks, `**bold**`, `*italic*`, `- ` bullets and numbered items
/// kept (continuation rows hang under the item's text), `#` headings in bold with their
/// marks, fenced code without its fences, blank lines between blocks (runs collapsed to
/// one). Pure and deterministic; no syntax colouring.
///
/// ```swift
/// MarkdownLines.blocks("Use `ls` **now**", base: .plain)
/// // one line: "Use " plain, "ls" cyan, " " plain, "now" bold
/// ```
enum MarkdownLines {
  /// One source line, styled, and what continuation rows start with when it wraps.
  struct Block: Hashable, Sendable {
    var line: StyledLine
    var hang: StyledLine
  }

  /// The style inline code takes.
  static let codeStyle = Style.plain.foreground(.cyan)

  static func blocks(_ text: String, base: Style) -> [Block] {
    var blocks: [Block] = []
    var inFence = false
    for raw in CellText.lines(text) {
      let trimmed = raw.drop { $0 == " " }
      if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
        inFence.toggle()
        continue
      }
      if inFence {
        blocks.append(Block(line: StyledLine(raw, base), hang: .empty))
        continue
      }
      if trimmed.isEmpty {
        // Runs of blank lines collapse to one, and none leads.
        if let last = blocks.last, !last.line.spans.isEmpty {
          blocks.append(Block(line: .empty, hang: .empty))
        }
        continue
      }
      blocks.append(
        block(raw, indent: raw.count - trimmed.count, body: String(trimmed), base: base))
    }
    while let last = blocks.last, last.line.spans.isEmpty { blocks.removeLast() }
    return blocks
  }

  private static func block(_ raw: String, indent: Int, body: String, base: Style) -> Block {
    let lead = String(repeating: " ", count: indent)
    if let level = headingLevel(body) {
      var style = base
      style.bold = true
      if level >= 3 { style.italic = true }
      let marks = String(repeating: "#", count: level)
      let rest = body.dropFirst(level).drop { $0 == " " }
      return Block(
        line: StyledLine(marks + " ", style) + inline(String(rest), base: style), hang: .empty)
    }
    if let marker = listMarker(body) {
      let rest = String(body.dropFirst(marker.sourceCount))
      let hang = StyledLine(lead + String(repeating: " ", count: marker.shown.count))
      return Block(
        line: StyledLine(lead + marker.shown, base) + inline(rest, base: base), hang: hang)
    }
    if body.hasPrefix(">") {
      let rest = body.dropFirst().drop { $0 == " " }
      let quote = base.foreground(.green)
      return Block(
        line: StyledLine(lead + "> ", quote) + inline(String(rest), base: quote),
        hang: StyledLine(lead + "> ", quote))
    }
    return Block(line: StyledLine(lead, base) + inline(body, base: base), hang: .empty)
  }

  private static func headingLevel(_ body: String) -> Int? {
    let marks = body.prefix { $0 == "#" }.count
    guard (1...6).contains(marks) else { return nil }
    let after = body.dropFirst(marks)
    return after.isEmpty || after.first == " " ? marks : nil
  }

  /// A list item's marker as written (with its space) and as shown: `*` and `+` show as `-`.
  private static func listMarker(_ body: String) -> (sourceCount: Int, shown: String)? {
    if let first = body.first, "-*+".contains(first), body.dropFirst().first == " " {
      return (2, "- ")
    }
    let digits = body.prefix { $0.isASCII && $0.isNumber }
    guard !digits.isEmpty, digits.count <= 9 else { return nil }
    let after = body.dropFirst(digits.count)
    guard let dot = after.first, dot == "." || dot == ")", after.dropFirst().first == " " else {
      return nil
    }
    return (digits.count + 2, digits + String(dot) + " ")
  }

  /// Inline spans: `code`, **bold**, *italic*. A mark without its closing mark is text.
  static func inline(_ text: String, base: Style) -> StyledLine {
    var line = StyledLine()
    let characters = Array(text)
    // Where the last `**` and `*` start: whether a mark has a closing mark after it is then
    // one comparison, so a line full of unmatched marks stays linear.
    var lastDoubleStar = -1
    var lastStar = -1
    for index in characters.indices where characters[index] == "*" {
      lastStar = index
      if index + 1 < characters.count, characters[index + 1] == "*" { lastDoubleStar = index }
    }
    var bold = false
    var italic = false
    var index = 0
    var style: Style {
      var style = base
      if bold { style.bold = true }
      if italic { style.italic = true }
      return style
    }
    while index < characters.count {
      let character = characters[index]
      if character == "`" {
        let run = runLength(characters, from: index, of: "`")
        let fence = Array(repeating: Character("`"), count: run)
        if let close = find(fence, in: characters, from: index + run) {
          var code = String(characters[(index + run)..<close])
          if run > 1, code.hasPrefix(" "), code.hasSuffix(" "), code.count > 1 {
            code = String(code.dropFirst().dropLast())
          }
          line.append(code, codeStyle)
          index = close + run
          continue
        }
        line.append(String(fence), style)
        index += run
        continue
      }
      // A mark opens only at the start of a word: `2*3` stays text.
      let opensHere =
        index == 0 || !(characters[index - 1].isLetter || characters[index - 1].isNumber)
      if character == "*" {
        let run = runLength(characters, from: index, of: "*")
        if run >= 2 {
          if bold || (opensHere && lastDoubleStar >= index + 2) {
            bold.toggle()
            index += 2
            continue
          }
        } else if italic
          || (opensHere && index + 1 < characters.count && characters[index + 1] != " "
            && lastStar >= index + 1)
        {
          italic.toggle()
          index += 1
          continue
        }
      }
      line.append(String(character), style)
      index += 1
    }
    return line
  }

  private static func runLength(_ characters: [Character], from start: Int, of mark: Character)
    -> Int
  {
    var end = start
    while end < characters.count, characters[end] == mark { end += 1 }
    return end - start
  }

  private static func find(_ needle: [Character], in characters: [Character], from start: Int)
    -> Int?
  {
    guard !needle.isEmpty, start + needle.count <= characters.count else { return nil }
    var index = start
    while index + needle.count <= characters.count {
      var offset = 0
      while offset < needle.count, characters[index + offset] == needle[offset] { offset += 1 }
      if offset == needle.count { return index }
      index += 1
    }
    return nil
  }
}
