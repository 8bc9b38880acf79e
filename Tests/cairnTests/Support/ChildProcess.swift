import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Writing to a pipe whose reader died must fail with EPIPE, not kill the test runner.
private let brokenPipesIgnored: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

/// How a child process ended.
struct Termination: Equatable, Sendable {
  /// The exit status, or the signal number when `signaled`.
  var status: Int32
  var signaled: Bool

  static func exited(_ status: Int32) -> Termination {
    Termination(status: status, signaled: false)
  }
  static func killed(by signal: Int32) -> Termination {
    Termination(status: signal, signaled: true)
  }
}

/// What a finished `cairn` run printed and how it ended.
struct CommandResult: Sendable {
  var termination: Termination
  var stdout: [UInt8]
  var stderr: String

  /// The exit status; a run killed by a signal reports 128 + the signal.
  var status: Int32 { termination.signaled ? 128 + termination.status : termination.status }
  var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
  /// The payloads `cairn log cat` printed: one per newline-terminated line.
  var lines: [[UInt8]] { splitLines(stdout) }
}

/// Splits newline-terminated lines; bytes after the last newline form no line.
func splitLines(_ bytes: [UInt8]) -> [[UInt8]] {
  var lines: [[UInt8]] = []
  var start = 0
  for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
    lines.append(Array(bytes[start..<index]))
    start = index + 1
  }
  return lines
}

/// A running `cairn` process with its standard streams as pipes. Standard error is drained
/// on a thread of its own from launch, so the child never blocks on it.
///
/// One thread reads stdout and waits; another may write stdin (the pipe ends are plain
/// file descriptors, so that is safe).
final class ChildProcess: @unchecked Sendable {
  /// Where the child's standard input comes from.
  enum Input {
    /// A pipe the test writes with `write(_:)` and closes with `closeStdin()`.
    case pipe
    /// These bytes, from an unlinked temporary file: always "ready", so the appender only
    /// commits at a full batch and at end of input, which makes its acks deterministic.
    case bytes([UInt8])
  }

  private let process = Process()
  private let stdinPipe: Pipe?
  private let stdinFile: FileHandle?
  private let stdoutPipe = Pipe()
  private let stderrPipe = Pipe()
  private var stdoutBuffer: [UInt8] = []
  private var stdoutEnded = false
  private let stderrLock = NSLock()
  private var stderrBytes: [UInt8] = []
  private let stderrDrained = DispatchSemaphore(value: 0)

  var pid: Int32 { process.processIdentifier }

  init(_ arguments: [String], stdin: Input = .bytes([])) throws {
    _ = brokenPipesIgnored
    process.executableURL = URL(fileURLWithPath: try CairnBinary.require())
    process.arguments = arguments
    switch stdin {
    case .pipe:
      let pipe = Pipe()
      stdinPipe = pipe
      stdinFile = nil
      process.standardInput = pipe
    case .bytes(let bytes):
      stdinPipe = nil
      let file = try Self.unlinkedFile(holding: bytes)
      stdinFile = file
      process.standardInput = file
    }
    process.standardOutput = stdoutPipe
    process.standardError = stderrPipe
    // Keep the parent's pipe ends out of every other child (the test runner may spawn
    // from several threads); the child's own ends are dup2'ed, which clears the flag.
    for pipe in [stdinPipe, stdoutPipe, stderrPipe].compactMap({ $0 }) {
      _ = fcntl(pipe.fileHandleForReading.fileDescriptor, F_SETFD, FD_CLOEXEC)
      _ = fcntl(pipe.fileHandleForWriting.fileDescriptor, F_SETFD, FD_CLOEXEC)
    }
    try process.run()
    try? stdinFile?.close()
    let descriptor = stderrPipe.fileHandleForReading.fileDescriptor
    Thread {
      let bytes = readToEnd(descriptor)
      self.stderrLock.lock()
      self.stderrBytes = bytes
      self.stderrLock.unlock()
      self.stderrDrained.signal()
    }.start()
  }

