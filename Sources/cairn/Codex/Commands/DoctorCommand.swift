import ArgumentParser
import CairnCodex

/// `cairn doctor`: checks of the installation, config, auth and runtime.
struct DoctorCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "doctor",
    abstract: "Check the installation, config, sign-in and runtime, and report problems.")

  static let codexParity = CodexParity.notSupported(
    reason: "the health checks are not built yet (issue 4, part 5)")

  @Flag(help: "Print the report as JSON, secrets redacted.")
  var json = false

  @Flag(help: "Show only the grouped checks and the final counts.")
  var summary = false

  @Flag(help: "Show long lists in full.")
  var all = false

  @Flag(help: "Print no ANSI colors.")
  var noColor = false

  @Flag(help: "Use ASCII labels and separators only.")
  var ascii = false
}
