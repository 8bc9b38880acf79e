/// How far Cairn covers a Codex command or flag. Each Cairn command that answers to a
/// Codex command path declares one, next to its definition (`CodexParityDescribed`).
public enum CodexParity: Hashable, Sendable {
  /// Behaves as Codex's does.
  case implemented
  /// Works, without the part named.
  case partial(missing: String)
  /// Parses Codex's arguments but answers "not supported yet" (exit 69), for this reason.
  case notSupported(reason: String)

  /// `implemented`, `partial` or `not supported`.
  public var label: String {
    switch self {
    case .implemented: "implemented"
    case .partial: "partial"
    case .notSupported: "not supported"
    }
  }

  /// What is missing or why it is not supported; nil when implemented.
  public var note: String? {
    switch self {
    case .implemented: nil
    case .partial(let missing): missing
    case .notSupported(let reason): reason
    }
  }

  public var isNotSupported: Bool {
    if case .notSupported = self { return true }
    return false
  }
}
