import CairnCore
import CairnLogFormat
import CairnUI

/// What is on the real terminal and how to change it: the inline viewport (history pushed
/// into the scrollback once, the bottom pane redrawn in place) or the alternate screen for
/// a full-screen overlay. It turns each new `view` into the bytes that show it; the views
/// themselves are `WorkstationScreen`'s pure functions.
///
/// With `alternateScreen` off (`--no-alt-screen`) a full-screen overlay is drawn inline
/// instead, as the pane: it takes the screen's rows in the normal screen, history above it
/// goes on into the scrollback, and closing it shrinks the pane back (its rows erased).
struct TerminalScreen {
  private(set) var viewport: InlineViewport
  private(set) var rows: Int
  private(set) var columns: Int
  /// Whether full-screen overlays use the alternate screen (Codex's default).
  let alternateScreen: Bool
  private var alternate: Frame?
  private var onAlternate = false
  /// The last cell pushed into the scrollback, so the next gets the right blank lines.
  private var lastPushed: HistoryCell?

  init(rows: Int, columns: Int, cursorRow: Int, alternateScreen: Bool = true) {
    self.alternateScreen = alternateScreen
    self.rows = rows
    self.columns = columns
    viewport = InlineViewport(screenRows: rows, columns: columns, cursorRow: cursorRow)
  }

  /// The bytes that bring the terminal to show `state`.
  /// `older`: transcript items paged in from the log for the transcript overlay.
  mutating func update(
    _ state: SessionState, now: Int64, turnStartedAt: Int64?, info: WorkstationInfo,
    transient: WorkstationTransient, older: [TranscriptItem] = []
  ) -> [UInt8] {
    var bytes: [UInt8] = []
    let overlay =
      WorkstationScreen.isFullScreen(state.ui.overlay)
      ? WorkstationScreen.overlay(
        state, columns: columns, rows: rows, now: now, info: info, transient: transient,
        older: older) : nil
    // Inline (`--no-alt-screen`), the overlay is drawn where the pane is.
    let inlineOverlay = alternateScreen ? nil : overlay
    if let frame = overlay, alternateScreen {
      if !onAlternate {
        bytes += AlternateScreen.enter
        onAlternate = true
        alternate = nil
      }
      bytes +=
        alternate == nil
        ? FrameRenderer.full(frame) : FrameRenderer.diff(from: alternate, to: frame)
      alternate = frame
      return bytes
    }
    if onAlternate {
      bytes += AlternateScreen.leave
      onAlternate = false
      alternate = nil
      viewport.invalidate()
    }
    let cells = WorkstationScreen.cells(state, info: info)
    var start = 0
    if let lastPushed {
      start = cells.firstIndex { Self.key($0) > Self.key(lastPushed) } ?? cells.count
    }
    var history: [StyledLine] = []
    var index = start
    while index < cells.count, cells[index].isFinished {
      let cell = cells[index]
      if let lastPushed {
        let blanks = TranscriptCells.blankLines(between: lastPushed, and: cell)
        history += Array(repeating: .empty, count: blanks)
      }
      history += cell.lines(width: columns)
      lastPushed = cell
      index += 1
    }
    if !history.isEmpty { bytes += viewport.insertHistory(history) }
    if let inlineOverlay {
      return bytes + viewport.draw(inlineOverlay)
    }
    let pane = WorkstationScreen.pane(
      state, live: Array(cells[index...]), columns: columns, rows: rows, now: now,
      turnStartedAt: turnStartedAt, info: info, transient: transient)
    bytes += viewport.draw(pane)
    return bytes
  }

  /// Lines that are not a cell of the session (`/diff`'s output) printed into the history
  /// above the pane, after a blank line; like Codex's, they are not logged, so a resize
  /// (which prints the session's history again) drops them.
  mutating func printHistory(_ lines: [StyledLine]) -> [UInt8] {
    viewport.insertHistory([.empty] + lines)
  }

  /// A full-screen view that runs its own loop (the timeline from F2) drawn inline, as the
  /// pane (`--no-alt-screen`); the next `update` shrinks the pane back.
  mutating func drawInline(_ frame: Frame) -> [UInt8] {
    viewport.draw(frame)
  }

  /// Something else drew on the terminal (the timeline): the next update paints the pane
  /// whole.
  mutating func invalidate() {
    viewport.invalidate()
    alternate = nil
  }

  /// Another session is shown: its cells all print, after what is on screen.
  mutating func restartHistory() {
    lastPushed = nil
  }

  mutating func resize(rows: Int, columns: Int) -> [UInt8] {
    self.rows = rows
    self.columns = columns
    alternate = nil
    // As Codex: the viewport clears the screen and the scrollback, and the next update
    // prints the whole history again, wrapped at the new width.
    lastPushed = nil
    return viewport.resize(rows: rows, columns: columns)
  }

  /// Erases the pane (and leaves the alternate screen) before Cairn's exit lines.
  mutating func leave() -> [UInt8] {
    var bytes: [UInt8] = []
    if onAlternate {
      bytes += AlternateScreen.leave
      onAlternate = false
    }
    return bytes + viewport.leave()
  }

  private static func key(_ cell: HistoryCell) -> (UInt64, Int) {
    (cell.id.rawValue, cell.part)
  }
}
