import CairnCore

/// One answer of an approval prompt: what it says, the key that picks it directly (nil for
/// Esc, which the lead maps to the last option), and the decision it records.
public struct ApprovalOption: Hashable, Sendable {
  public var label: String
  public var shortcut: Character?
  /// The key as the prompt shows it: `y`, `p`, `a`, `esc`.
  public var keyLabel: String
  public var decision: ApprovalDecision

  public init(label: String, shortcut: Character?, keyLabel: String, decision: ApprovalDecision) {
    self.label = label
    self.shortcut = shortcut
    self.keyLabel = keyLabel
    self.decision = decision
  }
}
