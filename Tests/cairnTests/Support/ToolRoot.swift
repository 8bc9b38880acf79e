import CairnTestSupport
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A scratch directory for `cairn tool` tests: a Cairn home, an empty Codex home (so no
/// user config leaks in) and a work directory the commands run in.
struct ToolRoot: Sendable {
  let path: String
  var home: String { path + "/home" }
  var codex: String { path + "/codex" }
  var work: String { path + "/work" }

  static func make() throws -> ToolRoot {
    let pattern = (NSTemporaryDirectory() as NSString).appendingPathComponent("cairn-tool.XXXXXX")
    var template = Array(pattern.utf8CString)
    guard let made = mkdtemp(&template) else { throw HarnessFailure("mkdtemp: errno \(errno)") }
    let root = ToolRoot(path: String(cString: made))
    for directory in [root.codex, root.work] {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }
    return root
  }

  func remove() { try? FileManager.default.removeItem(atPath: path) }

  var environment: [String: String] {
    [
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": path,
      "CAIRN_HOME": home, "CODEX_HOME": codex,
    ]
  }

  /// Starts `cairn ARGUMENTS` in the work directory.
  func spawn(_ arguments: [String], stdin: SpawnedProcess.Input = .null) throws -> SpawnedProcess {
    try SpawnedProcess(
      [try CairnBinary.require()] + arguments, environment: environment, directory: work,
      stdin: stdin)
  }

  /// Runs `cairn ARGUMENTS` to its end, with `input` on a stdin pipe when given.
  func run(_ arguments: [String], input: String? = nil) async throws -> ToolRunResult {
    try await offPool { try runBlocking(arguments, input: input) }
  }

  private func runBlocking(_ arguments: [String], input: String?) throws -> ToolRunResult {
    let process = try spawn(arguments, stdin: input == nil ? .null : .pipe)
    if let input {
      process.writeStdin(Array(input.utf8))
      process.closeStdin()
    }
    let status = try process.waitForExit(
      withinSeconds: 120, what: "cairn \(arguments.joined(separator: " "))")
    return ToolRunResult(
      status: status, stdout: String(decoding: process.stdout, as: UTF8.self),
      stderr: process.stderr)
  }

  /// A new session in this home, its working directory the work directory.
  func createSession(policy: String = "on-request") async throws -> String {
    let created = try await run(
      ["session", "create", "--cwd", work, "--approval-policy", policy])
    guard created.status == 0 else { throw HarnessFailure("session create: \(created.stderr)") }
    return created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// The kinds (docs/EVENTS.md numbers) of the session's events, in log order.
  func eventKinds(_ session: String) async throws -> [Int] {
    let cat = try await run(["log", "cat", "--json", home + "/sessions/" + session])
    guard cat.status == 0 else { throw HarnessFailure("log cat: \(cat.stderr)") }
    return cat.stdout.split(separator: "\n").compactMap { line in
      (jsonObject(String(line))?["kind"] as? NSNumber)?.intValue
    }
  }

  /// The payloads of the session's events of `kind`, in order.
  func payloads(_ session: String, kind: Int) async throws -> [[UInt8]] {
    let cat = try await run(["log", "cat", "--json", home + "/sessions/" + session])
    return cat.stdout.split(separator: "\n").compactMap { line in
      guard let object = jsonObject(String(line)), (object["kind"] as? NSNumber)?.intValue == kind,
        let base64 = object["payload_base64"] as? String, let data = Data(base64Encoded: base64)
      else { return nil }
      return Array(data)
    }
  }

  /// `cairn session show --json`.
  func show(_ session: String) async throws -> [String: Any] {
    let shown = try await run(["session", "show", "--json", session])
    guard shown.status == 0, let object = jsonObject(shown.stdout) else {
      throw HarnessFailure("session show: \(shown.stderr)")
    }
    return object
  }
}

extension SpawnedProcess {
  /// `waitForStderr` off the cooperative pool.
  func stderrShows(_ text: String) async throws -> Bool {
    try await offPool { self.waitForStderr(containing: text, withinSeconds: 60) }
  }

  /// `waitForStdout` off the cooperative pool.
  func stdoutShows(_ text: String) async throws -> Bool {
    try await offPool { self.waitForStdout(containing: text, withinSeconds: 60) }
  }

  /// `waitForExit` off the cooperative pool.
  func exitStatus(_ what: String) async throws -> Int32 {
    try await offPool { try self.waitForExit(withinSeconds: 60, what: what) }
  }
}

/// What a finished `cairn` run printed and its exit status (128 + a signal).
struct ToolRunResult: Sendable {
  var status: Int32
  var stdout: String
  var stderr: String
  var json: [String: Any]? { jsonObject(stdout) }
}

/// docs/EVENTS.md's numbers of the events `cairn tool` writes.
enum EventKindNumber {
  static let sessionCreated = 1
  static let settingsChanged = 2
  static let turnStarted = 3
  static let turnCompleted = 4
  static let turnInterrupted = 6
  static let userMessageAdded = 7
  static let toolCallPlanned = 15
  static let approvalRequested = 16
  static let approvalDecided = 17
  static let toolStarted = 18
  static let toolOutputReceived = 19
  static let toolStdinWritten = 20
  static let toolResized = 21
  static let toolSignalled = 22
  static let toolExited = 23
  static let contextMessageAdded = 35
  static let toolResultRecorded = 37
}
