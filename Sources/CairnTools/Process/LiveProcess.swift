#if canImport(Glibc)
  import Glibc
#endif

/// A process the caller keeps talking to while it runs: `exec_command` with a
/// `yield_time_ms` that returns before the command ends, then `write_stdin` calls. Output
/// is read on the process's own thread into a bounded buffer that `waitAndDrain` empties;
/// input is queued and written by that thread, so no call here waits for the child.
///
/// ```swift
/// let shell = try LiveProcess.spawn(
///   LiveProcessSpec(arguments: ["/bin/sh"], workingDirectory: "/", environment: env, tty: true))
/// try shell.write(Array("echo hi\n".utf8))
/// let drain = shell.waitAndDrain(milliseconds: 250)  // "echo hi\r\nhi\r\n$ " and so on
/// shell.terminate()
/// ```
///
/// Guarantees (docs/TOOLS.md, "Processes and PTYs"):
/// - The child leads a new session and process group; `signal` and `terminate` reach the
///   whole group, grandchildren included.
/// - Once the child exits, output is read until its descriptors close, stay idle
///   `drainIdleMilliseconds` or `drainMaxMilliseconds` pass; then whatever is left of its
///   group gets SIGKILL and the child is reaped. No zombie and no descriptor outlives it.
/// - Between two drains at most `bufferedBytesMax` bytes are held (head and tail); the
///   middle is counted in `LiveProcessDrain.omittedBytes`.
/// - Dropping the last reference to a running process terminates it (SIGTERM and SIGKILL
///   at once, reaped by its thread).
public final class LiveProcess: @unchecked Sendable {
  /// The most input bytes that may wait to be written; more is refused with
  /// `.inputBacklogFull` (the child is not reading).
  public static let pendingInputBytesMax = 8 << 20
  /// After the child exits, output is read until it has been idle this long...
  static let drainIdleMilliseconds: UInt64 = 100
  /// ...or this long has passed since the exit, whichever first.
  static let drainMaxMilliseconds: UInt64 = 2_000
  /// The poll tick when the kernel has no pidfd to tell of the exit.
  static let exitPollMilliseconds: UInt64 = 20
  /// One read from the child's output.
  static let readBytesMax = 64 * 1024

  let core: LiveProcessCore

  /// The child's pid, which is also its process group and session id.
  public var processID: Int32 { core.pid }
  /// Whether the child runs in a pseudo-terminal.
  public var tty: Bool { core.tty }

  init(core: LiveProcessCore) {
    self.core = core
  }

  deinit {
    core.beginTermination(graceMilliseconds: 0)
  }

  /// Starts `spec`. Throws when the program or directory is not there or the spawn fails;
  /// nothing is left behind then.
  public static func spawn(_ spec: LiveProcessSpec, bufferedBytesMax: Int = 1 << 20)
    throws(LiveProcessError) -> LiveProcess
  {
    let core = try LiveProcessCore.start(spec, bufferedBytesMax: bufferedBytesMax)
    return LiveProcess(core: core)
  }

  /// Blocks up to `milliseconds` (or until the process exits and its output is read,
  /// whichever first), then returns everything buffered. `milliseconds: 0` returns at once.
  public func waitAndDrain(milliseconds: Int) -> LiveProcessDrain {
    core.waitAndDrain(milliseconds: milliseconds, returningOnOutput: false)
  }

  /// Like `waitAndDrain(milliseconds:)`, but with `returningOnOutput` it also returns as
  /// soon as any output is buffered (to react to a prompt, or to time the first byte).
  public func waitAndDrain(milliseconds: Int, returningOnOutput: Bool) -> LiveProcessDrain {
    core.waitAndDrain(milliseconds: milliseconds, returningOnOutput: returningOnOutput)
  }

  /// Queues `bytes` for the child's input; the process's thread writes them as the child
  /// reads. Never blocks. Throws `.inputClosed` after `closeInput()`, `.exited` once the
  /// child has exited, `.inputBacklogFull` past `pendingInputBytesMax` waiting bytes.
  public func write(_ bytes: [UInt8]) throws(LiveProcessError) {
    try core.write(bytes)
  }

  /// Ends the child's input once the queued bytes are written: the pipe is closed, or in a
  /// terminal an end-of-file (^D, twice after a partial line) is sent. Idempotent.
  public func closeInput() {
    core.closeInput()
  }

  /// Sets the terminal's window size; the child gets SIGWINCH. Throws `.notATerminal` for
  /// a pipe process, `.exited` once it has exited.
  public func resize(_ size: TerminalSize) throws(LiveProcessError) {
    try core.resize(size)
  }

  /// Sends signal `number` to the whole process group. Throws `.exited` once the child has
  /// exited (its group is about to be cleaned up).
  public func signal(_ number: Int32) throws(LiveProcessError) {
    try core.signal(number)
  }

  /// SIGTERM to the group, then SIGKILL to the group after `graceMilliseconds` if the
  /// child is still alive (and at once to what is left of the group once it exits); waits
  /// until the child is reaped. Idempotent; the output read until then stays drainable.
  public func terminate(graceMilliseconds: Int = 2000) {
    core.beginTermination(graceMilliseconds: graceMilliseconds)
    core.waitUntilFinished()
  }

  /// Whether the child has exited (its last output may still be buffered).
  public var hasExited: Bool { core.hasExited }
}
