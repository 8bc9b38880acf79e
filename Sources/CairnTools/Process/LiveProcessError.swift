/// Why a live process could not be started or could not do what was asked. The
/// description is a sentence for the model and the user.
public enum LiveProcessError: Error, Sendable, Equatable, CustomStringConvertible {
  case emptyCommand
  case programNotFound(name: String, path: String?)
  case workingDirectoryNotFound(String)
  case workingDirectoryNotADirectory(String)
  /// `posix_spawn` failed (e.g. ENOEXEC for a file that is not a program).
  case spawnFailed(program: String, errno: Int32)
  /// `closeInput()` was called: nothing more can be written.
  case inputClosed
  /// More than `LiveProcess.pendingInputBytesMax` bytes wait to be written: the process
  /// is not reading its input.
  case inputBacklogFull(bytesMax: Int)
  /// `resize` on a process without a pseudo-terminal.
  case notATerminal
  /// The process has exited.
  case exited
  case systemCallFailed(call: String, errno: Int32)

  public var description: String {
    switch self {
    case .emptyCommand: return "the command is empty"
    case .programNotFound(let name, let path):
      return "\(name): command not found on PATH (\(path ?? "PATH is not set"))"
    case .workingDirectoryNotFound(let path):
      return "working directory \(path) does not exist"
    case .workingDirectoryNotADirectory(let path):
      return "working directory \(path) is not a directory"
    case .spawnFailed(let program, let code):
      return "cannot start \(program): \(LinuxSystemCalls.errorText(code))"
    case .inputClosed: return "the process's input is closed"
    case .inputBacklogFull(let bytesMax):
      return "the process is not reading its input (\(bytesMax) bytes already wait to be written)"
    case .notATerminal: return "the process does not run in a terminal, so it has no window size"
    case .exited: return "the process has exited"
    case .systemCallFailed(let call, let code):
      return "\(call) failed: \(LinuxSystemCalls.errorText(code))"
    }
  }

  init(_ failure: ProgramLookup.Failure) {
    switch failure {
    case .emptyCommand: self = .emptyCommand
    case .programNotFound(let name, let path): self = .programNotFound(name: name, path: path)
    case .workingDirectoryNotFound(let path): self = .workingDirectoryNotFound(path)
    case .workingDirectoryNotADirectory(let path): self = .workingDirectoryNotADirectory(path)
    }
  }
}
