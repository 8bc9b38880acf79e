/// A terminal's window size in character cells, as `TIOCSWINSZ` sets it and `stty size`
/// prints it (rows first).
public struct TerminalSize: Equatable, Hashable, Sendable {
  public var rows: UInt16
  public var columns: UInt16

  public init(rows: UInt16, columns: UInt16) {
    self.rows = rows
    self.columns = columns
  }

  /// 24 rows of 80 columns: what a pseudo-terminal gets when nobody says otherwise.
  public static let standard = TerminalSize(rows: 24, columns: 80)
}
