#if canImport(Glibc)
  import Glibc
#endif

/// The few file operations applying a patch needs, on Glibc, with reasons worded as Rust's
/// `io::Error` words them (`No such file or directory (os error 2)`), as Codex reports them.
enum PatchFileSystem {
  /// A regular file's contents and mode (symlinks followed), or why not.
  static func readFile(_ path: String) -> Result<(bytes: [UInt8], mode: mode_t), ReadFailure> {
    var info = stat()
    guard stat(path, &info) == 0 else { return .failure(.missing(reason: reason(errno))) }
    guard (info.st_mode & S_IFMT) == S_IFREG else {
      return .failure(.notAFile(reason: "path `\(path)` is not a file"))
    }
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return .failure(.unreadable(reason: reason(errno))) }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(Int(info.st_size))
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        return .failure(.unreadable(reason: reason(errno)))
      }
      if count == 0 { break }
      bytes += buffer[0..<count]
    }
    return .success((bytes, info.st_mode & 0o7777))
  }

  enum ReadFailure: Error, Equatable {
    case missing(reason: String)
    case notAFile(reason: String)
    case unreadable(reason: String)

    var reason: String {
      switch self {
      case .missing(let reason), .notAFile(let reason), .unreadable(let reason): return reason
      }
    }
  }

  /// Makes `directory` and its missing parents (mode 0755 before the umask).
  static func createDirectories(_ directory: String) -> String? {
    guard !directory.isEmpty, directory != "/" else { return nil }
    var info = stat()
    if stat(directory, &info) == 0 {
      return (info.st_mode & S_IFMT) == S_IFDIR ? nil : reason(ENOTDIR)
    }
    if let failure = createDirectories(parent(of: directory)) { return failure }
    if mkdir(directory, 0o755) != 0, errno != EEXIST { return reason(errno) }
    return nil
  }

  /// Writes `bytes` to `path`, in place: an existing file keeps its mode (and inode); a
  /// new one gets `newFileMode` (before the umask).
  static func writeFile(_ path: String, _ bytes: [UInt8], newFileMode: mode_t) -> String? {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, newFileMode)
    guard descriptor >= 0 else { return reason(errno) }
    var written = 0
    while written < bytes.count {
      let count = bytes.withUnsafeBytes {
        write(descriptor, $0.baseAddress! + written, $0.count - written)
      }
      if count < 0 {
        if errno == EINTR { continue }
        let failure = reason(errno)
        close(descriptor)
        return failure
      }
      written += count
    }
    guard close(descriptor) == 0 else { return reason(errno) }
    return nil
  }

  static func removeFile(_ path: String) -> String? {
    unlink(path) == 0 ? nil : reason(errno)
  }

  /// Whether something (anything) is at `path`, symlinks followed.
  static func exists(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0
  }

  /// The directory part of an absolute path (`/` for a top-level name).
  static func parent(of path: String) -> String {
    guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
    let head = String(path[..<slash])
    return head.isEmpty ? "/" : head
  }

  /// `errno` as Rust prints an OS error.
  static func reason(_ code: Int32) -> String {
    "\(String(cString: strerror(code))) (os error \(code))"
  }
}
