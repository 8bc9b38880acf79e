import Foundation

/// Runs this executable again with other arguments and collects its standard output:
/// each measurement gets a process of its own.
enum ChildProcess {
  static func runSelf(_ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try selfExecutablePath())
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw BenchmarkError.workerFailed(
        arguments: arguments.joined(separator: " "), status: process.terminationStatus)
    }
    return String(decoding: data, as: UTF8.self)
  }

  static func selfExecutablePath() throws -> String {
    try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
  }
}

enum BenchmarkError: Error, CustomStringConvertible {
  case workerFailed(arguments: String, status: Int32)
  case malformedWorkerOutput(String)

  var description: String {
    switch self {
    case .workerFailed(let arguments, let status):
      return "benchmark worker `cairn \(arguments)` exited with status \(status)"
    case .malformedWorkerOutput(let line):
      return "benchmark worker printed an unexpected line: \(line)"
    }
  }
}
