import ArgumentParser
import CairnBench

/// `cairn bench render`: drawing and diffing a 200×60 frame.
struct BenchRenderCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "render",
    abstract: "Measure drawing a 200x60 frame and diffing it into terminal bytes.",
    discussion: """
      Draws a transcript-like 200x60 frame (styled lines, CJK, emoji, a composer and a \
      status line) and diffs it against the previous frame, for a scroll by one line and \
      for a keystroke; the reference is drawing alone. Reports p50 and p99 in \
      milliseconds and the most bytes a keystroke wrote.
      """
  )

  @Flag(help: "Print the report as a JSON object.")
  var json = false

  @Option(help: "Samples of each kind of change.")
  var samples: Int = 2_000

  func validate() throws {
    guard samples >= 1 else { throw ValidationError("--samples must be at least 1") }
  }

  func run() throws {
    let report = RenderBenchmark.run(RenderBenchmark.Options(samples: samples)) { message in
      StandardError.write("bench: \(message)\n")
    }
    printBenchReport(figures: report.figures, budgets: report.budgets, json: json)
  }
}
