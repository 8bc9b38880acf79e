import CairnCore
import CairnEngine
import CairnUI

/// Scrolling the transcript overlay back past the state's window: the items before it are
/// paged in from the log (`TranscriptPager`) as the view nears the top of what is loaded,
/// and dropped when the overlay closes.
extension InteractiveSession {
  /// The most older items loaded at once (the pager's own cache is bounded too): a session
  /// longer than this shows its newest `olderItemsMax` items before the window.
  static let olderItemsMax = 4_096

  /// The overlay's lines at the terminal's width, paged items included.
  func transcriptLineCount(_ state: SessionState) -> Int {
    WorkstationScreen.transcriptLines(
      state, info: info, width: screen.columns, older: olderItems
    ).count
  }

  /// Loads pages until the overlay's top row is more than a screenful below the first
  /// loaded line, or nothing older is left (or `olderItemsMax` is reached).
  func pageInOlderItems() throws {
    let state = engine.state
    guard state.ui.overlay == .transcript || state.ui.overlay == .backtrack else {
      olderItems = []
      olderItemsEnd = 0
      return
    }
    let olderCount = state.transcript.olderItemSeqs.count
    guard olderCount > 0 else { return }
    // Items that left the window since the last page join the loaded ones at their end.
    if !olderItems.isEmpty, olderItemsEnd < olderCount {
      olderItems += try pagerForSession().items(state, in: olderItemsEnd..<olderCount)
      olderItemsEnd = olderCount
    }
    let size = OverlaySize(columns: screen.columns, rows: screen.rows)
    let page = TranscriptOverlay.pageRows(size: size)
    while olderItems.count < min(olderCount, Self.olderItemsMax) {
      let total = transcriptLineCount(state)
      let offset = TranscriptOverlay.clamp(
        linesFromBottom: Int(state.ui.linesFromBottom), totalLines: total, size: size)
      let top = total - page - offset
      guard top < page else { return }
      let end = olderItems.isEmpty ? olderCount : olderItemsEnd - olderItems.count
      let start = max(0, end - TranscriptPager.pageItems)
      guard start < end else { return }
      olderItems = try pagerForSession().items(state, in: start..<end) + olderItems
      olderItemsEnd = olderCount
    }
  }

  /// The session's pager, after a commit: a page rebuilt from the log may need the newest
  /// records (a live turn pushes items out of the window).
  private func pagerForSession() throws -> TranscriptPager {
    try engine.commit()
    if let pager, pager.sessionID == engine.sessionID { return pager }
    let made = try TranscriptPager(sessionID: engine.sessionID, directory: engine.directory)
    pager = made
    return made
  }
}
