import CairnCore

/// User, assistant and reasoning messages, and the notes (approvals, failures,
/// interrupts, other tool calls).
extension HistoryCell {
  static let userPrompt = StyledLine("› ", Style(bold: true, dim: true))
  static let dimBullet = StyledLine("• ", .dim)
  static let gutter = StyledLine("  ")

  /// `› ` then the text as typed (no Markdown); continuation rows indented 2.
  static func userLines(_ text: String, width: Int) -> [StyledLine] {
    var source = CellText.lines(text)
    while source.count > 1, source.last?.allSatisfy({ $0 == " " }) == true { source.removeLast() }
    var rows: [StyledLine] = []
    for (index, line) in source.enumerated() {
      rows += CellText.wrap(
        StyledLine(line), width: width, first: index == 0 ? userPrompt : gutter, rest: gutter)
    }
    return rows
  }

  /// A dim `• ` then the Markdown body indented 2.
  static func assistantLines(_ text: String, width: Int) -> [StyledLine] {
    bodyLines(MarkdownLines.blocks(text, base: .plain), bullet: dimBullet, width: width)
  }

  /// Reasoning as Codex's transcript shows it: dim italic, bold parts bold italic.
  static func reasoningLines(_ summary: String, width: Int) -> [StyledLine] {
    bodyLines(
      MarkdownLines.blocks(summary, base: Style(dim: true, italic: true)), bullet: dimBullet,
      width: width)
  }

  static func bodyLines(_ blocks: [MarkdownLines.Block], bullet: StyledLine, width: Int)
    -> [StyledLine]
  {
    var rows: [StyledLine] = []
    for (index, block) in blocks.enumerated() {
      if block.line.spans.isEmpty {
        rows.append(.empty)
        continue
      }
      rows += CellText.wrap(
        block.line, width: width, first: index == 0 ? bullet : gutter, rest: gutter,
        indent: block.hang)
    }
    return rows
  }

  /// `✔ You approved cairn to run <cmd> this time`, and the other decisions.
  static func approvalLines(command: String, decision: ApprovalDecision, width: Int)
    -> [StyledLine]
  {
    let snippet = commandSnippet(command)
    let green = Style.plain.foreground(.green)
    let red = Style.plain.foreground(.red)
    var line: StyledLine
    switch decision {
    case .approvedOnce:
      line = StyledLine([
        Span("✔ ", green), Span("You "), Span("approved", .bold), Span(" cairn to run "),
        Span(snippet, .dim), Span(" this time", .bold),
      ])
    case .approvedForSession:
      line = StyledLine([
        Span("✔ ", green), Span("You "), Span("approved", .bold), Span(" cairn to run "),
        Span(snippet, .dim), Span(" every time this session", .bold),
      ])
    case .denied:
      line = StyledLine([
        Span("✗ ", red), Span("You "), Span("did not approve", .bold),
        Span(" cairn to run "), Span(snippet, .dim),
      ])
    case .aborted:
      line = StyledLine([
        Span("✗ ", red), Span("You "), Span("canceled", .bold),
        Span(" the request to run "), Span(snippet, .dim),
      ])
    }
    return LineWrapping.wrap(line, width: width, indent: gutter)
  }

  /// A command's first line, at most 80 columns, `…` where it was cut.
  static func commandSnippet(_ command: String) -> String {
    let lines = CellText.lines(command)
    let first = lines.first ?? ""
    let cut = CellText.truncated(first, columns: 80)
    return lines.count > 1 && cut == first ? first + " …" : cut
  }

  /// `• Called name(arguments)`, the arguments on one line, dim, cut to two rows.
  static func toolCallLines(name: String, arguments: String, width: Int) -> [StyledLine] {
    let flat = CellText.lines(arguments).map { $0.trimmingLeadingSpaces }.joined(separator: " ")
    let line = StyledLine([
      Span("Called", .bold), Span(" "), Span(name), Span("(" + flat + ")", .dim),
    ])
    let rows = CellText.wrap(line, width: width, first: dimBullet, rest: gutter)
    guard rows.count > 2 else { return rows }
    let last = StyledLine(
      CellText.truncated(rows[1].text, columns: max(width - 1, 1)) + "…", .dim)
    return [rows[0], last]
  }

  /// `■ <message>` in red.
  static func failureLines(_ message: String, width: Int) -> [StyledLine] {
    let red = Style.plain.foreground(.red)
    var rows: [StyledLine] = []
    for (index, line) in CellText.lines(message).enumerated() {
      rows += CellText.wrap(
        StyledLine(line, red), width: width, first: index == 0 ? StyledLine("■ ", red) : gutter,
        rest: gutter)
    }
    return rows
  }

  /// `⚠ <message>` in yellow, wrapped under the text.
  static func warningLines(_ message: String, width: Int) -> [StyledLine] {
    let yellow = Style.plain.foreground(.yellow)
    var rows: [StyledLine] = []
    for (index, line) in CellText.lines(message).enumerated() {
      rows += CellText.wrap(
        StyledLine(line, yellow),
        width: width, first: index == 0 ? StyledLine("⚠ ", yellow) : gutter, rest: gutter)
    }
    return rows
  }

  /// Codex's interrupt note, red, wrapped rows not indented.
  static func interruptLines(width: Int) -> [StyledLine] {
    let text =
      "■ Conversation interrupted - tell the model what to do differently. Something went "
      + "wrong? Hit `/feedback` to report the issue."
    return LineWrapping.wrap(StyledLine(text, Style.plain.foreground(.red)), width: width)
  }
}

extension String {
  fileprivate var trimmingLeadingSpaces: String { String(drop { $0 == " " }) }
}
