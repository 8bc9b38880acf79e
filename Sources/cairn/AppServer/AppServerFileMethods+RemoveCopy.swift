import CairnCore

#if canImport(Glibc)
  import Glibc
#endif

/// `fs/remove` and `fs/copy`, with Codex's defaults (remove: recursive and forgiving of a
/// missing path; copy: directories only with `recursive`) and its errors: the OS's text
/// (-32603) for I/O, -32600 for a refused request. Symbolic links are removed and copied
/// as links, never followed.
extension AppServerFileMethods {
  static func remove(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let path = try request.params.absolutePath("path")
    let recursive = try request.params.bool("recursive") ?? true
    let force = try request.params.bool("force") ?? true
    var info = stat()
    guard lstat(path, &info) == 0 else {
      if errno == ENOENT && force { return AppServerReply(result: .object([])) }
      throw osError(errno)
    }
    if (info.st_mode & S_IFMT) == S_IFDIR {
      if recursive {
        try removeTree(path)
      } else if rmdir(path) != 0 {
        throw osError(errno)
      }
    } else if unlink(path) != 0 {
      throw osError(errno)
    }
    return AppServerReply(result: .object([]))
  }

  /// Removes a directory and everything under it (links inside are removed, not followed).
  private static func removeTree(_ path: String) throws(AppServerError) {
    guard let directory = opendir(path) else { throw osError(errno) }
    var children: [(String, Bool)] = []
    while let entry = readdir(directory) {
      let name = entryName(entry)
      if name == "." || name == ".." { continue }
      children.append((name, entry.pointee.d_type == UInt8(DT_DIR)))
    }
    closedir(directory)
    for (name, isDirectory) in children {
      let child = path + "/" + name
      if isDirectory {
        try removeTree(child)
      } else if unlink(child) != 0 && errno != ENOENT {
        throw osError(errno)
      }
    }
    guard rmdir(path) == 0 else { throw osError(errno) }
  }

  static func copy(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let source = try request.params.absolutePath("sourcePath")
    let destination = try request.params.absolutePath("destinationPath")
    let recursive = try request.params.bool("recursive") ?? false
    var info = stat()
    guard lstat(source, &info) == 0 else { throw osError(errno) }
    if (info.st_mode & S_IFMT) == S_IFDIR {
      guard recursive else {
        throw .invalid("fs/copy requires recursive: true when sourcePath is a directory")
      }
      let from = AppServerConfigWrite.canonical(source)
      let to = resolvedParent(destination)
      if to == from || to.hasPrefix(from == "/" ? "/" : from + "/") {
        throw .invalid("fs/copy cannot copy a directory to itself or one of its descendants")
      }
      try copyTree(source, to: destination, mode: info.st_mode & 0o7777)
    } else {
      try copyEntry(source, to: destination, info: info)
    }
    return AppServerReply(result: .object([]))
  }

  /// `path` with its parent directory's symlinks resolved (the path itself may not exist).
  private static func resolvedParent(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return path }
    let parent = slash == path.startIndex ? "/" : String(path[..<slash])
    let name = String(path[path.index(after: slash)...])
    let resolved = AppServerConfigWrite.canonical(parent)
    return resolved == "/" ? "/" + name : resolved + "/" + name
  }

  private static func copyTree(_ source: String, to destination: String, mode: mode_t)
    throws(AppServerError)
  {
    if mkdir(destination, mode | 0o700) != 0 {
      var existing = stat()
      guard errno == EEXIST, stat(destination, &existing) == 0,
        (existing.st_mode & S_IFMT) == S_IFDIR
      else { throw osError(errno == EEXIST ? EEXIST : errno) }
    }
    guard let directory = opendir(source) else { throw osError(errno) }
    var names: [String] = []
    while let entry = readdir(directory) {
      let name = entryName(entry)
      if name != "." && name != ".." { names.append(name) }
    }
    closedir(directory)
    for name in names.sorted() {
      let from = source + "/" + name
      let to = destination + "/" + name
      var info = stat()
      guard lstat(from, &info) == 0 else { throw osError(errno) }
      if (info.st_mode & S_IFMT) == S_IFDIR {
        try copyTree(from, to: to, mode: info.st_mode & 0o7777)
      } else {
        try copyEntry(from, to: to, info: info)
      }
    }
    _ = chmod(destination, mode)
  }

  /// One file (bytes and permission bits) or symbolic link (as a link).
  private static func copyEntry(_ source: String, to destination: String, info: stat)
    throws(AppServerError)
  {
    if (info.st_mode & S_IFMT) == S_IFLNK {
      var target = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let count = readlink(source, &target, target.count - 1)
      guard count >= 0 else { throw osError(errno) }
      target[count] = 0
      _ = unlink(destination)
      guard symlink(target, destination) == 0 else { throw osError(errno) }
      return
    }
    let input = open(source, O_RDONLY | O_CLOEXEC)
    guard input >= 0 else { throw osError(errno) }
    defer { close(input) }
    let output = open(
      destination, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, info.st_mode & 0o7777)
    guard output >= 0 else { throw osError(errno) }
    defer { close(output) }
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = read(input, &buffer, buffer.count)
      if count < 0 {
        if errno == EINTR { continue }
        throw osError(errno)
      }
      if count == 0 { break }
      var written = 0
      while written < count {
        let result = buffer[written..<count].withUnsafeBytes {
          Glibc.write(output, $0.baseAddress, $0.count)
        }
        if result < 0 {
          if errno == EINTR { continue }
          throw osError(errno)
        }
        written += result
      }
    }
    _ = fchmod(output, info.st_mode & 0o7777)
  }

  static func entryName(_ entry: UnsafeMutablePointer<dirent>) -> String {
    withUnsafePointer(to: entry.pointee.d_name) {
      $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
    }
  }
}
