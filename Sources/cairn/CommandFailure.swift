import ArgumentParser
import CairnStore

/// Runs a command body, turning a `LogError` into its message on stderr and its exit code.
func reportingFailures(_ body: () throws -> Void) throws {
  do {
    try body()
  } catch let error as LogError {
    StandardError.write("cairn: \(error)\n")
    throw ExitCode(error.exitCode)
  } catch LogErrorText.stdoutClosed {
    StandardError.write("cairn: standard output was closed before all output was written\n")
    throw ExitCode(1)
  }
}
