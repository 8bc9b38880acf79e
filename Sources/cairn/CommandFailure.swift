import ArgumentParser
import CairnStore

/// Runs a command body, turning a `LogError` into its message on stderr and its exit code.
func reportingFailures(_ body: () throws -> Void) throws {
  do {
    try body()
  } catch let error as LogError {
    StandardError.write("cairn: \(error)\n")
    throw ExitCode(error.exitCode)
  }
}
