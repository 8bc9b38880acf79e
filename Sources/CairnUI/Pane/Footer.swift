/// The footer under the composer: `  gpt-5.5 default · ~/work`, the model and reasoning
/// effort in `#F6E2B7`, a dim `·`, the working directory in `#ABDFA7`. A transient hint
/// (`esc again to edit previous message`) replaces it, dim.
///
/// ```swift
/// Footer.line(model: "gpt-5.5", effort: nil, cwd: "/home/me/work", width: 80, hint: nil,
///             home: "/home/me").text
/// // "  gpt-5.5 default · ~/work"
/// ```
public enum Footer {
  /// `effort` nil shows `default` (the model's own default effort), as Codex does. The
  /// directory is shown with `home` as `~` and, when the line is too long, shortened from
  /// the left (`…/deep/dir`) so its end stays visible.
  public static func line(
    model: String, effort: String?, cwd: String, width: Int, hint: FooterHint?,
    home: String? = nil
  ) -> StyledLine {
    if let hint {
      return PaneText.clipped(StyledLine("  " + hint.text, .dim), to: width)
    }
    let modelPart = "\(model) \(effort ?? "default")"
    var line = StyledLine("  ")
    line.append(modelPart, Style.plain.foreground(PaneText.modelColor))
    line.append(" · ", .dim)
    let room = width - line.columns
    let directory = PaneText.tildeAbbreviated(cwd, home: home)
    // Below a few columns the directory says nothing: drop it and its separator.
    guard room >= 8 else {
      return PaneText.clipped(
        StyledLine([Span("  "), Span(modelPart, Style.plain.foreground(PaneText.modelColor))]),
        to: width)
    }
    line.append(
      PaneText.leftTruncatedPath(directory, to: room),
      Style.plain.foreground(PaneText.directoryColor))
    return line
  }
}
