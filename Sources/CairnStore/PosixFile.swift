#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file descriptor with the few operations the store needs, each throwing a `LogError`
/// that names the file and the operation. Closed on deinit.
final class PosixFile {
  let path: String
  let descriptor: Int32
  /// Faults to inject into this file's writes and syncs (tests only).
  var faults: FaultPlan?

  private init(path: String, descriptor: Int32) {
    self.path = path
    self.descriptor = descriptor
  }

  deinit { _ = close(descriptor) }

  static func openForReading(_ path: String) throws -> PosixFile {
    try open(path, flags: O_RDONLY | O_CLOEXEC, mode: 0)
  }

  /// Opens a file for reading and writing, creating it 0600 if missing.
  static func openForWriting(_ path: String, create: Bool, truncate: Bool = false)
    throws -> PosixFile
  {
    var flags = O_RDWR | O_CLOEXEC
    if create { flags |= O_CREAT }
    if truncate { flags |= O_TRUNC }
    return try open(path, flags: flags, mode: 0o600)
  }

  private static func open(_ path: String, flags: Int32, mode: mode_t) throws
    -> PosixFile
  {
    while true {
      let descriptor = Glibc.open(path, flags, mode)
      if descriptor >= 0 { return PosixFile(path: path, descriptor: descriptor) }
      if errno == EINTR { continue }
      throw LogError.io(path: path, operation: "open", errno: errno)
    }
  }

  /// The file's current size in bytes.
  func size() throws -> UInt64 {
    var info = stat()
    guard fstat(descriptor, &info) == 0 else {
      throw LogError.io(path: path, operation: "fstat", errno: errno)
    }
    return UInt64(info.st_size)
  }

  /// Reads up to `buffer.count` bytes at `offset`, stopping early only at the end of the
  /// file. Returns the number of bytes read.
  @discardableResult
  func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws -> Int {
    var done = 0
    while done < buffer.count {
      let result = pread(
        descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
      if result > 0 {
        done += result
      } else if result == 0 {
        break
      } else if errno != EINTR {
        throw LogError.io(path: path, operation: "pread at offset \(offset)", errno: errno)
      }
    }
    return done
  }

  /// Reads exactly `count` bytes at `offset` into a new array (fewer at end of file).
  func readBytes(count: Int, at offset: UInt64) throws -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: count)
    let got = try bytes.withUnsafeMutableBytes { buffer throws in
      try read(into: buffer, at: offset)
    }
    bytes.removeLast(count - got)
    return bytes
  }

  /// Writes all of `bytes` at `offset`.
  func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws {
    if let faults {
      let admitted = faults.admitWrite(bytes: bytes.count)
      if admitted < bytes.count {
        try writeAll(UnsafeRawBufferPointer(rebasing: bytes[0..<admitted]), at: offset)
        throw LogError.io(path: path, operation: "pwrite at offset \(offset)", errno: ENOSPC)
      }
    }
    try writeAll(bytes, at: offset)
  }

  private func writeAll(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws {
    var done = 0
    while done < bytes.count {
      let result = pwrite(
        descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
      if result >= 0 {
        done += result
      } else if errno != EINTR {
        throw LogError.io(path: path, operation: "pwrite at offset \(offset)", errno: errno)
      }
    }
  }

  func write(_ bytes: [UInt8], at offset: UInt64) throws {
    try bytes.withUnsafeBytes { buffer throws in try write(buffer, at: offset) }
  }

  func truncate(to length: UInt64) throws {
    guard ftruncate(descriptor, off_t(length)) == 0 else {
      throw LogError.io(path: path, operation: "ftruncate to \(length)", errno: errno)
    }
  }

  /// Forces the file's data (and the metadata needed to read it) to disk.
  func syncData() throws {
    if let faults, !faults.admitSync() {
      throw LogError.io(path: path, operation: "fdatasync", errno: EIO)
    }
    guard fdatasync(descriptor) == 0 else {
      throw LogError.io(path: path, operation: "fdatasync", errno: errno)
    }
  }

  func sync() throws {
    guard fsync(descriptor) == 0 else {
      throw LogError.io(path: path, operation: "fsync", errno: errno)
    }
  }

  /// Waits for an exclusive advisory lock (short critical sections only).
  func lockExclusive() throws {
    while flock(descriptor, LOCK_EX) != 0 {
      if errno == EINTR { continue }
      throw LogError.io(path: path, operation: "flock", errno: errno)
    }
  }

  func unlock() { _ = flock(descriptor, LOCK_UN) }
}
