import Synchronization

/// Input a client adds to the running turn (Codex's `turn/steer`): taken by the turn's
/// runner before its next model request, so the model sees it within the same turn. The
/// runner closes the inbox when the turn ends; input offered after that is refused, and
/// the caller runs it as a turn of its own.
public final class TurnSteering: Sendable {
  private struct Inbox {
    var open = false
    var texts: [String] = []
  }

  private let inbox = Mutex(Inbox())

  public init() {}

  /// Adds `text` to the running turn; false when no turn takes input now.
  public func offer(_ text: String) -> Bool {
    inbox.withLock { inbox in
      guard inbox.open else { return false }
      inbox.texts.append(text)
      return true
    }
  }

  /// Opens the inbox for a new turn.
  func open() {
    inbox.withLock { $0 = Inbox(open: true, texts: []) }
  }

  /// Everything offered since the last call.
  func take() -> [String] {
    inbox.withLock { inbox in
      defer { inbox.texts = [] }
      return inbox.texts
    }
  }

  /// Closes the inbox if nothing waits in it (true: the turn may end); else leaves it open
  /// and the waiting input for the next round.
  func closeIfEmpty() -> Bool {
    inbox.withLock { inbox in
      guard inbox.texts.isEmpty else { return false }
      inbox.open = false
      return true
    }
  }

  /// Closes the inbox and returns what was still waiting in it.
  func close() -> [String] {
    inbox.withLock { inbox in
      defer { inbox = Inbox() }
      return inbox.texts
    }
  }
}
