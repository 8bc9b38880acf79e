/// Numbered option rows as Codex's pickers and prompts draw them: `› 1. Label  description`,
/// the selected row bold cyan (marker, label and description), the others with a dim
/// description, descriptions in one column and wrapped under it. Pure.
enum OptionRows {
  struct Row {
    var label: String
    var description: String?
  }

  /// Descriptions narrower than this go under the label instead of beside it.
  static let descriptionColumnsMin = 20

  static func lines(_ rows: [Row], selection: Int, width: Int) -> [StyledLine] {
    let labels = rows.enumerated().map { "\($0.offset + 1). \($0.element.label)" }
    let labelColumns = labels.map { 2 + TextWidth.columns($0) }.max() ?? 0
    let descriptionColumn = labelColumns + 2
    let beside = width - descriptionColumn >= descriptionColumnsMin
    var lines: [StyledLine] = []
    for (index, row) in rows.enumerated() {
      let selected = index == selection
      let marker = selected ? "› " : "  "
      let labelStyle: Style = selected ? PaneText.selected : .plain
      let descriptionStyle: Style = selected ? PaneText.selected : .dim
      guard let description = row.description, !description.isEmpty else {
        lines += LineWrapping.wrap(
          StyledLine(marker + labels[index], labelStyle), width: width,
          indent: StyledLine("     "))
        continue
      }
      if beside {
        var line = StyledLine(
          PaneText.padded(marker + labels[index], to: descriptionColumn), labelStyle)
        line.append(description, descriptionStyle)
        // Codex resets the style before a continuation's indent, except on the selected row.
        let indent = StyledLine(
          String(repeating: " ", count: descriptionColumn), selected ? labelStyle : .plain)
        lines += LineWrapping.wrap(line, width: wrapColumns(width), indent: indent)
      } else {
        lines += LineWrapping.wrap(
          StyledLine(marker + labels[index], labelStyle), width: width,
          indent: StyledLine("     "))
        lines += LineWrapping.wrap(
          StyledLine("     " + description, descriptionStyle), width: width,
          indent: StyledLine("     "))
      }
    }
    return lines
  }

  /// Codex wraps list rows two columns short of the width (its captures never show a
  /// description in the last two columns; 118 of 120 and 78 of 80 are the widest rows).
  static func wrapColumns(_ width: Int) -> Int { max(width - 2, 1) }

  /// The dim hint under a picker.
  static func hint(_ text: String, width: Int) -> StyledLine {
    PaneText.clipped(StyledLine("  " + text, .dim), to: width)
  }
}
