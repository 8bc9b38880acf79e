/// Small text helpers the bottom pane and the overlays share: padding, truncation and
/// Codex's colours. Pure.
enum PaneText {
  /// Codex's footer colours: the model and effort, and the working directory.
  static let modelColor = Color.rgb(0xF6, 0xE2, 0xB7)
  static let directoryColor = Color.rgb(0xAB, 0xDF, 0xA7)
  /// The highlighted row of every list: bold cyan.
  static let selected = Style.bold.foreground(.cyan)

  /// `text` followed by spaces up to `columns` terminal columns (never cut).
  static func padded(_ text: String, to columns: Int) -> String {
    let used = TextWidth.columns(text)
    return used >= columns ? text : text + String(repeating: " ", count: columns - used)
  }

  /// `text` cut to `columns`, ending in `marker` when it was cut.
  static func truncated(_ text: String, to columns: Int, marker: String = "…") -> String {
    guard columns > 0 else { return "" }
    guard TextWidth.columns(text) > columns else { return text }
    let markerColumns = TextWidth.columns(marker)
    guard columns > markerColumns else {
      return String(TextWidth.prefix(text, fitting: columns).text)
    }
    return String(TextWidth.prefix(text, fitting: columns - markerColumns).text) + marker
  }

  /// `line` cut to `columns`, styles kept; the last visible character becomes `…` when
  /// something was cut.
  static func clipped(_ line: StyledLine, to columns: Int) -> StyledLine {
    guard line.columns > columns else { return line }
    guard columns > 0 else { return .empty }
    var result = StyledLine()
    var used = 0
    let limit = columns - 1
    for span in line.spans {
      let fit = TextWidth.prefix(span.text, fitting: limit - used)
      result.append(String(fit.text), span.style)
      used += fit.columns
      if fit.text.endIndex != span.text.endIndex { break }
    }
    result.append("…", line.spans.last?.style ?? .plain)
    return result
  }

  /// A line with `text` left and `right` flush against the right edge minus `margin`,
  /// spaces between; `right` wins when both do not fit.
  static func spread(_ left: StyledLine, _ right: StyledLine, width: Int, margin: Int = 0)
    -> StyledLine
  {
    let gap = width - margin - left.columns - right.columns
    guard gap >= 1 else { return clipped(left, to: width) }
    return left + StyledLine(String(repeating: " ", count: gap)) + right
  }

  /// The path with the home directory shown as `~`.
  static func tildeAbbreviated(_ path: String, home: String?) -> String {
    guard let home, !home.isEmpty, home != "/" else { return path }
    let trimmedHome = home.hasSuffix("/") ? String(home.dropLast()) : home
    if path == trimmedHome { return "~" }
    if path.hasPrefix(trimmedHome + "/") { return "~" + path.dropFirst(trimmedHome.count) }
    return path
  }

  /// The end of `path` that fits in `columns`, after `…`: directories are dropped from
  /// the left, the last one is kept as long as possible.
  static func leftTruncatedPath(_ path: String, to columns: Int) -> String {
    guard TextWidth.columns(path) > columns else { return path }
    guard columns > 1 else { return String(TextWidth.prefix("…", fitting: columns).text) }
    // Prefer a cut at a `/` so that whole directory names remain.
    var components = path.split(separator: "/", omittingEmptySubsequences: false)
    while components.count > 1 {
      components.removeFirst()
      let candidate = "…/" + components.joined(separator: "/")
      if TextWidth.columns(candidate) <= columns { return candidate }
    }
    let characters = Array(path)
    var tail = ""
    var used = 1
    for character in characters.reversed() {
      let width = TextWidth.columns(character)
      if used + width > columns { break }
      tail = String(character) + tail
      used += width
    }
    return "…" + tail
  }
}
