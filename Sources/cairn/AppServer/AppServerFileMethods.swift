import CairnCore
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// `fs/*` and `fuzzyFileSearch`: the file picker's view of the machine. Paths must be
/// absolute (Codex refuses relative ones); I/O failures are -32603 with the OS's text.
enum AppServerFileMethods {
  /// Files larger than this are refused by `fs/readFile` rather than sent whole.
  static let readBytesMax = 16 << 20
  /// How many files one fuzzy search looks at, and how many it returns.
  static let searchFilesMax = 100_000
  static let searchResultsMax = 50

  static func osError(_ code: Int32) -> AppServerError {
    .internal("\(String(cString: strerror(code))) (os error \(code))")
  }

  static func readFile(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let path = try request.params.absolutePath("path")
    var info = stat()
    guard stat(path, &info) == 0 else { throw osError(errno) }
    guard info.st_size <= readBytesMax else {
      throw .internal("\(path) is \(info.st_size) bytes; fs/readFile reads at most \(readBytesMax)")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw osError(errno == 0 ? EIO : errno)
    }
    return AppServerReply(result: .object([("dataBase64", .string(Base64.encode([UInt8](data))))]))
  }

  static func writeFile(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let path = try request.params.absolutePath("path")
    let text = try request.params.requiredString("dataBase64")
    guard let data = Data(base64Encoded: text) else {
      throw .malformed("dataBase64 is not valid base64")
    }
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw osError(errno) }
    defer { close(descriptor) }
    let bytes = [UInt8](data)
    var written = 0
    while written < bytes.count {
      let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw osError(errno)
      }
      written += count
    }
    return AppServerReply(result: .object([]))
  }

  static func createDirectory(_ request: AppServerRequest) throws(AppServerError)
    -> AppServerReply
  {
    let path = try request.params.absolutePath("path")
    let recursive = try request.params.bool("recursive") ?? true
    do {
      try FileManager.default.createDirectory(
        atPath: path, withIntermediateDirectories: recursive)
    } catch {
      throw .internal("\(error.localizedDescription)")
    }
    return AppServerReply(result: .object([]))
  }

  static func metadata(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let path = try request.params.absolutePath("path")
    var link = stat()
    guard lstat(path, &link) == 0 else { throw osError(errno) }
    var info = link
    let isSymlink = (link.st_mode & S_IFMT) == S_IFLNK
    if isSymlink { _ = stat(path, &info) }
    let kind = info.st_mode & S_IFMT
    let modified = Int64(info.st_mtim.tv_sec) * 1000 + Int64(info.st_mtim.tv_nsec) / 1_000_000
    return AppServerReply(
      result: .object([
        ("isDirectory", .bool(kind == S_IFDIR)), ("isFile", .bool(kind == S_IFREG)),
        ("isSymlink", .bool(isSymlink)),
        // Linux's stat has no creation time; Codex reports 0 there too.
        ("createdAtMs", .int(0)), ("modifiedAtMs", .int(modified)),
      ]))
  }

  static func readDirectory(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let path = try request.params.absolutePath("path")
    guard let directory = opendir(path) else { throw osError(errno) }
    defer { closedir(directory) }
    var entries: [JSONValue] = []
    while let entry = readdir(directory) {
      let name = withUnsafePointer(to: entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
      }
      if name == "." || name == ".." { continue }
      var info = stat()
      let kind = stat(path + "/" + name, &info) == 0 ? info.st_mode & S_IFMT : 0
      entries.append(
        .object([
          ("fileName", .string(name)), ("isDirectory", .bool(kind == S_IFDIR)),
          ("isFile", .bool(kind == S_IFREG)),
        ]))
    }
    return AppServerReply(result: .object([("entries", .array(entries))]))
  }

  static func fuzzySearch(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let query = try request.params.requiredString("query")
    guard let roots = try request.params.strings("roots") else {
      throw AppServerParams.missing("roots")
    }
    var matches: [(root: String, path: String, score: Int, indices: [Int])] = []
    var seen = 0
    for root in roots {
      walk(root, relative: "", seen: &seen) { relative in
        if let (score, indices) = FuzzyScore.match(query: query, in: relative) {
          matches.append((root, relative, score, indices))
        }
      }
    }
    matches.sort { $0.score != $1.score ? $0.score > $1.score : $0.path < $1.path }
    let files: [JSONValue] = matches.prefix(searchResultsMax).map { match in
      .object([
        ("root", .string(match.root)), ("path", .string(match.path)),
        ("match_type", .string("file")),
        ("file_name", .string(String(match.path.split(separator: "/").last ?? ""))),
        ("score", .int(Int64(match.score))),
        ("indices", .array(match.indices.map { .int(Int64($0)) })),
      ])
    }
    return AppServerReply(result: .object([("files", .array(files))]))
  }

  /// Visits the files under `root` (not into .git or other hidden directories), at most
  /// `searchFilesMax` in all.
  private static func walk(
    _ root: String, relative: String, seen: inout Int, _ visit: (String) -> Void
  ) {
    let path = relative.isEmpty ? root : root + "/" + relative
    guard let directory = opendir(path) else { return }
    defer { closedir(directory) }
    var children: [(String, Bool)] = []
    while let entry = readdir(directory) {
      let name = withUnsafePointer(to: entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
      }
      if name.hasPrefix(".") { continue }
      children.append((name, entry.pointee.d_type == UInt8(DT_DIR)))
    }
    for (name, isDirectory) in children.sorted(by: { $0.0 < $1.0 }) {
      guard seen < searchFilesMax else { return }
      let child = relative.isEmpty ? name : relative + "/" + name
      if isDirectory {
        walk(root, relative: child, seen: &seen, visit)
      } else {
        seen += 1
        visit(child)
      }
    }
  }
}

/// A subsequence match of the query in a path, case-insensitive: the score favours
/// consecutive characters and matches in the file name; the indices are the matched
/// character positions in the path.
enum FuzzyScore {
  static func match(query: String, in path: String) -> (Int, [Int])? {
    let needle = Array(query.lowercased())
    guard !needle.isEmpty else { return nil }
    let haystack = Array(path.lowercased())
    let nameStart = (haystack.lastIndex(of: "/") ?? -1) + 1
    var indices: [Int] = []
    var position = 0
    for character in needle {
      while position < haystack.count, haystack[position] != character { position += 1 }
      guard position < haystack.count else { return nil }
      indices.append(position)
      position += 1
    }
    var score = 0
    for (offset, index) in indices.enumerated() {
      score += 16
      if offset > 0, indices[offset - 1] == index - 1 { score += 8 }
      if index >= nameStart { score += 4 }
      if index == nameStart { score += 12 }
    }
    score -= haystack.count - indices.count
    return (max(score, 1), indices)
  }
}
