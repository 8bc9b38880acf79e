#if canImport(Glibc)
  import Glibc
#endif

/// Whether a process id names a live process now (I/O at display time, never recorded).
enum ProcessLiveness {
  /// True when `pid` exists and is not a zombie. The pid may since have been reused by
  /// another process: this says only that something lives under that number.
  static func isAlive(_ pid: Int32) -> Bool {
    guard pid > 0 else { return false }
    if kill(pid, 0) != 0 && errno != EPERM { return false }
    // A zombie answers kill(pid, 0) but has ended; its state in /proc/PID/stat is Z.
    let descriptor = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return true }
    defer { close(descriptor) }
    var buffer = [UInt8](repeating: 0, count: 512)
    let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
    guard count > 0 else { return true }
    let line = String(decoding: buffer[0..<count], as: UTF8.self)
    // "PID (COMM) STATE …": COMM may hold spaces and parentheses, so look after the last ')'.
    guard let paren = line.lastIndex(of: ")") else { return true }
    let state = line[line.index(after: paren)...].drop { $0 == " " }.first
    return state != "Z" && state != "X"
  }
}
