/// How the child process ended.
public enum ProcessTermination: Sendable, Equatable, Hashable {
  /// It called `exit` with this status (0–255).
  case exited(code: Int32)
  /// A signal ended it (SIGKILL is 9, SIGTERM 15).
  case signaled(signal: Int32)

  /// The exit code a shell would report: the status, or 128 + the signal (what Codex tells
  /// the model for a killed process, and `$?` after one in bash).
  public var exitCode: Int32 {
    switch self {
    case .exited(let code): return code
    case .signaled(let signal): return 128 + signal
    }
  }

  /// Decodes a `waitpid` status word.
  static func fromWaitStatus(_ status: Int32) -> ProcessTermination {
    let signal = status & 0x7F
    return signal == 0 ? .exited(code: (status >> 8) & 0xFF) : .signaled(signal: signal)
  }
}
