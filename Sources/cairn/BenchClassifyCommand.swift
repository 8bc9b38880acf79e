import ArgumentParser
import CairnBench

/// `cairn bench classify`: the approval classifier per command.
struct BenchClassifyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "classify",
    abstract: "Measure the risk classifier and the approval decision per command.",
    discussion: """
      Classifies a fixed corpus of 30 commands shaped like the ones models send (as \
      bash -lc SCRIPT), first the risk alone, then the whole approval decision with a small \
      set of exec-policy rules, and, over the same corpus, splits each script at spaces (the \
      reference). Reports the median microseconds per command over the repetitions and \
      the slowest single command.
      """
  )

  @Flag(help: "Print the report as a JSON object.")
  var json = false

  @Option(help: "Passes over the corpus in each measured run.")
  var rounds: Int = 2_000

  @Option(help: "Measured runs (the report gives the median).")
  var repetitions: Int = 7

  func validate() throws {
    guard repetitions >= 1 else { throw ValidationError("--repetitions must be at least 1") }
    guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1") }
  }

  func run() throws {
    let report = try ClassifierBenchmark.run(
      ClassifierBenchmark.Options(rounds: rounds, repetitions: repetitions)
    ) { message in
      StandardError.write("bench: \(message)\n")
    }
    printBenchReport(figures: report.figures, budgets: report.budgets, json: json)
  }
}
