import ArgumentParser
import CairnBench

/// `cairn bench sse`: the Responses stream decoder and accumulator per delta event.
struct BenchSSECommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sse",
    abstract: "Measure the SSE decoder, event decoder and accumulator per delta event.",
    discussion: """
      Builds two seeded Responses API streams in memory: N output_text.delta events, and \
      N deltas alternating between output_text and function_call_arguments; feeds each in \
      chunks of 1-16 KB through SSEDecoder, ResponseStreamEventDecoder and \
      ResponseAccumulator, and, over the same bytes and chunks, through the SSE decoder \
      alone and a memchr scan for the blank lines that end events (the reference). \
      Reports the median microseconds per event over the repetitions.
      """
  )

  @Flag(help: "Print the report as a JSON object.")
  var json = false

  @Option(help: "Delta events in each stream.")
  var events: Int = 100_000

  @Option(help: "Measured runs of each stream (the report gives the median).")
  var repetitions: Int = 7

  func validate() throws {
    guard repetitions >= 1 else { throw ValidationError("--repetitions must be at least 1") }
    guard events >= 1 else { throw ValidationError("--events must be at least 1") }
  }

  func run() throws {
    let report = try SSEBenchmark.run(
      SSEBenchmark.Options(events: events, repetitions: repetitions)
    ) { message in
      StandardError.write("bench: \(message)\n")
    }
    printBenchReport(figures: report.figures, budgets: report.budgets, json: json)
  }
}
