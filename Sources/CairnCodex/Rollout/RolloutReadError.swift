#if canImport(Glibc)
  import Glibc
#endif

/// A rollout file that cannot be read at all (malformed lines are not errors: they are
/// `RolloutProblem`s, and reading goes on).
public enum RolloutReadError: Error, Equatable, Sendable, CustomStringConvertible {
  case cannotOpen(path: String, errno: Int32)
  case notAFile(path: String)
  case readFailed(path: String, offset: UInt64, errno: Int32)

  public var description: String {
    switch self {
    case .cannotOpen(let path, let code):
      return "cannot open \(path): \(Self.reason(code))"
    case .notAFile(let path):
      return "\(path) is not a regular file: give the path of a rollout-*.jsonl file"
    case .readFailed(let path, let offset, let code):
      return "cannot read \(path) at byte \(offset): \(Self.reason(code))"
    }
  }

  static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}
