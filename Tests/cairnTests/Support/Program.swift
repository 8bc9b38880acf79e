import Foundation

/// Runs any program to completion with extra environment variables (blocking): for tests
/// that wrap `cairn` in another program, such as `unshare`. Output is read to its end on
/// the calling thread while stderr drains into a temporary file, so neither pipe fills.
func runProgram(
  _ executable: String, _ arguments: [String], environment extra: [String: String] = [:]
) throws -> CommandResult {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: executable)
  process.arguments = arguments
  process.environment = ProcessInfo.processInfo.environment.merging(extra) { _, new in new }
  let stdout = Pipe()
  let stderrFile = FileManager.default.temporaryDirectory
    .appendingPathComponent("cairn-program-\(UUID().uuidString).stderr")
  _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
  defer { try? FileManager.default.removeItem(at: stderrFile) }
  let stderr = try FileHandle(forWritingTo: stderrFile)
  process.standardOutput = stdout
  process.standardError = stderr
  process.standardInput = FileHandle.nullDevice
  try process.run()
  let output = stdout.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  try stderr.close()
  let errors = (try? Data(contentsOf: stderrFile)) ?? Data()
  let termination: Termination =
    process.terminationReason == .uncaughtSignal
    ? .killed(by: process.terminationStatus) : .exited(process.terminationStatus)
  return CommandResult(
    termination: termination, stdout: Array(output),
    stderr: String(decoding: errors, as: UTF8.self))
}

/// The first executable named `name` on PATH.
func findOnPath(_ name: String) -> String? {
  let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
  for directory in path.split(separator: ":") {
    let candidate = "\(directory)/\(name)"
    if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
  }
  return nil
}
