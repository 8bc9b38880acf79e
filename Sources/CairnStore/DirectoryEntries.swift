#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The names in a directory, unsorted, without `.` and `..` (only its subdirectories when
/// `directoriesOnly`); nil when it cannot be opened, with `errno` as `opendir` left it.
public func directoryEntryNames(_ path: String, directoriesOnly: Bool = false) -> [String]? {
  guard let handle = opendir(path) else { return nil }
  defer { closedir(handle) }
  var names: [String] = []
  while let entry = readdir(handle) {
    if directoriesOnly && entry.pointee.d_type != UInt8(DT_DIR) { continue }
    let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
      String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
    }
    if name != "." && name != ".." { names.append(name) }
  }
  return names
}
