/// Frames as text a person can read and review: the characters of each row, and the runs
/// of non-plain styles. Snapshot tests commit this text; `cairn replay tui --print` shows it.
extension Frame {
  /// The rows' text, trailing blanks trimmed, one line per row.
  public var plainText: String {
    (0..<rows).map { row in
      var line = ""
      for column in 0..<columns {
        let cell = self[row, column]
        if cell.width == 0 { continue }
        line += cell.text
      }
      while line.hasSuffix(" ") { line.removeLast() }
      return line
    }.joined(separator: "\n")
  }

  /// One line per row that has styled cells: `row R: C1-C2 STYLE; …`, where STYLE lists
  /// the SGR parameters (`1` bold, `2` dim, `38;5;6` a colour…), and the cursor.
  public var styleRuns: String {
    var lines: [String] = []
    for row in 0..<rows {
      var runs: [String] = []
      var column = 0
      while column < columns {
        let style = self[row, column].style
        var end = column
        while end + 1 < columns, self[row, end + 1].style == style { end += 1 }
        if style != .plain {
          let parameters = style.selectGraphicRendition.dropFirst(2)
          runs.append("\(column)-\(end) \(parameters)")
        }
        column = end + 1
      }
      if !runs.isEmpty { lines.append("row \(row): " + runs.joined(separator: "; ")) }
    }
    if let cursor {
      lines.append("cursor: row \(cursor.row), column \(cursor.column)")
    } else {
      lines.append("cursor: hidden")
    }
    return lines.joined(separator: "\n")
  }

  /// The frame's text and styles together, as snapshot files hold them.
  public var snapshotText: String {
    let rule = String(repeating: "─", count: columns)
    return "\(columns)x\(rows)\n\(rule)\n\(plainText)\n\(rule)\n\(styleRuns)\n"
  }

  /// A frame just tall enough for `lines`, each drawn from column 0: how line views
  /// (transcript cells) are snapshot.
  public static func of(_ lines: [StyledLine], columns: Int) -> Frame {
    var frame = Frame(columns: columns, rows: lines.count)
    for (row, line) in lines.enumerated() { frame.draw(line, row: row) }
    return frame
  }
}
