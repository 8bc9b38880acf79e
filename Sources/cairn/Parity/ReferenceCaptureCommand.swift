import ArgumentParser
import CairnCodex
import CairnCore

/// `cairn reference capture --out DIR [--codex PATH]`.
struct ReferenceCaptureCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "capture",
    abstract: "Record a local codex's --version, every command's --help and features list.",
    discussion: """
      The command tree is walked from `codex --help`; hidden commands are taken from the \
      reference (--reference DIR, else the embedded one). Codex tries to reach OpenAI when \
      it starts: run this with loopback-only networking and a throwaway CODEX_HOME, e.g. \
      `CODEX_HOME=/var/tmp/codex-home unshare -n sh -c 'ip link set lo up && exec "$@"' _ \
      cairn reference capture --out DIR`. Exit codes: 0 captured, 1 codex failed or DIR \
      cannot be written.
      """)

  @Option(help: ArgumentHelp("The directory to write (created if missing).", valueName: "DIR"))
  var out: String

  @Option(help: ArgumentHelp("The codex binary (default: codex on PATH).", valueName: "PATH"))
  var codex: String?

  @OptionGroup var source: ReferenceSourceOption

  @Flag(help: "Print the capture's summary as JSON.")
  var json = false

  func run() throws {
    let known = try source.load()
    guard let binary = codex ?? ExecutableSearch.find("codex") else {
      StandardError.write("cairn: no codex on PATH: give the binary with --codex PATH\n")
      throw ExitCode(1)
    }
    let capture = CodexReferenceCapture(
      codex: binary, outputDirectory: out, extraPaths: known.hiddenPaths)
    let report: CodexReferenceCapture.Report
    do {
      report = try capture.run()
    } catch {
      StandardError.write("cairn: \(error)\n")
      throw ExitCode(1)
    }
    if json {
      print(
        JSONValue.object([
          ("version", .string(report.version)),
          ("directory", .string(out)),
          ("files", .array(report.files.map { .string($0) })),
          ("commandPaths", .int(Int64(report.discoveredPaths.count + report.hiddenPaths.count))),
          ("hiddenPaths", .array(report.hiddenPaths.map { .string($0.description) })),
        ]).text)
    } else {
      print(
        "captured \(report.version): \(report.discoveredPaths.count + report.hiddenPaths.count) "
          + "command paths (\(report.hiddenPaths.count) hidden), \(report.files.count) files "
          + "in \(out)")
    }
  }
}
