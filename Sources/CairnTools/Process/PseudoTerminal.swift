#if canImport(Glibc)
  import Glibc
#endif

/// A pseudo-terminal's master side, opened close-on-exec from birth: `/dev/ptmx` opened
/// with `O_CLOEXEC`, unlocked, its slave named by number. (`openpty` would be simpler, but
/// its descriptors are inheritable until a later `fcntl`, a window in which a spawn on
/// another thread could leak them into an unrelated tool.) The slave is never opened in the
/// parent: the child opens it by path as its stdin, which makes it its controlling terminal.
struct PseudoTerminal {
  /// The master descriptor: the parent reads the child's output from it and writes its
  /// input to it.
  let master: Int32
  /// The slave's path, e.g. `/dev/pts/3`.
  let slavePath: String

  /// `TIOCSPTLCK` and `TIOCGPTN` from `<asm-generic/ioctls.h>` (the same on x86_64 and
  /// aarch64); Swift's Glibc module does not show them.
  private static let setLockRequest: UInt = 0x4004_5431
  private static let slaveNumberRequest: UInt = 0x8004_5430

  enum Failure: Error, Equatable {
    case systemCallFailed(call: String, errno: Int32)
  }

  /// Opens a new pseudo-terminal with the window `size`.
  static func open(size: TerminalSize) throws(Failure) -> PseudoTerminal {
    let master = Glibc.open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
    guard master >= 0 else { throw .systemCallFailed(call: "open /dev/ptmx", errno: errno) }
    var unlock: Int32 = 0
    guard ioctl(master, setLockRequest, &unlock) == 0 else {
      let code = errno
      close(master)
      throw .systemCallFailed(call: "ioctl TIOCSPTLCK", errno: code)
    }
    var number: UInt32 = 0
    guard ioctl(master, slaveNumberRequest, &number) == 0 else {
      let code = errno
      close(master)
      throw .systemCallFailed(call: "ioctl TIOCGPTN", errno: code)
    }
    let terminal = PseudoTerminal(master: master, slavePath: "/dev/pts/\(number)")
    guard terminal.setSize(size) == 0 else {
      let code = errno
      close(master)
      throw .systemCallFailed(call: "ioctl TIOCSWINSZ", errno: code)
    }
    return terminal
  }

  /// Sets the window size (the kernel sends SIGWINCH to the terminal's foreground process
  /// group when it changes). Returns 0, or -1 with `errno` set.
  func setSize(_ size: TerminalSize) -> Int32 {
    PseudoTerminal.setSize(size, master: master)
  }

  static func setSize(_ size: TerminalSize, master: Int32) -> Int32 {
    var window = winsize(ws_row: size.rows, ws_col: size.columns, ws_xpixel: 0, ws_ypixel: 0)
    return ioctl(master, UInt(TIOCSWINSZ), &window)
  }
}
