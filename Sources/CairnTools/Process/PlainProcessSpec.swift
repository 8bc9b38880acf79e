/// What to run as a plain child process (no PTY, no sandbox): the argument vector, the
/// working directory, the whole environment, and how stdout and stderr are captured.
///
/// ```swift
/// let spec = PlainProcessSpec(
///   arguments: ["/bin/bash", "-lc", "echo hi"], workingDirectory: "/work/repo",
///   environment: ["PATH": "/usr/bin:/bin", "HOME": "/root"])
/// ```
public struct PlainProcessSpec: Sendable, Equatable {
  /// How the child's two output streams reach the parent.
  public enum OutputChannels: Sendable, Equatable {
    /// One pipe is the child's stdout and stderr: the text is in exactly the order the
    /// child wrote it (like a terminal shows it), and every chunk is tagged `.stdout`.
    case merged
    /// Two pipes: each chunk says which stream it came from. The model still gets one
    /// text in arrival order (as Codex's unified exec does with its two pipes); the order
    /// of writes to different streams within one poll interval is not guaranteed.
    case separate
  }

  /// `arguments[0]` is the program: a path, or a name looked up on the `PATH` of
  /// `environment` (not of the parent).
  public var arguments: [String]
  /// An absolute directory that must exist.
  public var workingDirectory: String
  /// The child's whole environment (nothing is inherited implicitly): pass the parent's
  /// after the `shell_environment_policy` has been applied to it.
  public var environment: [String: String]
  public var outputChannels: OutputChannels

  public init(
    arguments: [String], workingDirectory: String, environment: [String: String],
    outputChannels: OutputChannels = .separate
  ) {
    self.arguments = arguments
    self.workingDirectory = workingDirectory
    self.environment = environment
    self.outputChannels = outputChannels
  }
}
