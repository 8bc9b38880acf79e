import ArgumentParser
import CairnBench
import CairnCore
import CairnStore

/// `cairn bench …`: benchmarks that compare against a reference measured in the same run.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Measure Cairn against its budgets (build with -c release for real figures).",
    subcommands: [
      BenchLogCommand.self, BenchLogWorkerCommand.self, BenchResumeCommand.self,
      BenchResumeWorkerCommand.self, BenchRolloutCommand.self, BenchRolloutReadCommand.self,
      BenchListCommand.self, BenchSSECommand.self, BenchExecCommand.self,
      BenchExecResumeCommand.self, BenchClassifyCommand.self, BenchPTYCommand.self,
      BenchToolOutputCommand.self, BenchRenderCommand.self, BenchTUICommand.self,
      BenchTranscriptPageCommand.self,
    ]
  )
}

/// `cairn bench log`: scan, append and read-at-seq figures against raw LZ4.
struct BenchLogCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "log",
    abstract: "Measure the log's scan, append and read budgets against raw LZ4 decompression.",
    discussion: """
      Generates (or reuses, with --dir) a seeded log of at least 1.1 GB of 100–500-byte \
      records, then runs each measurement in its own process: full scan and raw \
      LZ4_decompress_safe over the same blocks, buffered and fsync appends of 200-byte \
      records, and single-record reads near the start, middle and end. Reports medians.
      """
  )

  @Flag(help: "Print the report as a JSON object.")
  var json = false

  @Option(help: "Keep the generated log in this directory and reuse it on later runs.")
  var dir: String?

  @Option(help: "Uncompressed megabytes of records in the generated log.")
  var megabytes: UInt64 = 1100

  @Option(help: "Runs of each throughput measurement (the report gives the median).")
  var repetitions: Int = 3

  func validate() throws {
    guard repetitions >= 1 else { throw ValidationError("--repetitions must be at least 1") }
    guard megabytes >= 1 else { throw ValidationError("--megabytes must be at least 1") }
  }

  func run() throws {
    let options = LogBenchmark.Options(
      directory: dir, logRawBytes: megabytes * 1_000_000, repetitions: repetitions)
    let report = try LogBenchmark.run(options) { message in
      StandardError.write("bench: \(message)\n")
    }
    printBenchReport(figures: report.figures, budgets: report.budgets, json: json)
  }
}

/// Prints a benchmark's figures and budgets: one JSON object with a `budgets` member of
/// booleans, or a table followed by one `met`/`MISSED` line per budget.
func printBenchReport(
  figures: [(String, Double)], budgets: [(name: String, met: Bool, text: String)], json: Bool
) {
  if json {
    var members = figures.map { ($0.0, JSONValue.double($0.1)) }
    members.append(("budgets", .object(budgets.map { ($0.name, JSONValue.bool($0.met)) })))
    print(JSONValue.object(members).text)
    return
  }
  for (name, value) in figures {
    print("\(name.padding(to: 40))\(formatted(value))")
  }
  print("")
  for budget in budgets {
    print("\(budget.met ? "met   " : "MISSED") \(budget.text)")
  }
}

private func formatted(_ value: Double) -> String {
  value.rounded() == value && abs(value) < 1e15
    ? String(Int64(value)) : String((value * 100).rounded() / 100)
}

/// The hidden worker that runs one measurement in its own process.
struct BenchLogWorkerCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "log-worker", abstract: "Run one log measurement (used by `cairn bench log`).",
    shouldDisplay: false)

  @Argument var measure: String
  @Argument var directory: String
  @Option var records: Int = 0

  func run() throws {
    guard let which = LogBenchmarkWorker.Measure(rawValue: measure) else {
      throw ValidationError("unknown measure \(measure)")
    }
    for (name, value) in try LogBenchmarkWorker.run(which, directory: directory, records: records) {
      print("\(name) \(value)")
    }
  }
}

extension String {
  fileprivate func padding(to width: Int) -> String {
    count >= width ? self + " " : self + String(repeating: " ", count: width - count)
  }
}
