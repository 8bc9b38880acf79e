import Foundation

/// Writes a generated tree under `--out`: directories created, files replaced, and a
/// failure that names the path and the cause (nothing half-explained).
struct ProtocolBundleWriter {
  let root: URL

  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  init(out: String) {
    root = URL(fileURLWithPath: out, isDirectory: true)
  }

  /// Writes the files; returns their absolute paths in the order given.
  func write(_ files: [(path: String, text: String)]) throws(Failure) -> [String] {
    var written: [String] = []
    for file in files {
      let url = root.appendingPathComponent(file.path)
      do {
        try FileManager.default.createDirectory(
          at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      } catch {
        throw Failure(
          description: "cannot create \(url.deletingLastPathComponent().path): "
            + Self.reason(error) + " (choose a writable --out directory)")
      }
      // The schema is public: ordinary 0644 files, as any generated source.
      guard
        FileManager.default.createFile(
          atPath: url.path, contents: Data(file.text.utf8), attributes: [.posixPermissions: 0o644])
      else {
        throw Failure(
          description: "cannot write \(url.path): \(String(cString: strerror(errno))) "
            + "(choose a writable --out directory)")
      }
      written.append(url.path)
    }
    return written
  }

  /// Runs `binary --write --log-level warn FILES…`, the arguments Codex gives Prettier.
  static func format(with binary: String, files: [String]) throws(Failure) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = ["--write", "--log-level", "warn"] + files
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw Failure(description: "cannot run the formatter \(binary): " + reason(error))
    }
    process.waitUntilExit()
    guard process.terminationReason == .exit, process.terminationStatus == 0 else {
      let how =
        process.terminationReason == .exit
        ? "exited with status \(process.terminationStatus)"
        : "was killed by signal \(process.terminationStatus)"
      throw Failure(
        description: "the formatter \(binary) \(how) (the unformatted files are written)")
    }
  }

  private static func reason(_ error: Error) -> String {
    if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError,
      underlying.domain == NSPOSIXErrorDomain
    {
      return String(cString: strerror(Int32(underlying.code)))
    }
    return (error as NSError).localizedDescription
  }
}
