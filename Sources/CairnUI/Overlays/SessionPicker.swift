/// Which time orders the sessions, newest first.
public enum SessionPickerSort: Hashable, Sendable {
  case updated
  case created
}

/// Which sessions are listed: those started in the current directory, or all.
public enum SessionPickerFilter: Hashable, Sendable {
  case cwd
  case all
}

/// What choosing a session does.
public enum SessionPickerAction: Hashable, Sendable {
  case resume
  case fork
}

/// Which toolbar control ←/→ changes (Tab moves between them); it is drawn magenta.
public enum SessionPickerFocus: Hashable, Sendable {
  case filter
  case sort
}

/// The full-screen picker of `cairn resume` and `cairn fork`, as Codex draws it:
///
/// ```text
///  Resume a previous session                                     (bold cyan)
///
///  Type to search                   Filter: [Cwd] All    Sort: [Updated] Created
///
///   ❯ 26s ago     hello there                                    (selected: yellow)
///     2m ago      Please summarize the READMEsecond line of th...
///
/// ───────────────────────────────────────────────────────────── 1 / 4 · 100% ─
///  enter resume   esc new   ctrl+c quit   tab focus   ←/→ option
///  ctrl+o comfy   ctrl+t preview   ctrl+e exp   ↑/↓ browse
/// ```
///
/// `frame` draws the rows it is given, in that order: the lead first calls `arrange` (the
/// filter, the search and the sort), keeps its result, and moves `selection` within it.
public enum SessionPicker {
  /// Rows of chrome around the list: title, blank, search, blank, rule, two hint rows, blank.
  public static let chromeRows = 8
  /// Columns before the age: two of margin and the `❯ ` marker.
  static let listInset = 4
  /// The age column, `26s ago` padded.
  static let ageColumns = 12
  /// At and above this width the hints use their long words.
  static let wideHintsColumns = 120

  public static func title(_ action: SessionPickerAction) -> String {
    switch action {
    case .resume: return "Resume a previous session"
    case .fork: return "Fork a previous session"
    }
  }

  /// The sessions to list: those in `cwd` unless `filter` is `.all`, those whose preview
  /// contains `query` (case-insensitive; an empty query keeps all), newest first by `sort`
  /// (ties by id, so the order is stable).
  public static func arrange(
    _ rows: [SessionPickerRow], query: String, sort: SessionPickerSort,
    filter: SessionPickerFilter, cwd: String
  ) -> [SessionPickerRow] {
    let needle = query.lowercased()
    let kept = rows.filter { row in
      if filter == .cwd, row.cwd != cwd { return false }
      guard !needle.isEmpty else { return true }
      return row.preview.lowercased().contains(needle)
        || (row.title?.lowercased().contains(needle) ?? false)
    }
    return kept.sorted { left, right in
      let leftTime = sort == .updated ? left.updatedAt : left.createdAt
      let rightTime = sort == .updated ? right.updatedAt : right.createdAt
      return leftTime != rightTime ? leftTime > rightTime : left.id < right.id
    }
  }

  /// How many sessions fit on a screen of `size`.
  public static func listRows(size: OverlaySize) -> Int {
    max(size.rows - chromeRows, 1)
  }

  /// The first listed session for `selection`: the window moves only as far as needed to
  /// keep the selection on screen from the top.
  public static func windowStart(selection: Int, count: Int, size: OverlaySize) -> Int {
    let visible = listRows(size: size)
    let selection = min(max(selection, 0), max(count - 1, 0))
    return max(0, selection - visible + 1)
  }

  public static func frame(
    rows: [SessionPickerRow], query: String, selection: Int, sort: SessionPickerSort,
    filter: SessionPickerFilter, size: OverlaySize, now: Int64,
    action: SessionPickerAction = .resume, focus: SessionPickerFocus = .filter
  ) -> Frame {
    var frame = Frame(columns: max(size.columns, 1), rows: max(size.rows, 1))
    let width = frame.columns
    frame.draw(
      PaneText.clipped(StyledLine([Span(" "), Span(title(action), PaneText.selected)]), to: width),
      row: 0)
    if frame.rows > 2 {
      frame.draw(
        toolbar(query: query, sort: sort, filter: filter, focus: focus, width: width), row: 2)
    }
    let selection = rows.isEmpty ? 0 : min(max(selection, 0), rows.count - 1)
    let visible = listRows(size: size)
    let start = windowStart(selection: selection, count: rows.count, size: size)
    let listTop = 4
    if rows.isEmpty, listTop < frame.rows {
      let message = query.isEmpty ? "No sessions yet" : "No results for your search"
      frame.draw(
        PaneText.clipped(StyledLine([Span("    "), Span(message, .dim)]), to: width), row: listTop)
    }
    for (offset, row) in rows[start..<min(start + visible, rows.count)].enumerated()
    where listTop + offset < frame.rows {
      frame.draw(
        line(row, selected: start + offset == selection, now: now, width: width),
        row: listTop + offset)
    }
    let ruleRow = size.rows - 4
    if ruleRow > listTop {
      let shown = min(start + visible, rows.count)
      let percent = rows.isEmpty ? 100 : shown * 100 / rows.count
      let position = rows.isEmpty ? "0 / 0" : "\(selection + 1) / \(rows.count)"
      frame.draw(rule(label: " \(position) · \(percent)% ", width: width), row: ruleRow)
      let hints = hintRows(
        action: action, query: query, wide: width >= wideHintsColumns, width: width)
      frame.draw(hints.0, row: ruleRow + 1)
      frame.draw(hints.1, row: ruleRow + 2)
    }
    return frame
  }

