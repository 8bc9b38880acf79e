import CairnUI
import Testing

/// The snapshot text itself: what a reviewer reads must show text, styles and the cursor.
@Suite struct FrameSnapshotTests {
  @Test func theSnapshotTextShowsRowsStylesAndTheCursor() {
    var frame = Frame(columns: 8, rows: 2)
    frame.write("› hi", row: 1, column: 0)
    frame.write("›", row: 1, column: 0, style: .bold)
    frame.write("日", row: 0, column: 2, style: Style.dim.foreground(.cyan))
    frame.cursor = Frame.Position(row: 1, column: 4)
    #expect(
      frame.snapshotText == """
        8x2
        ────────
          日
        › hi
        ────────
        row 0: 2-3 2;36
        row 1: 0-0 1
        cursor: row 1, column 4

        """)
    assertFrameSnapshot(frame, named: "sample")
  }
}
