import Foundation

/// Runs a short diagnostic program (`bwrap --version`, `unshare -U true`) with a timeout,
/// its output going to unlinked temporary files so that a full pipe can never block it.
enum ProcessProbe {
  struct Outcome: Equatable, Sendable {
    /// The exit status; nil when the program could not start, timed out or was killed.
    var status: Int32?
    var stdout: String
    var stderr: String
    /// Why there is no status.
    var failure: String?

    /// The first non-empty line of stderr, else of stdout, else the failure.
    var firstLine: String {
      for text in [stderr, stdout, failure ?? ""] {
        if let line = text.split(whereSeparator: \.isNewline).first {
          return String(line.trimmingCharacters(in: .whitespaces))
        }
      }
      return ""
    }
  }

  /// How long one probe may run before it is killed.
  static let timeoutSecondsDefault = 5.0
  /// Output beyond this is not read.
  static let outputBytesMax = 64 * 1024

  static func run(
    _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
    timeoutSeconds: Double = timeoutSecondsDefault
  ) -> Outcome {
    guard let stdout = unlinkedFile(), let stderr = unlinkedFile() else {
      return Outcome(status: nil, stdout: "", stderr: "", failure: "cannot create a temporary file")
    }
    defer {
      try? stdout.close()
      try? stderr.close()
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = stdout
    process.standardError = stderr
    // Created at 0 and signalled once per wait, so it is never freed below its start value.
    let exited = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in exited.signal() }
    do {
      try process.run()
    } catch {
      return Outcome(
        status: nil, stdout: "", stderr: "",
        failure: "cannot run \(executable): \(error.localizedDescription)")
    }
    var failure: String?
    if exited.wait(timeout: .now() + timeoutSeconds) == .timedOut {
      kill(process.processIdentifier, SIGKILL)
      exited.wait()
      failure = "did not finish within \(timeoutSeconds) s"
    } else if process.terminationReason == .uncaughtSignal {
      failure = "killed by signal \(process.terminationStatus)"
    }
    let status = failure == nil ? process.terminationStatus : nil
    return Outcome(
      status: status, stdout: contents(of: stdout), stderr: contents(of: stderr), failure: failure)
  }

  private static func unlinkedFile() -> FileHandle? {
    let base = NSTemporaryDirectory()
    var template = Array("\(base)/cairn-doctor.XXXXXX".utf8CString)
    let descriptor = mkstemp(&template)
    guard descriptor >= 0 else { return nil }
    unlink(template)
    return FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
  }

  private static func contents(of handle: FileHandle) -> String {
    try? handle.seek(toOffset: 0)
    let data = (try? handle.read(upToCount: outputBytesMax)) ?? nil
    return String(decoding: data ?? Data(), as: UTF8.self)
  }
}

/// Finds a program on a `PATH` value, as a shell would.
enum ExecutableSearch {
  static func find(_ name: String, path: String?) -> String? {
    for directory in (path ?? "").split(separator: ":") where !directory.isEmpty {
      let candidate = "\(directory)/\(name)"
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory),
        !isDirectory.boolValue, FileManager.default.isExecutableFile(atPath: candidate)
      {
        return candidate
      }
    }
    return nil
  }
}
