#if canImport(Glibc)
  import Glibc
#endif

/// The few file operations the benchmarks need, on Glibc directly.
enum BenchFiles {
  static func exists(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0
  }

  static func makeDirectory(_ path: String) throws {
    guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
      throw BenchmarkError.system("mkdir \(path)", errno)
    }
  }

  /// Removes a file or a directory tree; a missing path is not an error.
  static func removeTree(_ path: String) {
    var info = stat()
    guard lstat(path, &info) == 0 else { return }
    if (info.st_mode & S_IFMT) == S_IFDIR {
      if let handle = opendir(path) {
        var names: [String] = []
        while let entry = readdir(handle) {
          let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
          }
          if name != "." && name != ".." { names.append(name) }
        }
        closedir(handle)
        for name in names { removeTree(path + "/" + name) }
      }
      rmdir(path)
    } else {
      unlink(path)
    }
  }

  /// The bytes of the regular files under `path` (what a directory tree takes).
  static func treeBytes(_ path: String) -> Double {
    var info = stat()
    guard lstat(path, &info) == 0 else { return 0 }
    guard (info.st_mode & S_IFMT) == S_IFDIR else {
      return (info.st_mode & S_IFMT) == S_IFREG ? Double(info.st_size) : 0
    }
    guard let handle = opendir(path) else { return 0 }
    var names: [String] = []
    while let entry = readdir(handle) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    closedir(handle)
    return names.reduce(0) { $0 + treeBytes(path + "/" + $1) }
  }

  static func temporaryBase() -> String {
    if let value = getenv("TMPDIR") { return String(cString: value) }
    return "/var/tmp"
  }
}
