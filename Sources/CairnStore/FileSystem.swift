#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Directory-level operations: listing, creating 0700 directories, renames and removal,
/// and the directory fsync that makes a new or renamed entry durable.
enum FileSystem {
  static func join(_ directory: String, _ name: String) -> String {
    directory.hasSuffix("/") ? directory + name : directory + "/" + name
  }

  static func exists(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0
  }

  static func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
  }

  /// `path` if nothing exists there, else `path.1`, `path.2`, … : the first free name.
  static func unusedPath(_ path: String) -> String {
    guard exists(path) else { return path }
    var counter = 1
    while exists("\(path).\(counter)") { counter += 1 }
    return "\(path).\(counter)"
  }

  /// Creates `path` (and missing parents) with mode 0700, and makes each new entry durable
  /// in its parent directory.
  static func createDirectory(_ path: String) throws {
    if isDirectory(path) { return }
    var prefix = ""
    for component in path.split(separator: "/", omittingEmptySubsequences: false) {
      prefix += (prefix.isEmpty && path.hasPrefix("/") ? "/" : (prefix.isEmpty ? "" : "/"))
      prefix += component
      if component.isEmpty || isDirectory(prefix) { continue }
      if mkdir(prefix, 0o700) != 0 {
        if errno == EEXIST { continue }
        throw LogError.io(path: prefix, operation: "mkdir", errno: errno)
      }
      let slash = prefix.lastIndex(of: "/")
      let parent = slash.map { $0 == prefix.startIndex ? "/" : String(prefix[..<$0]) } ?? "."
      try syncDirectory(parent)
    }
  }

  /// The names in a directory, unsorted, without `.` and `..`.
  static func list(_ path: String) throws -> [String] {
    guard let names = directoryEntryNames(path) else {
      throw LogError.io(path: path, operation: "opendir", errno: errno)
    }
    return names
  }

  /// Makes the directory's entries (new files, renames, removals) durable.
  static func syncDirectory(_ path: String) throws {
    let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw LogError.io(path: path, operation: "open directory", errno: errno)
    }
    defer { close(descriptor) }
    guard fsync(descriptor) == 0 else {
      throw LogError.io(path: path, operation: "fsync directory", errno: errno)
    }
  }

  static func rename(_ from: String, _ to: String) throws {
    guard Glibc.rename(from, to) == 0 else {
      throw LogError.io(path: from, operation: "rename to \(to)", errno: errno)
    }
  }

  static func remove(_ path: String) throws {
    guard unlink(path) == 0 || errno == ENOENT else {
      throw LogError.io(path: path, operation: "unlink", errno: errno)
    }
  }

  /// Writes a whole file atomically: a temporary file, optionally fsynced, renamed over
  /// `path`, and with `durable` the directory fsynced too.
  static func writeAtomically(_ bytes: [UInt8], to path: String, durable: Bool) throws {
    let temporary = path + ".tmp-\(getpid())"
    let file = try PosixFile.openForWriting(temporary, create: true, truncate: true)
    try file.write(bytes, at: 0)
    if durable { try file.syncData() }
    try rename(temporary, path)
    if durable {
      let slash = path.lastIndex(of: "/")
      try syncDirectory(slash.map { String(path[..<$0]) } ?? ".")
    }
  }
}
