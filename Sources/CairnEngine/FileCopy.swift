#if canImport(Glibc)
  import Glibc
#endif

/// File operations the engine needs beyond the log's: existence, durable copies of
/// sealed segments into forks, and removing a deleted session's directory.
enum FileSystemProbe {
  static func exists(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0
  }
}

public enum FileCopy {
  /// Copies a file to a new path (0600) and makes it durable, with its directory entry.
  static func copyDurably(from source: String, to destination: String) throws {
    let input = open(source, O_RDONLY | O_CLOEXEC)
    guard input >= 0 else { throw CopyError.failed(source, errno) }
    defer { close(input) }
    let temporary = destination + ".copying"
    let output = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard output >= 0 else { throw CopyError.failed(temporary, errno) }
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    while true {
      let got = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress!, $0.count) }
      if got < 0 && errno == EINTR { continue }
      guard got >= 0 else {
        close(output)
        throw CopyError.failed(source, errno)
      }
      if got == 0 { break }
      var done = 0
      while done < got {
        let wrote = buffer.withUnsafeBytes { write(output, $0.baseAddress! + done, got - done) }
        if wrote < 0 && errno == EINTR { continue }
        guard wrote > 0 else {
          close(output)
          throw CopyError.failed(temporary, errno)
        }
        done += wrote
      }
    }
    guard fsync(output) == 0 else {
      close(output)
      throw CopyError.failed(temporary, errno)
    }
    close(output)
    guard rename(temporary, destination) == 0 else { throw CopyError.failed(destination, errno) }
    let slash = destination.lastIndex(of: "/").map { String(destination[..<$0]) } ?? "."
    let directory = open(slash, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if directory >= 0 {
      _ = fsync(directory)
      close(directory)
    }
  }

  /// Removes a directory tree (files and subdirectories).
  public static func removeTree(_ path: String) throws {
    var info = stat()
    guard lstat(path, &info) == 0 else { return }
    if (info.st_mode & S_IFMT) == S_IFDIR {
      for name in try directoryEntries(path) { try removeTree(path + "/" + name) }
      guard rmdir(path) == 0 else { throw CopyError.failed(path, errno) }
    } else {
      guard unlink(path) == 0 else { throw CopyError.failed(path, errno) }
    }
  }

  private static func directoryEntries(_ path: String) throws -> [String] {
    guard let handle = opendir(path) else { throw CopyError.failed(path, errno) }
    defer { closedir(handle) }
    var names: [String] = []
    while let entry = readdir(handle) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names
  }

  enum CopyError: Error, CustomStringConvertible {
    case failed(String, Int32)
    var description: String {
      switch self {
      case .failed(let path, let code): return "\(path): \(String(cString: strerror(code)))"
      }
    }
  }
}
