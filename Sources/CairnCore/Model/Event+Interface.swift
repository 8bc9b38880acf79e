extension Event {
  /// Whether the event records the terminal workstation's own state (size, focus, scroll,
  /// composer, overlays), which never reaches the model: a history fold skips it, so typing
  /// while a turn runs cannot reorder what the model is sent.
  public var isInterfaceFact: Bool {
    switch self {
    case .terminalResized, .focusChanged, .transcriptScrolled, .paletteOpened, .paletteClosed,
      .composerEdited, .overlayChanged, .selectionMoved:
      return true
    default:
      return false
    }
  }
}
