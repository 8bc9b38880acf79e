import ArgumentParser
import CairnBench

/// `cairn bench list`: `cairn resume --all --json` over 2,000 Codex and 2,000 native
/// sessions, cold and warm.
struct BenchListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "Measure listing 2,000 Codex and 2,000 native sessions, cold and warm.",
    discussion: """
      Generates (or reuses, with --dir) a seeded Codex home of rollouts shaped like Codex \
      0.147's (a 22 KB session_meta, ~40 KB each, dated across 300 days, modification \
      times set) and a Cairn home of native sessions made by the engine, then times \
      `cairn resume --all --json` as a process (spawn to exit, peak RSS from wait4): cold, \
      without the Codex index cache, and warm, with it. Reports medians.
      """)

  @Flag(help: "Print the report as a JSON object.")
  var json = false

  @Option(help: "Keep the generated homes in this directory and reuse them on later runs.")
  var dir: String?

  @Option(help: "Measured runs of each case (the report gives the median).")
  var repetitions: Int = 7

  @Option(help: "Codex rollouts in the fixture.")
  var codexSessions: Int = 2000

  @Option(help: "Native sessions in the fixture.")
  var nativeSessions: Int = 2000

  func validate() throws {
    guard repetitions >= 1 else { throw ValidationError("--repetitions must be at least 1") }
    guard codexSessions >= 0, nativeSessions >= 0 else {
      throw ValidationError("session counts must not be negative")
    }
  }

  func run() throws {
    let report = try ListBenchmark.run(
      ListBenchmark.Options(
        directory: dir, repetitions: repetitions, codexSessions: codexSessions,
        nativeSessions: nativeSessions)
    ) { message in
      StandardError.write("bench: \(message)\n")
    }
    printBenchReport(figures: report.figures, budgets: report.budgets, json: json)
  }
}
