#if canImport(Glibc)
  import Glibc
#endif

/// Puts the terminal back on every way out: a normal return, `exit`, a crash signal
/// (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP — Swift's traps) and the signals that
/// end a process (the driver turns SIGTERM, SIGINT, SIGHUP and SIGQUIT into a clean quit
/// through `SignalPipe`; this is the fallback when it cannot). SIGKILL cannot be caught:
/// `stty sane; printf '\e[?2004l\e[?1004l\e[<u\e[?25h\e[?1049l'` restores by hand
/// (docs/TUI.md).
///
/// State lives in globals set before any handler is installed: a handler touches only
/// them and async-signal-safe calls (`write`, `tcsetattr`, `raise`).
enum TerminalRestoration {
  nonisolated(unsafe) private static var inputFD: Int32 = -1
  nonisolated(unsafe) private static var outputFD: Int32 = -1
  nonisolated(unsafe) private static var settings = termios()
  nonisolated(unsafe) private static var bytes: UnsafeMutablePointer<UInt8>?
  nonisolated(unsafe) private static var byteCount = 0
  nonisolated(unsafe) private static var armed: sig_atomic_t = 0
  nonisolated(unsafe) private static var atExitRegistered = false

  static let crashSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]

  static func install(fd: Int32, settings saved: termios, output: Int32, bytes restore: [UInt8]) {
    inputFD = fd
    outputFD = output
    settings = saved
    let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(restore.count, 1))
    buffer.initialize(from: restore, count: restore.count)
    bytes = buffer
    byteCount = restore.count
    armed = 1
    if !atExitRegistered {
      atExitRegistered = true
      atexit { TerminalRestoration.restoreNow() }
    }
    for signal in crashSignals {
      var action = sigaction()
      action.__sigaction_handler.sa_handler = { signal in
        TerminalRestoration.restoreNow()
        // The handler was reset to the default: raising again ends the process as the
        // crash would have, with its core dump.
        raise(signal)
      }
      action.sa_flags = Int32(bitPattern: UInt32(SA_RESETHAND)) | Int32(SA_NODEFER)
      sigemptyset(&action.sa_mask)
      sigaction(signal, &action, nil)
    }
  }

  /// Writes the restore bytes and puts the saved settings back if they are still owed.
  static func restoreNow() {
    guard armed == 1 else { return }
    armed = 0
    if let bytes {
      var offset = 0
      while offset < byteCount {
        let written = write(outputFD, bytes + offset, byteCount - offset)
        if written <= 0 { break }
        offset += written
      }
    }
    tcsetattr(inputFD, TCSAFLUSH, &settings)
  }

  static func uninstall() {
    armed = 0
    for signal in crashSignals { Glibc.signal(signal, SIG_DFL) }
  }
}
