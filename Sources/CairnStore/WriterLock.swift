#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The one-writer-per-directory lock: an advisory `flock` on `DIR/LOCK`, with the holder's
/// pid written into the file so that a refused writer can name it. Readers never take it.
final class WriterLock {
  static let fileName = "LOCK"
  private let file: PosixFile
  private var held = true

  private init(file: PosixFile) { self.file = file }

  /// Takes the lock or throws `LogError.locked` naming the holder's pid.
  static func acquire(directory: String) throws -> WriterLock {
    let path = FileSystem.join(directory, fileName)
    let file = try PosixFile.openForWriting(path, create: true)
    while flock(file.descriptor, LOCK_EX | LOCK_NB) != 0 {
      if errno == EINTR { continue }
      if errno == EWOULDBLOCK {
        throw LogError.locked(directory: directory, holderPid: holderPid(directory: directory))
      }
      throw LogError.io(path: path, operation: "flock", errno: errno)
    }
    try file.truncate(to: 0)
    try file.write(Array("\(getpid())\n".utf8), at: 0)
    return WriterLock(file: file)
  }

  /// The pid of the process holding the lock, or nil when no process holds it.
  ///
  /// The kernel's table of locks (/proc/locks) is asked first, since a pid left in the
  /// file by a crashed writer may since have been reused by an unrelated process; the pid
  /// written into the file is the fallback where that table cannot be read.
  static func holderPid(directory: String) -> Int32? {
    let path = FileSystem.join(directory, fileName)
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    if let table = try? PosixFile.openForReading("/proc/locks"),
      let bytes = try? table.readBytes(count: 1 << 20, at: 0)
    {
      // /proc/locks names a file as "MAJOR:MINOR:INODE", the device numbers in hex.
      let device = UInt64(info.st_dev)
      let major = ((device >> 8) & 0xfff) | ((device >> 32) & ~UInt64(0xfff))
      let minor = (device & 0xff) | ((device >> 12) & ~UInt64(0xff))
      let wanted = "\(hex2(major)):\(hex2(minor)):\(info.st_ino)"
      for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
        let fields = line.split(separator: " ")
        // "1: FLOCK  ADVISORY  WRITE 1234 fd:01:5678 0 EOF"; waiters have a "->" field.
        guard fields.count >= 6, fields[1] == "FLOCK", fields[5] == wanted,
          let pid = Int32(fields[4])
        else { continue }
        return pid
      }
      return nil
    }
    guard let file = try? PosixFile.openForReading(path),
      let bytes = try? file.readBytes(count: 32, at: 0),
      let pid = Int32(String(decoding: bytes, as: UTF8.self).split(separator: "\n").first ?? "")
    else { return nil }
    guard pid > 0, kill(pid, 0) == 0 || errno == EPERM else { return nil }
    return pid
  }

  private static func hex2(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return digits.count < 2 ? "0" + digits : digits
  }

  func release() {
    guard held else { return }
    held = false
    try? file.truncate(to: 0)
    _ = flock(file.descriptor, LOCK_UN)
  }

  deinit { release() }
}
