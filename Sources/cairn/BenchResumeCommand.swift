import ArgumentParser
import CairnBench

/// `cairn bench resume`: resume, replay and listing figures against process start-up.
struct BenchResumeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "resume",
    abstract: "Measure the session budgets: resume, replay --verify and session list.",
    discussion: """
      Generates (or reuses, with --dir) seeded sessions of 10,000, 100,000 and 1,000,000 \
      events (the largest with more than 1 GB of event payload) and a home of 10,000 small \
      sessions, then times the real commands as processes, from spawn to exit: `cairn \
      session resume` of each session (with its peak RSS from wait4), `cairn session \
      replay --verify` of the largest, `cairn session list` of the 10,000, and `cairn \
      --version` as the start-up reference. Reports medians.
      """
  )

  @Flag(help: "Print the report as a JSON object.")
  var json = false

  @Option(help: "Keep the generated homes in this directory and reuse them on later runs.")
  var dir: String?

  @Option(help: "Measured runs of each command (the report gives the median).")
  var repetitions: Int = 11

  func validate() throws {
    guard repetitions >= 1 else { throw ValidationError("--repetitions must be at least 1") }
  }

  func run() throws {
    let report = try ResumeBenchmark.run(
      ResumeBenchmark.Options(directory: dir, repetitions: repetitions)
    ) { message in
      StandardError.write("bench: \(message)\n")
    }
    printBenchReport(figures: report.figures, budgets: report.budgets, json: json)
  }
}

/// The hidden worker that makes the fixtures of `cairn bench resume` in its own process.
struct BenchResumeWorkerCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "resume-worker",
    abstract: "Make or check one fixture of `cairn bench resume`.", shouldDisplay: false)

  @Argument var task: String
  @Argument var home: String
  @Option var id: String = ""
  @Option var events: Int = 0
  @Option var toolChunkBytes: Int = 2048
  @Option var seed: UInt64 = 1
  @Option var sessions: Int = 0

  func run() throws {
    guard let which = ResumeBenchmarkWorker.Task(rawValue: task) else {
      throw ValidationError("unknown task \(task)")
    }
    let progress = { (message: String) in StandardError.write("bench: \(message)\n") }
    let figures: [(String, Double)]
    switch which {
    case .session:
      figures = try ResumeBenchmarkWorker.ensureSession(
        home: home, sessionID: id, events: events, toolChunkBytesMean: toolChunkBytes,
        seed: seed, progress: progress)
    case .list:
      figures = try ResumeBenchmarkWorker.ensureListHome(
        home: home, sessions: sessions, progress: progress)
    }
    for (name, value) in figures { print("\(name) \(value)") }
  }
}
