import ArgumentParser
import CairnBench

/// `cairn bench tui`: the terminal UI's first frame on a session of a million events.
struct BenchTUICommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tui",
    abstract: "Measure the terminal UI's first frame on a 1,000,000-event session.",
    discussion: """
      Generates (or reuses, with --dir; the same fixtures as `cairn bench resume`) seeded \
      sessions of 100 and 1,000,000 events, then runs `cairn resume ID` in a 120x40 \
      pseudo-terminal, answering its terminal queries at once, and times the spawn to the \
      end of the first frame that shows the composer. References in the same run: the \
      100-event session, and `cairn --version` from spawn to exit. Reports medians.
      """)

  @Flag(help: "Print the report as a JSON object.")
  var json = false

  @Option(help: "Keep the generated home in this directory and reuse it on later runs.")
  var dir: String?

  @Option(help: "Measured runs (the report gives the median).")
  var runs: Int = 11

  @Option(help: "Events in the large session.")
  var events: Int = 1_000_000

  func validate() throws {
    guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
    guard events >= 1000 else { throw ValidationError("--events must be at least 1000") }
  }

  func run() throws {
    let report = try TUIFirstFrameBenchmark.run(
      TUIFirstFrameBenchmark.Options(directory: dir, runs: runs, events: events)
    ) { message in
      StandardError.write("bench: \(message)\n")
    }
    printBenchReport(figures: report.figures, budgets: report.budgets, json: json)
  }
}
