/// Why the run stopped the process itself, if it did.
public enum ProcessStopReason: Sendable, Equatable, Hashable {
  /// The process ended by itself.
  case none
  /// `timeoutMilliseconds` passed; the group got SIGTERM, then SIGKILL after the grace.
  case timedOut
  /// The cancellation was triggered; the group got SIGTERM, then SIGKILL after the grace.
  case cancelled
}
