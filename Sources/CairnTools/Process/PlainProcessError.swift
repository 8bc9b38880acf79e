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

extension PlainProcessError {
  init(_ failure: ProgramLookup.Failure) {
    switch failure {
    case .emptyCommand: self = .emptyCommand
    case .programNotFound(let name, let path): self = .programNotFound(name: name, path: path)
    case .workingDirectoryNotFound(let path): self = .workingDirectoryNotFound(path)
    case .workingDirectoryNotADirectory(let path): self = .workingDirectoryNotADirectory(path)
    }
  }
}
