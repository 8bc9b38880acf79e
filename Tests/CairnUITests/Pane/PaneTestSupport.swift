import CairnUI

/// The widths and sizes every pane and overlay view is snapshot at.
enum PaneSizes {
  static let widths = [80, 120, 40]
  static let sizes = [
    OverlaySize(columns: 80, rows: 24), OverlaySize(columns: 120, rows: 40),
    OverlaySize(columns: 40, rows: 12),
  ]
}

extension Frame {
  /// Lines drawn in a frame with the cursor set: how the composer is snapshot.
  static func paneComposer(_ lines: [StyledLine], columns: Int, cursorRow: Int, cursorColumn: Int)
    -> Frame
  {
    var frame = Frame.of(lines, columns: columns)
    frame.cursor = Frame.Position(row: cursorRow, column: cursorColumn)
    return frame
  }
}

/// One minute, in nanoseconds, for readable times.
let paneSecond: Int64 = 1_000_000_000
