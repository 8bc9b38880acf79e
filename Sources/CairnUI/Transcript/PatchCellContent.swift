import CairnCore

/// The files a patch changed, as the transcript shows them: `• Added path (+N bytes)`,
/// `• Edited path (B → A bytes)`, `• Deleted path (-N bytes)`, or for several files
/// `• Edited N files` and one row per file under `  └ `.
///
/// With a file's `diff` (the contents come from the log: the state keeps only byte sizes),
/// the summary gives line counts as Codex does (`(+1 -0)`) and the diff follows with line
/// numbers (`    1 +text`); without it the summary gives byte sizes.
public struct PatchCellContent: Hashable, Sendable {
  /// One changed file.
  public struct File: Hashable, Sendable {
    /// The path as shown (relative to the session's directory when inside it).
    public var path: String
    public var kind: FileChangeKind
    public var movePath: String?
    public var beforeBytes: UInt64?
    public var afterBytes: UInt64?
    /// The change line by line, when the view has the contents.
    public var diff: FileDiff?

    public init(
      path: String, kind: FileChangeKind, movePath: String? = nil, beforeBytes: UInt64? = nil,
      afterBytes: UInt64? = nil, diff: FileDiff? = nil
    ) {
      self.path = path
      self.kind = kind
      self.movePath = movePath
      self.beforeBytes = beforeBytes
      self.afterBytes = afterBytes
      self.diff = diff
    }
  }

  public var files: [File]
  /// True while the patch has not finished (its changes may still grow).
  public var running: Bool
  /// True when the patch finished without changing anything it meant to (it failed).
  public var failed: Bool

  public init(files: [File], running: Bool = false, failed: Bool = false) {
    self.files = files
    self.running = running
    self.failed = failed
  }

  func lines(width: Int) -> [StyledLine] {
    let bullet = StyledLine(running ? "◦ " : "• ", .dim)
    guard let only = files.first else {
      let title: StyledLine =
        running
        ? StyledLine("Applying patch", .bold)
        : failed
          ? StyledLine("Patch failed", Style(bold: true).foreground(.red))
          : StyledLine("Patch applied, no files changed", .bold)
      return CellText.wrap(title, width: width, first: bullet, rest: HistoryCell.gutter)
    }
    if files.count == 1 {
      return CellText.wrap(
        Self.summary(only), width: width, first: bullet, rest: HistoryCell.gutter)
        + (only.diff?.rows(width: width, indent: 4) ?? [])
    }
    var rows = CellText.wrap(
      StyledLine([Span("Edited", .bold), Span(" \(files.count) files")]), width: width,
      first: bullet, rest: HistoryCell.gutter)
    let withDiffs = files.contains { $0.diff != nil }
    for (index, file) in files.enumerated() {
      if index > 0, withDiffs { rows.append(.empty) }
      rows += CellText.wrap(
        Self.summary(file), width: width,
        first: index == 0 ? StyledLine("  └ ", .dim) : StyledLine("    "),
        rest: StyledLine("    "))
      rows += file.diff?.rows(width: width, indent: 6) ?? []
    }
    return rows
  }

  private static func summary(_ file: File) -> StyledLine {
    var line = StyledLine()
    switch file.kind {
    case .add: line.append("Added", .bold)
    case .update: line.append("Edited", .bold)
    case .delete: line.append("Deleted", .bold)
    }
    line.append(" " + CellText.sanitized(file.path).replacing("\n", with: " "))
    if let movePath = file.movePath {
      line.append(" → " + CellText.sanitized(movePath).replacing("\n", with: " "))
    }
    let green = Style.plain.foreground(.green)
    let red = Style.plain.foreground(.red)
    if let diff = file.diff {
      return line
        + StyledLine([
          Span(" ("), Span("+\(diff.added)", green), Span(" "), Span("-\(diff.removed)", red),
          Span(")"),
        ])
    }
    switch (file.kind, file.beforeBytes, file.afterBytes) {
    case (.add, _, let after?):
      line = line + StyledLine([Span(" ("), Span("+\(after)", green), Span(" bytes)")])
    case (.delete, let before?, _):
      line = line + StyledLine([Span(" ("), Span("-\(before)", red), Span(" bytes)")])
    case (.update, let before?, let after?):
      line = line + StyledLine([Span(" (\(before) → \(after) bytes)", .dim)])
    case (.add, _, nil), (.delete, nil, _), (.update, _, _):
      break
    }
    return line
  }
}
