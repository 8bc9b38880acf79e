/// The Ctrl+T transcript overlay (and the Esc Esc backtrack view, which shares it), drawn on
/// the alternate screen:
///
/// ```text
/// / T R A N S C R I P T / / / / / / / / / / / / / / / /      (dim)
/// …the transcript's lines, the newest at the bottom…
/// ─────────────────────────────────────────────── 100% ─     (dim)
///  ↑/↓ to scroll   pgup/pgdn to page   home/end to jump      (dim)
///  q to quit   esc to edit prev
/// ```
///
/// Scrolling is counted in lines from the bottom (`state.ui.linesFromBottom`): 0 shows the
/// end. The lead applies keys with `scrolled` (↑ +1, ↓ −1, PgUp `+pageRows`, PgDn
/// `−pageRows`, Home `Int.max`, End `Int.min`), which clamps.
public enum TranscriptOverlay {
  public enum Mode: Hashable, Sendable {
    /// Ctrl+T: read the transcript.
    case transcript
    /// Esc Esc: pick an earlier message to edit.
    case backtrack
  }

  /// Rows that are not transcript: the banner, the rule, two hint rows and a blank last row.
  public static let chromeRows = 5

  /// Transcript lines on screen at once (and the PgUp/PgDn step).
  public static func pageRows(size: OverlaySize) -> Int {
    max(size.rows - chromeRows, 1)
  }

  /// The most lines one can scroll up: the transcript above the first page.
  public static func maxLinesFromBottom(totalLines: Int, size: OverlaySize) -> Int {
    max(totalLines - pageRows(size: size), 0)
  }

  /// `linesFromBottom` within 0…`maxLinesFromBottom`.
  public static func clamp(linesFromBottom: Int, totalLines: Int, size: OverlaySize) -> Int {
    min(max(linesFromBottom, 0), maxLinesFromBottom(totalLines: totalLines, size: size))
  }

  /// The position after scrolling `delta` lines up (negative: down), clamped; saturating, so
  /// `Int.max` jumps to the top and `Int.min` to the bottom.
  public static func scrolled(
    linesFromBottom: Int, by delta: Int, totalLines: Int, size: OverlaySize
  ) -> Int {
    let (sum, overflow) = linesFromBottom.addingReportingOverflow(delta)
    let target = overflow ? (delta > 0 ? Int.max : Int.min) : sum
    return clamp(linesFromBottom: target, totalLines: totalLines, size: size)
  }

  /// How far down the transcript the view is, 0 at the top and 100 at the end (and when
  /// everything fits).
  public static func percent(linesFromBottom: Int, totalLines: Int, size: OverlaySize) -> Int {
    let most = maxLinesFromBottom(totalLines: totalLines, size: size)
    guard most > 0 else { return 100 }
    let position =
      most - clamp(linesFromBottom: linesFromBottom, totalLines: totalLines, size: size)
    return (position * 100 + most / 2) / most
  }

  /// `lines` are the transcript already laid out for `size.columns` (wider lines are cut).
  /// Rows past the end of a short transcript show `~`.
  public static func frame(
    lines: [StyledLine], linesFromBottom: Int, size: OverlaySize, mode: Mode = .transcript
  ) -> Frame {
    var frame = Frame(columns: max(size.columns, 1), rows: max(size.rows, 1))
    let width = frame.columns
    frame.draw(banner(width: width), row: 0)
    let page = pageRows(size: size)
    let offset = clamp(linesFromBottom: linesFromBottom, totalLines: lines.count, size: size)
    let top = max(lines.count - page - offset, 0)
    for row in 0..<page where 1 + row < frame.rows {
      let index = top + row
      if index < lines.count {
        frame.draw(PaneText.clipped(lines[index], to: width), row: 1 + row)
      } else {
        frame.draw(StyledLine("~"), row: 1 + row)
      }
    }
    let ruleRow = 1 + page
    guard ruleRow < frame.rows else { return frame }
    let label = " \(percent(linesFromBottom: offset, totalLines: lines.count, size: size))% "
    frame.draw(SessionPicker.rule(label: label, width: width), row: ruleRow)
    let hints = hintRows(mode)
    if ruleRow + 1 < frame.rows {
      frame.draw(PaneText.clipped(StyledLine(hints.0, .dim), to: width), row: ruleRow + 1)
    }
    if ruleRow + 2 < frame.rows {
      frame.draw(PaneText.clipped(StyledLine(hints.1, .dim), to: width), row: ruleRow + 2)
    }
    return frame
  }

  /// `/ T R A N S C R I P T / / /…` across the width, dim.
  static func banner(width: Int) -> StyledLine {
    var text = "/ T R A N S C R I P T"
    while TextWidth.columns(text) + 2 <= width { text += " /" }
    return StyledLine(String(TextWidth.prefix(text, fitting: width).text), .dim)
  }

  static func hintRows(_ mode: Mode) -> (String, String) {
    let first = " ↑/↓ to scroll   pgup/pgdn to page   home/end to jump"
    switch mode {
    case .transcript: return (first, " q to quit   esc to edit prev")
    case .backtrack:
      return (first, " q to quit   esc/← to edit prev   → to edit next   enter to edit message")
    }
  }
}
