/// The bounds of one run. Every duration is in milliseconds of the caller's clock.
public struct PlainProcessLimits: Sendable, Equatable {
  /// What happens to processes of the child's group still alive when the child exits
  /// (a `cmd &` it started).
  public enum LeftoverProcesses: Sendable, Equatable {
    /// SIGKILL the group once the child has exited and its output is drained: no tool
    /// ever outlives its call (the default; issue 6's leak tests rely on it).
    case kill
    /// Leave them running (a server the model started on purpose). Their output is no
    /// longer read once the run returns.
    case leaveRunning
  }

  /// Ends the run with SIGTERM to the group after this long (then SIGKILL after
  /// `killGraceMilliseconds`); nil for no limit.
  public var timeoutMilliseconds: UInt64?
  /// How long a SIGTERM'd group gets to exit before SIGKILL.
  public var killGraceMilliseconds: UInt64
  /// The output bytes kept for the model (head and tail halves); the chunks passed to
  /// `onOutput` are never bounded by it.
  public var keptOutputBytesMax: Int
  /// After the child exits, output is still read until the pipes close or stay idle this
  /// long, since a grandchild can hold them open indefinitely.
  public var drainIdleMilliseconds: UInt64
  /// After the child exits, output is read for at most this long in all.
  public var drainMaxMilliseconds: UInt64
  public var leftoverProcesses: LeftoverProcesses

  public init(
    timeoutMilliseconds: UInt64? = nil, killGraceMilliseconds: UInt64 = 2_000,
    keptOutputBytesMax: Int = 1 << 20, drainIdleMilliseconds: UInt64 = 100,
    drainMaxMilliseconds: UInt64 = 2_000, leftoverProcesses: LeftoverProcesses = .kill
  ) {
    self.timeoutMilliseconds = timeoutMilliseconds
    self.killGraceMilliseconds = killGraceMilliseconds
    self.keptOutputBytesMax = keptOutputBytesMax
    self.drainIdleMilliseconds = drainIdleMilliseconds
    self.drainMaxMilliseconds = drainMaxMilliseconds
    self.leftoverProcesses = leftoverProcesses
  }
}
