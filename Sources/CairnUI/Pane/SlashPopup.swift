/// The slash-command popup under the composer: up to `visibleRowsMax` commands, the name
/// column as wide as the longest match (over all matches, so it does not jump while
/// scrolling), descriptions dim and wrapped under their column, the selected row bold cyan.
///
/// Scrolling is a pure function of the selection: the window starts at
/// `max(0, selection - visibleRowsMax + 1)`, so moving down keeps the selection on the last
/// row as in Codex. Wrap-around is the caller's: on ↓ from the last match it sets the
/// selection to 0, on ↑ from 0 to `matching(query).count - 1` (the window follows).
/// (Codex keeps its window while moving up inside it; this one re-anchors to the bottom.)
public enum SlashPopup {
  public static let visibleRowsMax = 8

  /// The first visible match for `selection` among `count` matches.
  public static func windowStart(selection: Int, count: Int) -> Int {
    let selection = min(max(selection, 0), max(count - 1, 0))
    return max(0, selection - visibleRowsMax + 1)
  }

  public static func lines(query: String, selection: Int, width: Int) -> [StyledLine] {
    let matches = SlashCommand.matching(query)
    guard !matches.isEmpty else {
      return [PaneText.clipped(StyledLine("  no matches", .dim), to: width)]
    }
    let selection = min(max(selection, 0), matches.count - 1)
    let nameColumns = matches.map { TextWidth.columns($0.command) }.max() ?? 0
    let descriptionColumn = 2 + nameColumns + 2
    let start = windowStart(selection: selection, count: matches.count)
    let end = min(start + visibleRowsMax, matches.count)
    let beside = width - descriptionColumn >= 12
    var lines: [StyledLine] = []
    for index in start..<end {
      let command = matches[index]
      let selected = index == selection
      var line = StyledLine("  ")
      if selected {
        line.append(PaneText.padded(command.command, to: nameColumns + 2), PaneText.selected)
        line.append(command.description, PaneText.selected)
      } else {
        line.append(PaneText.padded(command.command, to: nameColumns + 2))
        line.append(command.description, .dim)
      }
      guard beside else {
        lines.append(PaneText.clipped(line, to: width))
        continue
      }
      let indent = StyledLine(
        String(repeating: " ", count: descriptionColumn), selected ? PaneText.selected : .plain)
      lines += LineWrapping.wrap(line, width: OptionRows.wrapColumns(width), indent: indent)
    }
    return lines
  }
}
