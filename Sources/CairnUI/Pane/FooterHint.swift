/// A transient hint that takes the footer's place for a moment (the lead decides when it
/// shows and when it times out; the view only draws it).
public enum FooterHint: Hashable, Sendable {
  /// After one Esc in an idle composer: a second one opens the backtrack overlay.
  case escAgainToEditPrevious
  /// After one Ctrl+C where a second one quits.
  case ctrlCAgainToQuit
  /// After one Ctrl+D where a second one quits.
  case ctrlDAgainToQuit
  /// Any other short hint.
  case text(String)

  /// The hint's words.
  public var text: String {
    switch self {
    case .escAgainToEditPrevious: return "esc again to edit previous message"
    case .ctrlCAgainToQuit: return "ctrl + c again to quit"
    case .ctrlDAgainToQuit: return "ctrl + d again to quit"
    case .text(let text): return text
    }
  }
}
