/// Why a command could not be put in the sandbox. The description says what to do.
public enum SandboxError: Error, Sendable, Equatable, CustomStringConvertible {
  /// No `bwrap` executable on the search path.
  case bubblewrapNotFound(searchPath: String?)
  /// The process (bwrap itself) could not be started.
  case process(PlainProcessError)

  public var description: String {
    switch self {
    case .bubblewrapNotFound(let searchPath):
      return
        "bubblewrap is not installed: no `bwrap` on PATH (\(searchPath ?? "PATH is not set")); "
        + "install it (`apt-get install bubblewrap`) and run `cairn doctor` to check the sandbox"
    case .process(let error): return error.description
    }
  }
}
