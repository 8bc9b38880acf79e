#if canImport(Glibc)
  import Glibc
#endif

/// The names of the subdirectories of `path`.
func directoryNames(_ path: String) throws -> [String] {
  guard let handle = opendir(path) else { return [] }
  defer { closedir(handle) }
  var names: [String] = []
  while let entry = readdir(handle) {
    let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
      String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
    }
    if name != "." && name != ".." && entry.pointee.d_type == UInt8(DT_DIR) { names.append(name) }
  }
  return names
}
