import CairnCore

#if canImport(Glibc)
  import Glibc
#endif

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

/// Why the run stopped the process itself, if it did.
public enum ProcessStopReason: Sendable, Equatable, Hashable {
  /// The process ended by itself.
  case none
  /// `timeoutMilliseconds` passed; the group got SIGTERM, then SIGKILL after the grace.
  case timedOut
  /// The cancellation was triggered; the group got SIGTERM, then SIGKILL after the grace.
  case cancelled
}

/// One read from the child's output, passed to `onOutput` as it arrives (so the runtime
/// can log each chunk as an event before the command finishes).
public struct ProcessOutputChunk: Sendable, Equatable {
  public var stream: OutputStream
  public var bytes: [UInt8]
  /// The caller's clock when the bytes were read.
  public var receivedAtNanoseconds: UInt64

  public init(stream: OutputStream, bytes: [UInt8], receivedAtNanoseconds: UInt64) {
    self.stream = stream
    self.bytes = bytes
    self.receivedAtNanoseconds = receivedAtNanoseconds
  }
}

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

/// Why a process could not be started. The description is a sentence for the model and
/// the user.
public enum PlainProcessError: Error, Sendable, Equatable, CustomStringConvertible {
  case emptyCommand
  case workingDirectoryNotFound(String)
  case workingDirectoryNotADirectory(String)
  case programNotFound(name: String, path: String?)
  case systemCallFailed(call: String, errno: Int32)
  case spawnFailed(program: String, errno: Int32)

  public var description: String {
    switch self {
    case .emptyCommand: return "the command is empty"
    case .workingDirectoryNotFound(let path):
      return "working directory \(path) does not exist"
    case .workingDirectoryNotADirectory(let path):
      return "working directory \(path) is not a directory"
    case .programNotFound(let name, let path):
      return "\(name): command not found on PATH (\(path ?? "PATH is not set"))"
    case .systemCallFailed(let call, let code):
      return "\(call) failed: \(LinuxSystemCalls.errorText(code))"
    case .spawnFailed(let program, let code):
      return "cannot start \(program): \(LinuxSystemCalls.errorText(code))"
    }
  }
}
