#if canImport(Glibc)
  import Glibc
#endif

/// A failure of the Codex session index or of an action on a Codex session.
public enum CodexSessionError: Error, Equatable, Sendable, CustomStringConvertible {
  case io(path: String, operation: String, errno: Int32)
  /// The rollout to move already exists at the destination.
  case destinationExists(path: String)

  public var description: String {
    switch self {
    case .io(let path, let operation, let code):
      "cannot \(operation) \(path): \(String(cString: strerror(code)))"
    case .destinationExists(let path):
      "\(path) already exists; move or remove it first"
    }
  }
}
