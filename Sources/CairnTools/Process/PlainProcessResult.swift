/// Everything about a finished run.
public struct PlainProcessResult: Sendable, Equatable {
  /// The child's pid (also its process group and session id).
  public var pid: Int32
  public var termination: ProcessTermination
  public var stopReason: ProcessStopReason
  /// The caller's clock from just before the spawn to the end of the run.
  public var wallNanoseconds: UInt64
  /// The output for the model, stdout and stderr in arrival order, bounded.
  public var output: BoundedOutputCapture
  public var stdoutBytes: UInt64
  public var stderrBytes: UInt64
  /// Whether something still held the output open when reading stopped (a background
  /// process the command started); with `.kill` it was then killed.
  public var outputLeftOpen: Bool

  public init(
    pid: Int32, termination: ProcessTermination, stopReason: ProcessStopReason,
    wallNanoseconds: UInt64, output: BoundedOutputCapture, stdoutBytes: UInt64,
    stderrBytes: UInt64, outputLeftOpen: Bool
  ) {
    self.pid = pid
    self.termination = termination
    self.stopReason = stopReason
    self.wallNanoseconds = wallNanoseconds
    self.output = output
    self.stdoutBytes = stdoutBytes
    self.stderrBytes = stderrBytes
    self.outputLeftOpen = outputLeftOpen
  }
}
