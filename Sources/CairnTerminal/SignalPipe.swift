#if canImport(Glibc)
  import Glibc
#endif

/// A self-pipe: signals (resize, quit) and other threads (a turn's new events) wake the
/// terminal loop by writing one byte to it, which `poll` sees beside the terminal's input.
/// A byte is the signal number, or 0 for "something changed".
public final class SignalPipe: @unchecked Sendable {
  public static let handledSignals: [Int32] = [SIGWINCH, SIGTERM, SIGINT, SIGHUP, SIGQUIT]
  nonisolated(unsafe) private static var writeFD: Int32 = -1

  public let readFD: Int32
  private let writeEnd: Int32

  public init() throws(TerminalError) {
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { throw .system("pipe", errno) }
    for fd in fds {
      _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
      _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    }
    readFD = fds[0]
    writeEnd = fds[1]
  }

  deinit {
    if Self.writeFD == writeEnd { Self.writeFD = -1 }
    close(readFD)
    close(writeEnd)
  }

  /// Routes the handled signals into this pipe (one pipe per process at a time).
  public func catchSignals() {
    Self.writeFD = writeEnd
    for signal in Self.handledSignals {
      var action = sigaction()
      action.__sigaction_handler.sa_handler = { signal in
        var byte = UInt8(truncatingIfNeeded: signal)
        let saved = errno
        _ = write(SignalPipe.writeFD, &byte, 1)
        errno = saved
      }
      action.sa_flags = Int32(SA_RESTART)
      sigemptyset(&action.sa_mask)
      sigaction(signal, &action, nil)
    }
  }

  /// Gives the handled signals back their default actions.
  public func releaseSignals() {
    for signal in Self.handledSignals { Glibc.signal(signal, SIG_DFL) }
    Self.writeFD = -1
  }

  /// Wakes the loop from any thread.
  public func wake() {
    var byte: UInt8 = 0
    _ = write(writeEnd, &byte, 1)
  }

  /// The bytes written since the last drain.
  public func drain() -> [UInt8] {
    var result: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 256)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(readFD, $0.baseAddress!, $0.count) }
      if count <= 0 { return result }
      result += buffer[0..<count]
    }
  }
}

/// Waits for the terminal's input or the signal pipe, up to a deadline.
public enum TerminalPoll {
  public struct Ready: Equatable, Sendable {
    public var input: Bool
    public var wake: Bool
  }

  /// Waits at most `timeoutMilliseconds` (negative: no limit).
  public static func wait(input: Int32, wake: Int32, timeoutMilliseconds: Int32) -> Ready {
    var fds = [
      pollfd(fd: input, events: Int16(POLLIN), revents: 0),
      pollfd(fd: wake, events: Int16(POLLIN), revents: 0),
    ]
    let result = poll(&fds, 2, timeoutMilliseconds)
    guard result > 0 else { return Ready(input: false, wake: false) }
    let inputMask = Int16(POLLIN | POLLHUP | POLLERR)
    return Ready(
      input: fds[0].revents & inputMask != 0, wake: fds[1].revents & Int16(POLLIN) != 0)
  }
}
