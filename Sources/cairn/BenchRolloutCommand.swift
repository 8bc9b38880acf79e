import ArgumentParser
import CairnBench

/// `cairn bench rollout`: `session summarize` and `import codex` throughput and memory on a
/// 500 MB rollout.
struct BenchRolloutCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rollout",
    abstract: "Measure `session summarize` and `import codex` on a 500 MB rollout against wc -l.",
    discussion: """
      Generates (or reuses, with --dir) a seeded rollout of at least 500 MB shaped like \
      Codex 0.147's (a 22 KB session_meta, turns with context messages, world_state, \
      turn_context, reasoning with encrypted_content, exec_command calls with outputs from \
      100 bytes to 200 KB and an occasional 2 MB, token_count events), then times `cairn session summarize FILE \
      --json` and `cairn import codex FILE` (into a fresh home each round) as processes \
      (spawn to exit, peak RSS from wait4) against `wc -l` and a raw read of the same \
      file. Reports medians.
      """
  )

  @Flag(help: "Print the report as a JSON object.")
  var json = false

  @Option(help: "Keep the generated rollout in this directory and reuse it on later runs.")
  var dir: String?

  @Option(help: "Measured runs of each command (the report gives the median).")
  var repetitions: Int = 5

  @Option(help: "Size of the generated rollout in megabytes.")
  var megabytes: UInt64 = 500

  func validate() throws {
    guard repetitions >= 1 else { throw ValidationError("--repetitions must be at least 1") }
    guard megabytes >= 1 else { throw ValidationError("--megabytes must be at least 1") }
  }

  func run() throws {
    let report = try RolloutBenchmark.run(
      RolloutBenchmark.Options(directory: dir, repetitions: repetitions, megabytes: megabytes)
    ) { message in
      StandardError.write("bench: \(message)\n")
    }
    printBenchReport(figures: report.figures, budgets: report.budgets, json: json)
  }
}

/// The hidden raw-read reference of `cairn bench rollout`.
struct BenchRolloutReadCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rollout-read", abstract: "Read a file raw (used by `cairn bench rollout`).",
    shouldDisplay: false)

  @Argument var path: String

  func run() throws {
    for (name, value) in try RolloutBenchmark.rawRead(path: path) { print("\(name) \(value)") }
  }
}
