import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Replaces a config file atomically: the new text goes to a temporary file beside it,
/// is synced, and is renamed over the old one, so a crash leaves the old file or the new
/// one, never half of each. A new file is created 0600 (in a 0700 directory when the
/// directory is new); an existing file keeps its permissions. A symbolic link is followed:
/// the file it points to is replaced and the link stays.
public enum ConfigFileWriter {
  public static func write(_ text: String, to path: String) throws(ConfigError) {
    let target = resolvingLinks(path)
    let directory = (target as NSString).deletingLastPathComponent
    if !FileManager.default.fileExists(atPath: directory) {
      do {
        try FileManager.default.createDirectory(
          atPath: directory, withIntermediateDirectories: true,
          attributes: [.posixPermissions: 0o700])
      } catch {
        throw .io(file: directory, message: "cannot create: \(error.localizedDescription)")
      }
    }
    var mode: mode_t = 0o600
    var status = stat()
    if stat(target, &status) == 0 { mode = status.st_mode & 0o7777 }

    var template = Array("\(target).cairn-XXXXXX".utf8CString)
    let descriptor = mkstemp(&template)
    guard descriptor >= 0 else {
      throw .io(file: target, message: "cannot create a temporary file beside it: \(errnoText())")
    }
    let temporary = String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
    var finished = false
    defer {
      if !finished { unlink(temporary) }
    }
    fchmod(descriptor, mode)
    let bytes = Array(text.utf8)
    var written = 0
    while written < bytes.count {
      let result = bytes.withUnsafeBytes { buffer in
        Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
      }
      if result < 0 && errno == EINTR { continue }
      guard result > 0 else {
        let reason = errnoText()
        close(descriptor)
        throw .io(file: temporary, message: "cannot write: \(reason)")
      }
      written += result
    }
    guard fsync(descriptor) == 0 else {
      let reason = errnoText()
      close(descriptor)
      throw .io(file: temporary, message: "cannot sync: \(reason)")
    }
    close(descriptor)
    guard rename(temporary, target) == 0 else {
      throw .io(file: target, message: "cannot replace: \(errnoText())")
    }
    finished = true
    let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY)
    if directoryDescriptor >= 0 {
      fsync(directoryDescriptor)
      close(directoryDescriptor)
    }
  }

  /// The path with symbolic links followed, at most `depth` of them (a loop of links ends
  /// there, and the rename then fails with a clear error).
  private static func resolvingLinks(_ path: String, depth: Int = 16) -> String {
    guard depth > 0,
      let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: path)
    else { return path }
    let resolved =
      destination.hasPrefix("/")
      ? destination : (path as NSString).deletingLastPathComponent + "/" + destination
    return resolvingLinks(resolved, depth: depth - 1)
  }

  private static func errnoText() -> String { String(cString: strerror(errno)) }
}
