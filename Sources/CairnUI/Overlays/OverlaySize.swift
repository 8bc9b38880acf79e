/// The terminal size a full-screen overlay is drawn for (`state.ui.columns`, `state.ui.rows`).
public struct OverlaySize: Hashable, Sendable {
  public var columns: Int
  public var rows: Int

  public init(columns: Int, rows: Int) {
    self.columns = columns
    self.rows = rows
  }
}