  /// Writes all of `bytes` to the child's stdin; false when the child closed it (EPIPE).
  @discardableResult
  func write(_ bytes: [UInt8]) -> Bool {
    guard let stdinPipe else { preconditionFailure("the child's stdin is not a pipe") }
    let descriptor = stdinPipe.fileHandleForWriting.fileDescriptor
    return bytes.withUnsafeBytes { buffer in
      var done = 0
      while done < buffer.count {
        let result = Glibc.write(descriptor, buffer.baseAddress! + done, buffer.count - done)
        if result > 0 {
          done += result
        } else if result < 0 && errno == EINTR {
          continue
        } else {
          return false
        }
      }
      return true
    }
  }

  /// Closes the test's end of the child's stdin: the child sees end of input.
  func closeStdin() {
    try? stdinPipe?.fileHandleForWriting.close()
  }

  /// The next line of stdout without its newline, or nil at end of output. A last line
  /// without a newline is returned as a line.
  func readLine() -> String? {
    while true {
      if let newline = stdoutBuffer.firstIndex(of: UInt8(ascii: "\n")) {
        let line = String(decoding: stdoutBuffer[..<newline], as: UTF8.self)
        stdoutBuffer.removeSubrange(...newline)
        return line
      }
      if stdoutEnded {
        guard !stdoutBuffer.isEmpty else { return nil }
        defer { stdoutBuffer = [] }
        return String(decoding: stdoutBuffer, as: UTF8.self)
      }
      let chunk = readSome(stdoutPipe.fileHandleForReading.fileDescriptor)
      if chunk.isEmpty { stdoutEnded = true } else { stdoutBuffer += chunk }
    }
  }

  /// Closes stdin, reads stdout to its end, waits for the child and collects everything.
  /// A thread writing stdin must have finished first.
  func finish() -> CommandResult {
    closeStdin()
    var stdout = stdoutBuffer
    stdoutBuffer = []
    if !stdoutEnded {
      stdout += readToEnd(stdoutPipe.fileHandleForReading.fileDescriptor)
      stdoutEnded = true
    }
    process.waitUntilExit()
    stderrDrained.wait()
    stderrLock.lock()
    let stderr = String(decoding: stderrBytes, as: UTF8.self)
    stderrLock.unlock()
    let termination: Termination =
      process.terminationReason == .uncaughtSignal
      ? .killed(by: process.terminationStatus) : .exited(process.terminationStatus)
    return CommandResult(termination: termination, stdout: stdout, stderr: stderr)
  }

  private static func unlinkedFile(holding bytes: [UInt8]) throws -> FileHandle {
    let pattern = (NSTemporaryDirectory() as NSString).appendingPathComponent("cairn-stdin.XXXXXX")
    var template = Array(pattern.utf8CString)
    let descriptor = mkstemp(&template)
    guard descriptor >= 0 else { throw HarnessFailure("mkstemp failed: errno \(errno)") }
    _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
    unlink(template)
    let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    try handle.write(contentsOf: bytes)
    try handle.seek(toOffset: 0)
    return handle
  }
}

/// Runs `cairn` with these arguments and stdin bytes to completion (blocking).
func cairn(_ arguments: [String], stdin: [UInt8] = []) throws -> CommandResult {
  try ChildProcess(arguments, stdin: .bytes(stdin)).finish()
}

/// Runs `cairn` to completion off the cooperative pool.
func runCairn(_ arguments: [String], stdin: [UInt8] = []) async throws -> CommandResult {
  try await offPool { try cairn(arguments, stdin: stdin) }
}

private func readSome(_ descriptor: Int32) -> [UInt8] {
  var buffer = [UInt8](repeating: 0, count: 64 * 1024)
  while true {
    let got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
    if got >= 0 { return Array(buffer[0..<got]) }
    if errno != EINTR { return [] }
  }
}

private func readToEnd(_ descriptor: Int32) -> [UInt8] {
  var all: [UInt8] = []
  while true {
    let chunk = readSome(descriptor)
    if chunk.isEmpty { return all }
    all += chunk
  }
}
