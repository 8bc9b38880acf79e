/// What to run as a live process (one the caller keeps talking to): the argument vector,
/// the working directory, the whole environment, and whether it gets a pseudo-terminal.
///
/// ```swift
/// let spec = LiveProcessSpec(
///   arguments: ["/bin/bash", "-i"], workingDirectory: "/work/repo",
///   environment: ["PATH": "/usr/bin:/bin", "TERM": "xterm-256color"], tty: true,
///   size: TerminalSize(rows: 40, columns: 120))
/// ```
public struct LiveProcessSpec: Sendable, Equatable {
  /// `arguments[0]` is the program: a path, or a name looked up on the `PATH` of
  /// `environment` (not of the parent).
  public var arguments: [String]
  /// An absolute directory that must exist.
  public var workingDirectory: String
  /// The child's whole environment (nothing is inherited implicitly): pass the parent's
  /// after `ShellEnvironmentPolicy.apply(to:)`.
  public var environment: [String: String]
  /// true: a pseudo-terminal is the child's stdin, stdout and stderr, and its controlling
  /// terminal (output chunks are tagged `.pty`). false: a pipe is its stdin, and two more
  /// its stdout and stderr (chunks tagged `.stdout` and `.stderr`).
  public var tty: Bool
  /// The terminal's window size; ignored without `tty`.
  public var size: TerminalSize

  public init(
    arguments: [String], workingDirectory: String, environment: [String: String], tty: Bool,
    size: TerminalSize = .standard
  ) {
    self.arguments = arguments
    self.workingDirectory = workingDirectory
    self.environment = environment
    self.tty = tty
    self.size = size
  }
}
