import CairnProtocol

#if canImport(Glibc)
  import Glibc
#endif

/// The bytes of a file, read with plain `read(2)` into the scanner's window: no mapping,
/// so memory stays at the window's size however large the file is.
final class RolloutFileSource: JSONByteSource {
  let path: String
  private let descriptor: Int32
  private var offset: UInt64

  /// Opens `path` positioned at `startOffset` (a line start, for an incremental read).
  init(path: String, startOffset: UInt64 = 0) throws {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw RolloutReadError.cannotOpen(path: path, errno: errno) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else {
      let code = errno
      close(descriptor)
      throw RolloutReadError.cannotOpen(path: path, errno: code)
    }
    guard (info.st_mode & S_IFMT) == S_IFREG else {
      close(descriptor)
      throw RolloutReadError.notAFile(path: path)
    }
    if startOffset > 0, lseek(descriptor, off_t(startOffset), SEEK_SET) < 0 {
      let code = errno
      close(descriptor)
      throw RolloutReadError.readFailed(path: path, offset: startOffset, errno: code)
    }
    // The file is read once, front to back.
    _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_SEQUENTIAL)
    self.path = path
    self.descriptor = descriptor
    self.offset = startOffset
  }

  deinit { close(descriptor) }

  func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    while true {
      let got = Glibc.read(descriptor, buffer.baseAddress!, buffer.count)
      if got >= 0 {
        offset += UInt64(got)
        return got
      }
      if errno != EINTR {
        throw RolloutReadError.readFailed(path: path, offset: offset, errno: errno)
      }
    }
  }
}
