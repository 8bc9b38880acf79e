extension PaneText {
  /// The agent's name where Codex's texts say "Codex" (approval options, the status card).
  static let productName = "Cairn"
}
