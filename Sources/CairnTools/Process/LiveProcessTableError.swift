/// Why `LiveProcessTable.insert` refused a process.
public enum LiveProcessTableError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A process is already registered under this id.
  case duplicate(Int)
  /// The table holds `limit` processes already.
  case full(limit: Int)

  public var description: String {
    switch self {
    case .duplicate(let id): return "a process with id \(id) is already running"
    case .full(let limit):
      return "too many live processes (\(limit)): end one before starting another"
    }
  }
}
