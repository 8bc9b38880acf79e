#if canImport(Glibc)
  import Glibc
#endif

/// `cairn bench list`: issue 4's listing budget. `cairn resume --all --json` over 2,000
/// seeded Codex rollouts and 2,000 native sessions, run as a process of its own (spawn to
/// exit, peak RSS from wait4): cold (no Codex index cache, so every rollout's head is
/// read) and warm (the cache is in step, so only directories and file status are read).
/// docs/BENCHMARKS.md describes the method and the figures.
public enum ListBenchmark {
  static let seed: UInt64 = 23
  static let warmBudgetMilliseconds = 100.0

  public struct Options: Sendable {
    public var directory: String?
    public var repetitions: Int
    public var codexSessions: Int
    public var nativeSessions: Int

    public init(
      directory: String? = nil, repetitions: Int = 7, codexSessions: Int = 2000,
      nativeSessions: Int = 2000
    ) {
      self.directory = directory
      self.repetitions = repetitions
      self.codexSessions = codexSessions
      self.nativeSessions = nativeSessions
    }
  }

  public static func run(_ options: Options, progress: @escaping (String) -> Void) throws
    -> RolloutBenchmark.Report
  {
    let directory = options.directory ?? BenchFiles.temporaryBase() + "/cairn-bench-\(getpid())"
    try ListFixture.makeDirectories(directory)
    let name = "c\(options.codexSessions)-n\(options.nativeSessions)-seed\(seed)"
    let codexHome = directory + "/codex-" + name
    let cairnHome = directory + "/cairn-" + name
    var generated = 0.0
    if !BenchFiles.exists(codexHome + "/sessions") || !BenchFiles.exists(cairnHome + "/catalog.bin")
    {
      BenchFiles.removeTree(codexHome)
      BenchFiles.removeTree(cairnHome)
      progress("generating \(options.codexSessions) Codex rollouts at \(codexHome)")
      try ListFixture.writeCodexHome(codexHome, count: options.codexSessions, seed: seed)
      progress("creating \(options.nativeSessions) native sessions at \(cairnHome)")
      try ListFixture.writeCairnHome(cairnHome, count: options.nativeSessions, seed: seed)
      generated = 1
    }
    let list = ["resume", "--all", "--json", "--home", cairnHome, "--codex-home", codexHome]
    let expected = options.codexSessions + options.nativeSessions
    func checked(_ run: ChildProcess.Finished) throws -> ChildProcess.Finished {
      let listed = count(of: Array("\"kind\":".utf8), in: run.output)
      guard listed == expected else {
        throw BenchmarkError.unexpectedFixture("listed \(listed) sessions, expected \(expected)")
      }
      return run
    }
    var cold = ProcessSamples()
    var warm = ProcessSamples()
    for round in 1...options.repetitions {
      progress("cold and warm listing, round \(round) of \(options.repetitions)")
      BenchFiles.removeTree(cairnHome + "/codex")
      try cold.add(checked(ChildProcess.runSelfMeasured(list)))
      try warm.add(checked(ChildProcess.runSelfMeasured(list)))
    }
    let output = try ChildProcess.runSelfMeasured(list).output
    if options.directory == nil { BenchFiles.removeTree(directory) }
    let warmMilliseconds = warm.medianWallMilliseconds
    let figures: [(String, Double)] = [
      ("list_warm_ms", warmMilliseconds),
      ("list_warm_cpu_ms", warm.medianCPUMilliseconds),
      ("list_warm_peak_rss_bytes", warm.maxPeakResidentBytes),
      ("list_cold_ms", cold.medianWallMilliseconds),
      ("list_cold_cpu_ms", cold.medianCPUMilliseconds),
      ("list_cold_peak_rss_bytes", cold.maxPeakResidentBytes),
      ("sessions_listed", Double(expected)),
      ("codex_sessions", Double(options.codexSessions)),
      ("native_sessions", Double(options.nativeSessions)),
      ("output_bytes", Double(output.count)),
      ("fixture_generated", generated),
      ("repetitions", Double(options.repetitions)),
    ]
    let budgets: [(name: String, met: Bool, text: String)] = [
      (
        "list_warm_ms", warmMilliseconds <= warmBudgetMilliseconds,
        "resume --all --json of \(options.codexSessions) Codex + \(options.nativeSessions) "
          + "native sessions <= 100 ms warm (process wall time)"
      )
    ]
    return RolloutBenchmark.Report(figures: figures, budgets: budgets)
  }

  static func count(of needle: [UInt8], in haystack: [UInt8]) -> Int {
    guard !needle.isEmpty, haystack.count >= needle.count else { return 0 }
    var found = 0
    var index = 0
    let last = haystack.count - needle.count
    while index <= last {
      if haystack[index] == needle[0] && Array(haystack[index..<index + needle.count]) == needle {
        found += 1
        index += needle.count
      } else {
        index += 1
      }
    }
    return found
  }
}
