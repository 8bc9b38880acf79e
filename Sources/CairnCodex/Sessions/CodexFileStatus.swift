#if canImport(Glibc)
  import Glibc
#endif

/// The size and modification time of a file: the freshness key of the Codex session index.
public struct CodexFileStatus: Sendable, Equatable {
  public var bytes: UInt64
  public var modifiedAtNanoseconds: Int64

  public init(bytes: UInt64, modifiedAtNanoseconds: Int64) {
    self.bytes = bytes
    self.modifiedAtNanoseconds = modifiedAtNanoseconds
  }

  /// The status of a regular file; nil when it is missing or not a regular file.
  public static func of(_ path: String) -> CodexFileStatus? {
    var info = stat()
    guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
    return CodexFileStatus(
      bytes: UInt64(info.st_size),
      modifiedAtNanoseconds: Int64(info.st_mtim.tv_sec) * 1_000_000_000
        + Int64(info.st_mtim.tv_nsec))
  }
}

/// Small whole-file reads and atomic writes for the index and `session_index.jsonl`, with
/// Glibc only, so the warm listing path pays no Foundation start-up.
enum CodexSmallFile {
  /// The whole file, or nil when it is missing, unreadable or over `bytesMax`.
  static func read(_ path: String, bytesMax: Int) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, info.st_size <= bytesMax else { return nil }
    var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
    var done = 0
    while done < bytes.count {
      let result = bytes.withUnsafeMutableBytes { raw in
        Glibc.read(fd, raw.baseAddress! + done, raw.count - done)
      }
      if result > 0 {
        done += result
      } else if result < 0 && errno == EINTR {
        continue
      } else {
        break
      }
    }
    return Array(bytes.prefix(done))
  }

  /// Writes through a temporary file named after this process and renames it over `path`,
  /// so a reader sees the old or the new file whole. Files 0600, directories 0700.
  static func writeAtomically(_ bytes: [UInt8], to path: String) throws(CodexSessionError) {
    let directory = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
    if !directory.isEmpty { makeDirectories(directory) }
    let temporary = path + ".tmp-\(getpid())"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard fd >= 0 else { throw .io(path: temporary, operation: "create", errno: errno) }
    var done = 0
    while done < bytes.count {
      let result = bytes.withUnsafeBytes { raw in
        Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
      }
      if result > 0 {
        done += result
      } else if result < 0 && errno == EINTR {
        continue
      } else {
        let code = errno
        close(fd)
        unlink(temporary)
        throw .io(path: temporary, operation: "write", errno: code)
      }
    }
    close(fd)
    guard rename(temporary, path) == 0 else {
      let code = errno
      unlink(temporary)
      throw .io(path: path, operation: "rename", errno: code)
    }
  }

  /// `mkdir -p` with mode 0700; existing directories are left as they are.
  static func makeDirectories(_ path: String) {
    if mkdir(path, 0o700) == 0 || errno == EEXIST { return }
    guard errno == ENOENT, let slash = path.lastIndex(of: "/"), slash != path.startIndex else {
      return
    }
    makeDirectories(String(path[..<slash]))
    mkdir(path, 0o700)
  }
}
