/// The shortcut help `?` shows in place of the footer (an empty composer): two dim columns
/// of keys, a blank line, and `customize shortcuts with /keymap`.
public enum ShortcutsHelp {
  /// The entries in Codex's order, left column then right column, row by row.
  public static let entries: [(left: String, right: String)] = [
    ("/ for commands", "! for shell commands"),
    ("ctrl + j for newline", "tab to submit message"),
    ("@ for file paths", "ctrl + v to paste images"),
    ("ctrl + g to edit in external editor", "esc esc to edit previous message"),
    ("ctrl + r search history", "ctrl + c to exit"),
    ("alt + , reasoning down", "alt + . reasoning up"),
    ("shift + tab to change mode", "ctrl + t to view transcript"),
  ]

  /// Where the right column starts (Codex: column 45 at 80 and 120 columns).
  public static let rightColumn = 45

  /// Two columns when they fit, else one entry a line.
  public static func lines(width: Int) -> [StyledLine] {
    let rightWidth = entries.map { TextWidth.columns($0.right) }.max() ?? 0
    var lines: [StyledLine] = []
    if width >= rightColumn + rightWidth {
      for entry in entries {
        lines.append(
          StyledLine(PaneText.padded("  " + entry.left, to: rightColumn) + entry.right, .dim))
      }
    } else {
      for entry in entries.flatMap({ [$0.left, $0.right] }) {
        lines.append(PaneText.clipped(StyledLine("  " + entry, .dim), to: width))
      }
    }
    lines.append(.empty)
    lines.append(
      PaneText.clipped(
        StyledLine([
          Span("  customize shortcuts with "), Span("/keymap", Style.plain.foreground(.cyan)),
        ]), to: width))
    return lines
  }
}