  /// One listed session.
  static func line(_ row: SessionPickerRow, selected: Bool, now: Int64, width: Int) -> StyledLine {
    let age = PaneText.padded(RelativeAge.text(from: row.updatedAt, to: now), to: ageColumns)
    // Codex leaves the right inset and one more column free of text.
    let room = max(width - listInset - ageColumns - listInset - 1, 0)
    let preview = PaneText.truncated(row.preview, to: room, marker: "...")
    let line: StyledLine
    if selected {
      let yellow = Style.plain.foreground(.yellow)
      line = StyledLine([
        Span("  "), Span("❯ ", Style.bold.foreground(.yellow)),
        Span(age, Style.dim.foreground(.yellow)), Span(preview, yellow),
      ])
    } else {
      line = StyledLine([Span("    "), Span(age, .dim), Span(preview)])
    }
    return PaneText.clipped(line, to: width)
  }

  /// ` Type to search` (or ` Search: text`) left; the filter and sort options right.
  static func toolbar(
    query: String, sort: SessionPickerSort, filter: SessionPickerFilter,
    focus: SessionPickerFocus, width: Int
  ) -> StyledLine {
    let left =
      query.isEmpty
      ? StyledLine([Span(" "), Span("Type to search", .dim)])
      : StyledLine(" Search: " + query)
    var right = StyledLine("Filter: ", .dim)
    right = right + option("Cwd", active: filter == .cwd, focused: focus == .filter)
    right = right + option("All", active: filter == .all, focused: focus == .filter)
    right.append("   Sort: ", .dim)
    right = right + option("Updated", active: sort == .updated, focused: focus == .sort)
    right = right + option("Created", active: sort == .created, focused: focus == .sort)
    return PaneText.spread(left, right, width: width, margin: 1)
  }

  /// `[Cwd]` when active (magenta in the focused control, plain in the other), ` All `
  /// dim otherwise.
  static func option(_ name: String, active: Bool, focused: Bool) -> StyledLine {
    guard active else { return StyledLine(" \(name) ", .dim) }
    return StyledLine("[\(name)]", focused ? Style.plain.foreground(.magenta) : .plain)
  }

  /// A dim rule with `label` near its right end: `──── 1 / 4 · 100% ─`.
  static func rule(label: String, width: Int) -> StyledLine {
    let labelColumns = TextWidth.columns(label)
    guard width >= labelColumns + 2 else {
      return StyledLine(String(repeating: "─", count: max(width, 0)), .dim)
    }
    let left = String(repeating: "─", count: width - labelColumns - 1)
    return StyledLine(left + label + "─", .dim)
  }

  /// The two rows of key hints: keys plain, words dim, three columns apart; hints that do
  /// not fit in `width` are left out whole.
  static func hintRows(action: SessionPickerAction, query: String, wide: Bool, width: Int) -> (
    StyledLine, StyledLine
  ) {
    let verb = action == .resume ? "resume" : "fork"
    let escape = !query.isEmpty ? "clear" : wide ? "start new" : "new"
    let first: [(String, String)] = [
      ("enter", verb), ("esc", escape), ("ctrl+c", "quit"),
      ("tab", wide ? "focus sort/filter" : "focus"), ("←/→", wide ? "change option" : "option"),
    ]
    let second: [(String, String)] = [
      ("ctrl+o", wide ? "comfortable view" : "comfy"), ("ctrl+t", wide ? "transcript" : "preview"),
      ("ctrl+e", wide ? "expand" : "exp"), ("↑/↓", "browse"),
    ]
    return (hintLine(first, width: width), hintLine(second, width: width))
  }

  static func hintLine(_ hints: [(key: String, words: String)], width: Int) -> StyledLine {
    var line = StyledLine(" ")
    for (index, hint) in hints.enumerated() {
      var next = line
      if index > 0 { next.append("   ", .dim) }
      next.append(hint.key)
      next.append(" " + hint.words, .dim)
      guard next.columns <= width else { break }
      line = next
    }
    return line
  }
}
