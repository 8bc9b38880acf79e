/// What the session header box shows.
public struct HeaderInfo: Hashable, Sendable {
  /// Cairn's version, shown as `(v…)`.
  public var version: String
  public var model: String
  /// The reasoning effort, shown after the model when set.
  public var reasoningEffort: String?
  /// The working directory as it should read (the caller shortens the home to `~`).
  public var directory: String

  public init(version: String, model: String, reasoningEffort: String? = nil, directory: String) {
    self.version = version
    self.model = model
    self.reasoningEffort = reasoningEffort
    self.directory = directory
  }
}

/// The header box at the top of a session, as Codex draws it: rounded dim corners,
/// `>_ Cairn (vX)`, a blank row, `model:     M   /model to change` and `directory: D`.
/// Narrower than its text, the rows are cut with `…`.
public enum HeaderBox {
  public static func lines(_ info: HeaderInfo, width: Int) -> [StyledLine] {
    let label = "directory: "
    let model =
      info.reasoningEffort.map { "\(info.model) \($0)" } ?? info.model
    let rows: [StyledLine] = [
      StyledLine([Span(">_ ", .dim), Span("Cairn", .bold), Span(" (v\(info.version))", .dim)]),
      .empty,
      StyledLine([
        Span("model:     ", .dim), Span(model), Span("   ", .dim),
        Span("/model", Style.plain.foreground(.cyan)), Span(" to change", .dim),
      ]),
      StyledLine([Span(label, .dim), Span(CellText.sanitized(info.directory))]),
    ]
    let inner = min(rows.map(\.columns).max() ?? 0, max(width - 4, 1))
    let border = String(repeating: "─", count: inner + 2)
    var lines = [StyledLine("╭" + border + "╮", .dim)]
    for row in rows {
      let fitted = fit(row, columns: inner)
      let padding = String(repeating: " ", count: inner - fitted.columns)
      lines.append(StyledLine("│ ", .dim) + fitted + StyledLine(padding + " │", .dim))
    }
    lines.append(StyledLine("╰" + border + "╯", .dim))
    // Below 5 columns no box fits: the rows are cut at the width.
    return width >= 5 ? lines : lines.map { fit($0, columns: width) }
  }

  /// `line` cut to `columns`, `…` in place of the rest, styles kept.
  private static func fit(_ line: StyledLine, columns: Int) -> StyledLine {
    guard line.columns > columns else { return line }
    var result = StyledLine()
    var used = 0
    for span in line.spans {
      for character in span.text {
        let width = TextWidth.columns(character)
        if used + width > columns - 1 {
          result.append("…", span.style)
          return result
        }
        result.append(String(character), span.style)
        used += width
      }
    }
    return result
  }
}
