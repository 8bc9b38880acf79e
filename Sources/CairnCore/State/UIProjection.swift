/// The terminal workstation's own facts, so that a replay reproduces the screen.
public struct UIProjection: Equatable, Hashable, Sendable {
  public var rows: UInt16 = 24
  public var columns: UInt16 = 80
  public var focus: FocusTarget = .composer
  public var linesFromBottom: UInt32 = 0
  /// The palette's query while it is open.
  public var paletteQuery: String?
  public var composerText: String = ""
  public var composerCursor: UInt32 = 0
  /// The full-screen overlay or picker shown, and its search text.
  public var overlay: Overlay = .none
  public var overlayQuery: String = ""
  /// The highlighted row of the open list (slash popup, picker, approval options).
  public var selection: UInt32 = 0

  public init() {}
}
