#if canImport(Glibc)
  import Glibc
#endif

/// `cairn bench rollout`: issue 4's rollout budgets. `cairn session summarize` and
/// `cairn import codex` of a seeded ~500 MB rollout shaped like Codex 0.147's, each run as
/// a process of its own (wall time from spawn to exit, peak RSS from wait4; the import
/// into a fresh Cairn home each round), against two references over the same file in the
/// same run: `wc -l` and a raw read(2) loop with the reader's window size.
/// docs/BENCHMARKS.md describes the method and the figures.
public enum RolloutBenchmark {
  static let seed: UInt64 = 17
  static let rolloutBytesMin: UInt64 = 500_000_000
  static let throughputBudgetBytesPerSecond = 200_000_000.0
  static let peakResidentBudgetBytes = 64.0 * 1024 * 1024

  public struct Options: Sendable {
    public var directory: String?
    public var repetitions: Int
    public var megabytes: UInt64

    public init(directory: String? = nil, repetitions: Int = 5, megabytes: UInt64 = 500) {
      self.directory = directory
      self.repetitions = repetitions
      self.megabytes = megabytes
    }
  }

  public struct Report: Sendable {
    public var figures: [(String, Double)]
    public var budgets: [(name: String, met: Bool, text: String)]
  }

  public static func run(
    _ options: Options, progress: @escaping (String) -> Void
  ) throws -> Report {
    let directory = options.directory ?? BenchFiles.temporaryBase() + "/cairn-bench-\(getpid())"
    try BenchFiles.makeDirectory(directory)
    let bytesMin = options.megabytes * 1_000_000
    let path = directory + "/rollout-\(options.megabytes)mb-seed\(seed).jsonl"
    var info = stat()
    var generated = 0.0
    if stat(path, &info) != 0 || UInt64(info.st_size) < bytesMin {
      progress("generating a rollout of \(options.megabytes) MB at \(path)")
      _ = try RolloutFixture.write(path: path, bytesMin: bytesMin, seed: seed)
      generated = 1
      _ = stat(path, &info)
    }
    let fileBytes = Double(info.st_size)
    let summarize = ["session", "summarize", path, "--json"]
    let read = ["bench", "rollout-read", path]
    let wc = "/usr/bin/wc"
    // Warm-up: every measured run finds the file in the page cache.
    let first = try ChildProcess.runSelfMeasured(summarize)
    guard JSONFields.number("malformed_lines", in: first.output) == 0,
      let records = JSONFields.number("records", in: first.output), records > 0
    else {
      throw BenchmarkError.unexpectedFixture(
        "summarize of the generated rollout: \(String(first.text.prefix(300)))")
    }
    var summarizeRuns = ProcessSamples()
    var readRuns = ProcessSamples()
    var wcRuns = ProcessSamples()
    var importRuns = ProcessSamples()
    var importedBytes = 0.0
    let ownPeakBytes = Double(BenchClock.peakResidentBytes())
    for round in 1...options.repetitions {
      progress("summarize, import, raw read and wc -l, round \(round) of \(options.repetitions)")
      try summarizeRuns.add(ChildProcess.runSelfMeasured(summarize), keys: ["records", "turns"])
      let importHome = directory + "/import-home"
      BenchFiles.removeTree(importHome)
      let imported = try ChildProcess.runSelfMeasured([
        "import", "codex", path, "--home", importHome, "--json",
      ])
      guard JSONFields.number("malformed", in: imported.output) == 0,
        let events = JSONFields.number("events_appended", in: imported.output), events > 0
      else {
        throw BenchmarkError.unexpectedFixture(
          "import of the generated rollout: \(String(imported.text.prefix(300)))")
      }
      try importRuns.add(imported, keys: ["events_appended"])
      importedBytes = BenchFiles.treeBytes(importHome)
      BenchFiles.removeTree(importHome)
      try readRuns.add(ChildProcess.runSelfMeasured(read))
      let counted = try ChildProcess.run(executable: wc, ["-l", path])
      guard counted.exitCode == 0 else {
        throw BenchmarkError.workerFailed(arguments: "wc -l \(path)", status: counted.exitCode)
      }
      try wcRuns.add(counted)
    }
    if options.directory == nil { BenchFiles.removeTree(directory) }
    func rate(_ samples: ProcessSamples) -> Double {
      let seconds = samples.medianWallMilliseconds / 1000
      return seconds > 0 ? fileBytes / seconds : 0
    }
    let throughput = rate(summarizeRuns)
    let peak = summarizeRuns.maxPeakResidentBytes
    let importThroughput = rate(importRuns)
    let importPeak = importRuns.maxPeakResidentBytes
    let figures: [(String, Double)] = [
      ("summarize_bytes_per_second", throughput),
      ("summarize_ms", summarizeRuns.medianWallMilliseconds),
      ("summarize_cpu_ms", summarizeRuns.medianCPUMilliseconds),
      ("summarize_peak_rss_bytes", peak),
      ("import_mb_per_second", importThroughput / 1_000_000),
      ("import_bytes_per_second", importThroughput),
      ("import_ms", importRuns.medianWallMilliseconds),
      ("import_cpu_ms", importRuns.medianCPUMilliseconds),
      ("import_peak_rss_bytes", importPeak),
      ("import_events_appended", importRuns.median("events_appended")),
      ("import_session_bytes", importedBytes),
      ("raw_read_bytes_per_second", rate(readRuns)),
      ("raw_read_ms", readRuns.medianWallMilliseconds),
      ("raw_read_peak_rss_bytes", readRuns.maxPeakResidentBytes),
      ("wc_l_bytes_per_second", rate(wcRuns)),
      ("wc_l_ms", wcRuns.medianWallMilliseconds),
      ("summarize_fraction_of_wc_l", rate(wcRuns) > 0 ? throughput / rate(wcRuns) : 0),
      ("rollout_bytes", fileBytes),
      ("rollout_lines", summarizeRuns.median("records")),
      ("rollout_turns", summarizeRuns.median("turns")),
      ("rollout_generated", generated),
      ("bench_process_peak_rss_bytes", ownPeakBytes),
      ("repetitions", Double(options.repetitions)),
    ]
    let budgets: [(String, Bool, String)] = [
      (
        "summarize_bytes_per_second", throughput >= throughputBudgetBytesPerSecond,
        "session summarize of a \(options.megabytes) MB rollout >= 200 MB/s (process wall time)"
      ),
      (
        "summarize_peak_rss_bytes", peak <= peakResidentBudgetBytes,
        "session summarize peak RSS <= 64 MB"
      ),
      (
        "import_mb_per_second", importThroughput >= throughputBudgetBytesPerSecond,
        "import codex of a \(options.megabytes) MB rollout >= 200 MB/s (process wall time)"
      ),
      (
        "import_peak_rss_bytes", importPeak <= peakResidentBudgetBytes,
        "import codex peak RSS <= 64 MB"
      ),
    ]
    return Report(figures: figures, budgets: budgets.map { ($0.0, $0.1, $0.2) })
  }

  /// The raw-read reference: read(2) of the whole file in 256 KiB chunks, nothing else.
  public static func rawRead(path: String) throws -> [(String, Double)] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw BenchmarkError.system("open \(path)", errno) }
    defer { close(descriptor) }
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: 256 * 1024, alignment: 64)
    defer { buffer.deallocate() }
    var total: UInt64 = 0
    while true {
      let got = read(descriptor, buffer, 256 * 1024)
      if got > 0 {
        total += UInt64(got)
      } else if got == 0 {
        break
      } else if errno != EINTR {
        throw BenchmarkError.system("read \(path)", errno)
      }
    }
    return [("bytes", Double(total))]
  }
}
