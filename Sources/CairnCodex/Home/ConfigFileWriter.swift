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

    do {
      try PrivateFile.write(Array(text.utf8), to: target, mode: mode)
    } catch {
      throw .io(file: error.path, message: "cannot \(error.operation): \(error.reason)")
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

}
