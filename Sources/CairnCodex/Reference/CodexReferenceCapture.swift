import Foundation

/// Captures a Codex reference from a local `codex` binary: `--version`, the `--help` of
/// every command path (found by walking the `Commands:` sections from the root, plus the
/// hidden paths a known reference holds), and `features list`, written in
/// `CodexReferenceLayout`.
///
/// Run it with loopback-only networking (`unshare -n`) and a throwaway `CODEX_HOME`:
/// Codex tries to reach OpenAI and GitHub when it starts.
public struct CodexReferenceCapture {
  /// What one capture wrote.
  public struct Report: Sendable {
    public var files: [String]
    public var discoveredPaths: [CodexCommandPath]
    /// Hidden paths taken from the known reference (no page lists them).
    public var hiddenPaths: [CodexCommandPath]
    public var version: String
  }

  public var codex: String
  public var outputDirectory: String
  /// Paths to capture even though no help page lists them.
  public var extraPaths: [CodexCommandPath]
  /// Upper bound on one `codex` run, so a wedged binary cannot hang the capture.
  public var runSecondsMax: Double = 30
  /// Upper bound on the tree's size, so a help page that lists itself cannot loop forever.
  public var pathsMax = 1000

  public init(codex: String, outputDirectory: String, extraPaths: [CodexCommandPath]) {
    self.codex = codex
    self.outputDirectory = outputDirectory
    self.extraPaths = extraPaths
  }

  public func run(progress: (CodexCommandPath) -> Void = { _ in }) throws -> Report {
    try FileManager.default.createDirectory(
      atPath: outputDirectory, withIntermediateDirectories: true,
      attributes: [.posixPermissions: 0o700])
    var written: [String] = []

    let version = try runCodex(["--version"])
    guard version.status == 0 else {
      throw CodexCaptureError.failed(command: "\(codex) --version", status: version.status)
    }
    try write(version.stdout, to: CodexReferenceLayout.versionFile)
    written.append(CodexReferenceLayout.versionFile)

    // Walk the tree from the root; then from each hidden path the known reference holds
    // that the walk did not reach (with its own subcommands).
    var queue: [CodexCommandPath] = [.root]
    var seen: Set<CodexCommandPath> = [.root]
    var pendingHidden = extraPaths.sorted()
    var discovered: [CodexCommandPath] = []
    var hidden: [CodexCommandPath] = []
    var walkingHidden = false
    while true {
      if queue.isEmpty {
        pendingHidden.removeAll { seen.contains($0) }
        guard !pendingHidden.isEmpty else { break }
        let next = pendingHidden.removeFirst()
        seen.insert(next)
        queue.append(next)
        walkingHidden = true
      }
      let path = queue.removeFirst()
      progress(path)
      let page = try capturePage(path)
      written.append(CodexReferenceLayout.helpFileName(for: path))
      if walkingHidden { hidden.append(path) } else { discovered.append(path) }
      for name in page.subcommands where !seen.contains(path.appending(name)) {
        guard seen.count < pathsMax else { throw CodexCaptureError.tooManyPaths(pathsMax) }
        seen.insert(path.appending(name))
        queue.append(path.appending(name))
      }
    }

    let features = try runCodex(["features", "list"])
    guard features.status == 0 else {
      throw CodexCaptureError.failed(command: "\(codex) features list", status: features.status)
    }
    try write(features.stdout, to: CodexReferenceLayout.featuresListFile)
    written.append(CodexReferenceLayout.featuresListFile)

    return Report(
      files: written.sorted(), discoveredPaths: discovered, hiddenPaths: hidden,
      version: String(decoding: version.stdout, as: UTF8.self)
        .trimmingCharacters(in: .whitespacesAndNewlines))
  }

  /// Runs `codex PATH --help` and writes its page with the two header lines.
  private func capturePage(_ path: CodexCommandPath) throws -> CodexHelpPage {
    let result = try runCodex(path.components + ["--help"])
    var text = CodexReferenceLayout.header(for: path) + "\n# rc=\(result.status)\n"
    text += String(decoding: result.stdout, as: UTF8.self)
    try write(Array(text.utf8), to: CodexReferenceLayout.helpFileName(for: path))
    return CodexHelpParser.parse(text, path: path)
  }

  private func write(_ bytes: [UInt8], to name: String) throws {
    let path = (outputDirectory as NSString).appendingPathComponent(name)
    guard
      FileManager.default.createFile(
        atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600])
    else { throw CodexCaptureError.unwritable(path) }
  }

  private struct RunResult {
    var status: Int32
    var stdout: [UInt8]
  }

  /// Runs codex with stdin from /dev/null and stderr discarded (its help goes to stdout).
  private func runCodex(_ arguments: [String]) throws -> RunResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: codex)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw CodexCaptureError.cannotRun(codex, "\(error.localizedDescription)")
    }
    // Stop a run that outlives its bound; the flag tells a timeout from a crash.
    let stopped = StoppedFlag()
    let pid = process.processIdentifier
    let watchdog = DispatchWorkItem {
      stopped.set()
      kill(pid, SIGKILL)
    }
    DispatchQueue.global().asyncAfter(deadline: .now() + runSecondsMax, execute: watchdog)
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    watchdog.cancel()
    if stopped.isSet {
      throw CodexCaptureError.timedOut(
        command: ([codex] + arguments).joined(separator: " "), seconds: runSecondsMax)
    }
    if process.terminationReason == .uncaughtSignal {
      throw CodexCaptureError.failed(
        command: ([codex] + arguments).joined(separator: " "),
        status: 128 + process.terminationStatus)
    }
    return RunResult(status: process.terminationStatus, stdout: Array(data))
  }
}

/// Why a capture stopped.
public enum CodexCaptureError: Error, CustomStringConvertible, Sendable {
  case cannotRun(String, String)
  case failed(command: String, status: Int32)
  case timedOut(command: String, seconds: Double)
  case unwritable(String)
  case tooManyPaths(Int)

  public var description: String {
    switch self {
    case .cannotRun(let codex, let cause):
      return "cannot run \(codex): \(cause) (give the binary with --codex PATH)"
    case .failed(let command, let status):
      return "`\(command)` exited with status \(status)"
    case .timedOut(let command, let seconds):
      return "`\(command)` did not finish within \(Int(seconds)) s and was stopped"
    case .unwritable(let path): return "\(path): cannot be written"
    case .tooManyPaths(let limit):
      return "the command tree has more than \(limit) paths: is a help page listing itself?"
    }
  }
}

/// Set once by the watchdog, read after the child exited.
private final class StoppedFlag: @unchecked Sendable {
  private let lock = NSLock()
  private var value = false

  func set() {
    lock.lock()
    value = true
    lock.unlock()
  }

  var isSet: Bool {
    lock.lock()
    defer { lock.unlock() }
    return value
  }
}
