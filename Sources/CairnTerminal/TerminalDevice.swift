#if canImport(Glibc)
  import Glibc
#endif

/// The controlling terminal Cairn draws on: its file descriptors, its size, and raw mode.
/// Raw mode here is the keyboard's (no echo, no line editing, no signals from keys, no
/// flow control) with output processing left on, so a lone "\n" still returns the carriage.
public final class TerminalDevice: @unchecked Sendable {
  public let input: Int32
  public let output: Int32
  private var saved: termios?

  /// The terminal on stdin and stdout; nil when either is not a terminal.
  public static func standard() -> TerminalDevice? {
    guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { return nil }
    return TerminalDevice(input: STDIN_FILENO, output: STDOUT_FILENO)
  }

  public init(input: Int32, output: Int32) {
    self.input = input
    self.output = output
  }

  /// Rows and columns, from the kernel's window size; nil when it does not know.
  public func size() -> (rows: Int, columns: Int)? {
    var window = winsize()
    guard ioctl(output, UInt(TIOCGWINSZ), &window) == 0, window.ws_row > 0, window.ws_col > 0
    else { return nil }
    return (Int(window.ws_row), Int(window.ws_col))
  }

  /// Switches to raw mode and registers the saved settings with `TerminalRestoration`, so
  /// every exit path (signals and crashes included) puts them back.
  public func enterRawMode(restoreBytes: [UInt8]) throws(TerminalError) {
    var original = termios()
    guard tcgetattr(input, &original) == 0 else { throw .system("tcgetattr", errno) }
    saved = original
    TerminalRestoration.install(fd: input, settings: original, output: output, bytes: restoreBytes)
    var raw = original
    raw.c_iflag &= ~tcflag_t(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON)
    raw.c_lflag &= ~tcflag_t(ECHO | ECHONL | ICANON | ISIG | IEXTEN)
    raw.c_cflag &= ~tcflag_t(CSIZE | PARENB)
    raw.c_cflag |= tcflag_t(CS8)
    withUnsafeMutableBytes(of: &raw.c_cc) { cc in
      cc[Int(VMIN)] = 1
      cc[Int(VTIME)] = 0
    }
    guard tcsetattr(input, TCSAFLUSH, &raw) == 0 else {
      TerminalRestoration.uninstall()
      throw .system("tcsetattr", errno)
    }
  }

  /// Writes the restore bytes and the saved settings back, once.
  public func restore() {
    guard saved != nil else { return }
    saved = nil
    TerminalRestoration.restoreNow()
    TerminalRestoration.uninstall()
  }

  /// Writes all of `bytes`, retrying short and interrupted writes.
  public func write(_ bytes: [UInt8]) throws(TerminalError) {
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeBytes { buffer in
        Glibc.write(output, buffer.baseAddress! + offset, buffer.count - offset)
      }
      if written < 0 {
        if errno == EINTR || errno == EAGAIN { continue }
        throw .system("write", errno)
      }
      offset += written
    }
  }

  /// What is waiting to be read (at most 64 KiB); empty at end of input.
  public func readAvailable() throws(TerminalError) -> [UInt8] {
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
      let count = buffer.withUnsafeMutableBytes { Glibc.read(input, $0.baseAddress!, $0.count) }
      if count < 0 {
        if errno == EINTR || errno == EAGAIN { continue }
        throw .system("read", errno)
      }
      return Array(buffer[0..<count])
    }
  }
}

/// A terminal call that failed, with the C call and errno.
public enum TerminalError: Error, CustomStringConvertible {
  case system(String, Int32)

  public var description: String {
    switch self {
    case .system(let call, let code):
      return "the terminal refused \(call): \(String(cString: strerror(code)))"
    }
  }
}
