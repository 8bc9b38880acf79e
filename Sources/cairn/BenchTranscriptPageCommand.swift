import ArgumentParser
import CairnBench

/// `cairn bench transcript-page`: scrolling back in a 1,000,000-event session.
struct BenchTranscriptPageCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "transcript-page",
    abstract: "Measure paging older transcript items in from a 1,000,000-event session.",
    discussion: """
      Generates (or reuses, with --dir; the same fixtures as `cairn bench resume`) a seeded \
      session, then times a fresh TranscriptPager building one page of complete items (the \
      screenful the Ctrl+T transcript loads when scrolled past the state's window): the page \
      just before the window, one in the middle, and the first. Reports medians and p90s.
      """)

  @Flag(help: "Print the report as a JSON object.")
  var json = false

  @Option(help: "Keep the generated home in this directory and reuse it on later runs.")
  var dir: String?

  @Option(help: "Measured runs per position.")
  var runs: Int = 21

  @Option(help: "Events in the session.")
  var events: Int = 1_000_000

  func validate() throws {
    guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
    guard events >= 1000 else { throw ValidationError("--events must be at least 1000") }
  }

  func run() throws {
    let figures = try TranscriptPageBenchmark.run(
      TranscriptPageBenchmark.Options(directory: dir, runs: runs, events: events)
    ) { message in
      StandardError.write("bench: \(message)\n")
    }
    printBenchReport(figures: figures, budgets: [], json: json)
  }
}
