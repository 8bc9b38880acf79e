#if canImport(Glibc)
  import Glibc
#endif

/// Writes whole files, by default only their owner may read (0600): a temporary file
/// beside the target, synced, then renamed over it, so a reader sees the old file or the
/// new one, never a mix. Import state, exported rollouts and config edits go through it.
enum PrivateFile {
  struct WriteError: Error, CustomStringConvertible {
    var path: String
    var operation: String
    var code: Int32
    var reason: String { String(cString: strerror(code)) }
    var description: String { "cannot \(operation) \(path): \(reason)" }
  }

  static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o600) throws(WriteError) {
    var template = Array((path + ".tmp-XXXXXX").utf8CString)
    let descriptor = mkstemp(&template)
    guard descriptor >= 0 else {
      throw WriteError(path: path, operation: "create a temporary file beside", code: errno)
    }
    let temporary = String(
      decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    var finished = false
    defer {
      if !finished { unlink(temporary) }
    }
    fchmod(descriptor, mode)
    var written = 0
    while written < bytes.count {
      let result = bytes.withUnsafeBytes { buffer in
        Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
      }
      if result < 0 && errno == EINTR { continue }
      guard result > 0 else {
        let code = errno
        close(descriptor)
        throw WriteError(path: temporary, operation: "write", code: code)
      }
      written += result
    }
    guard fsync(descriptor) == 0 else {
      let code = errno
      close(descriptor)
      throw WriteError(path: temporary, operation: "sync", code: code)
    }
    close(descriptor)
    guard rename(temporary, path) == 0 else {
      throw WriteError(path: path, operation: "replace", code: errno)
    }
    finished = true
    let slash = path.lastIndex(of: "/")
    let directory = slash.map { String(path[..<$0]) } ?? "."
    let directoryDescriptor = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY)
    if directoryDescriptor >= 0 {
      fsync(directoryDescriptor)
      close(directoryDescriptor)
    }
  }

  /// The whole file, or nil when it does not exist; at most `bytesMax` bytes.
  static func read(_ path: String, bytesMax: Int) throws(WriteError) -> [UInt8]? {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      if errno == ENOENT { return nil }
      throw WriteError(path: path, operation: "open", code: errno)
    }
    defer { close(descriptor) }
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while out.count <= bytesMax {
      let got = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress!, $0.count) }
      if got < 0 && errno == EINTR { continue }
      guard got >= 0 else { throw WriteError(path: path, operation: "read", code: errno) }
      if got == 0 { break }
      out += chunk[..<got]
    }
    return out
  }
}

/// A file written front to back through a buffer into a private temporary file, and put
/// in place (renamed over `path`) only by `commit()`: a failed export leaves no half file.
final class PrivateFileStream {
  let path: String
  private let temporary: String
  private var descriptor: Int32
  private var buffer: [UInt8] = []
  private let bufferBytes = 1 << 20
  private(set) var bytesWritten: UInt64 = 0

  init(path: String) throws(PrivateFile.WriteError) {
    self.path = path
    var template = Array((path + ".tmp-XXXXXX").utf8CString)
    descriptor = mkstemp(&template)
    guard descriptor >= 0 else {
      throw PrivateFile.WriteError(path: path, operation: "create a file beside", code: errno)
    }
    temporary = String(
      decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    fchmod(descriptor, 0o600)
    buffer.reserveCapacity(bufferBytes)
  }

  deinit {
    if descriptor >= 0 {
      close(descriptor)
      unlink(temporary)
    }
  }

  func write(_ bytes: [UInt8]) throws(PrivateFile.WriteError) {
    buffer += bytes
    if buffer.count >= bufferBytes { try flush() }
  }

  private func flush() throws(PrivateFile.WriteError) {
    var written = 0
    while written < buffer.count {
      let result = buffer.withUnsafeBytes { raw in
        Glibc.write(descriptor, raw.baseAddress! + written, raw.count - written)
      }
      if result < 0 && errno == EINTR { continue }
      guard result > 0 else {
        throw PrivateFile.WriteError(path: temporary, operation: "write", code: errno)
      }
      written += result
    }
    bytesWritten += UInt64(buffer.count)
    buffer.removeAll(keepingCapacity: true)
  }

  func commit() throws(PrivateFile.WriteError) {
    try flush()
    guard fsync(descriptor) == 0 else {
      throw PrivateFile.WriteError(path: temporary, operation: "sync", code: errno)
    }
    close(descriptor)
    descriptor = -1
    guard rename(temporary, path) == 0 else {
      let code = errno
      unlink(temporary)
      throw PrivateFile.WriteError(path: path, operation: "replace", code: code)
    }
  }
}
