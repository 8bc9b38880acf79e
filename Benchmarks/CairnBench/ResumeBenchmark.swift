#if canImport(Glibc)
  import Glibc
#endif

/// `cairn bench resume`: issue 3's session budgets, each measured on the real `cairn`
/// binary as a process of its own, timed from before its spawn to its exit, against the
/// start-up of `cairn --version` and the 10,000-event resume in the same run.
/// docs/BENCHMARKS.md describes the method and the figures.
public enum ResumeBenchmark {
  /// The length of the session the budgets name.
  public static let largestEvents = 1_000_000
  /// The lengths of the resumed sessions: the smallest is the reference for flatness.
  public static let sessionEvents = [10_000, 100_000, largestEvents]
  /// The sessions in the home that `cairn session list` lists.
  public static let listSessions = 10_000
  /// The mean tool-output chunk of every generated session: about 1,190 raw bytes per
  /// event, so that the largest session holds more than a gigabyte of event payload.
  static let toolChunkBytesMean = 5_500
  static let largestPayloadBytesMin = 1_000_000_000.0
  static let seed: UInt64 = 11

  public struct Options: Sendable {
    /// Where the generated homes live; reused across runs, with only what is missing made.
    public var directory: String?
    /// Runs of each measured command (after one unmeasured warm-up); the report gives
    /// medians, and the highest peak RSS.
    public var repetitions: Int

    public init(directory: String? = nil, repetitions: Int = 11) {
      self.directory = directory
      self.repetitions = repetitions
    }
  }

  /// The figures, in the order they are reported, and the budgets.
  public struct Report: Sendable {
    public var figures: [(String, Double)]
    public var budgets: [(name: String, met: Bool, text: String)]
  }

  public static func run(
    _ options: Options, progress: @escaping (String) -> Void
  ) throws -> Report {
    let directory = options.directory ?? BenchFiles.temporaryBase() + "/cairn-bench-\(getpid())"
    try BenchFiles.makeDirectory(directory)
    let homes = Homes(directory: directory)
    var sessions: [Int: [String: Double]] = [:]
    for events in sessionEvents {
      progress("session of \(events) events: checking, generating if missing")
      sessions[events] = try ChildProcess.runSelfFigures([
        "bench", "resume-worker", ResumeBenchmarkWorker.Task.session.rawValue, homes.resume,
        "--id", sessionID(events), "--events", String(events), "--tool-chunk-bytes",
        String(toolChunkBytesMean), "--seed", String(seed),
      ])
    }
    let largestPayload = sessions[largestEvents]?["payload_bytes"] ?? 0
    guard largestPayload >= largestPayloadBytesMin else {
      throw BenchmarkError.unexpectedFixture(
        "the \(largestEvents)-event session holds \(largestPayload) payload bytes, under 1 GB")
    }
    progress("home of \(listSessions) sessions: checking, creating what is missing")
    let listHome = try ChildProcess.runSelfFigures([
      "bench", "resume-worker", ResumeBenchmarkWorker.Task.list.rawValue, homes.list,
      "--sessions", String(listSessions),
    ])
    guard listHome["sessions"] == Double(listSessions) else {
      throw BenchmarkError.unexpectedFixture(
        "the list home's catalog has \(listHome["sessions"] ?? 0) sessions")
    }

    // Measured before any output is collected: every child's ru_maxrss includes this.
    let ownPeakBytes = Double(BenchClock.peakResidentBytes())
    let loadAverage = loadAverageOneMinute()
    let measured = try measure(homes: homes, repetitions: options.repetitions, progress: progress)
    if options.directory == nil { BenchFiles.removeTree(directory) }
    return report(
      measured, sessions: sessions,
      context: [
        ("bench_process_peak_rss_bytes", ownPeakBytes), ("load_average_1m", loadAverage),
        ("repetitions", Double(options.repetitions)),
      ])
  }

  struct Homes {
    var directory: String
    var resume: String { directory + "/resume-home" }
    var list: String { directory + "/list-home" }
  }

  struct Measured {
    var start = ProcessSamples()
    var resumes: [Int: ProcessSamples] = [:]
    var replay = ProcessSamples()
    /// Raw LZ4 over the replayed session's blocks, one thread, before each replay.
    var replayLZ4ReferenceMilliseconds: [Double] = []
    var list = ProcessSamples()
  }

  static func sessionID(_ events: Int) -> String { "resume-\(events)" }

  private static func measure(
    homes: Homes, repetitions: Int, progress: @escaping (String) -> Void
  ) throws -> Measured {
    var measured = Measured()
    try measureStartAndResumes(homes, repetitions, progress, into: &measured)
    try measureReplay(homes, repetitions, progress, into: &measured)
    // The listing comes last: its output, a few megabytes, raises this process's peak,
    // which the ru_maxrss of every later child would include.
    try measureList(homes, repetitions, progress, into: &measured)
    return measured
  }

  private static func measureStartAndResumes(
    _ homes: Homes, _ repetitions: Int, _ progress: (String) -> Void,
    into measured: inout Measured
  ) throws {
    let version = ["--version"]
    func resume(_ events: Int) -> [String] {
      ["session", "resume", "--home", homes.resume, sessionID(events), "--json"]
    }
    // One unmeasured run of each first, so that every measured run finds the binary and
    // the checkpoints in the page cache.
    _ = try ChildProcess.runSelfMeasured(version)
    for events in sessionEvents { _ = try ChildProcess.runSelfMeasured(resume(events)) }
    // Rounds interleave the commands, so that a change in the machine's load touches
    // all of them alike.
    for round in 1...repetitions {
      progress("start-up and resumes, round \(round) of \(repetitions)")
      try measured.start.add(ChildProcess.runSelfMeasured(version))
      for events in sessionEvents {
        try measured.resumes[events, default: ProcessSamples()].add(
          ChildProcess.runSelfMeasured(resume(events)), keys: ["resume_ms", "events_replayed"])
      }
    }
  }

  private static func measureReplay(
    _ homes: Homes, _ repetitions: Int, _ progress: (String) -> Void,
    into measured: inout Measured
  ) throws {
    let replay = [
      "session", "replay", "--home", homes.resume, sessionID(largestEvents), "--verify",
      "--json",
    ]
    let sessionDirectory = homes.resume + "/sessions/" + sessionID(largestEvents)
    for round in 1...repetitions {
      progress("replay --verify of \(largestEvents) events, round \(round) of \(repetitions)")
      // The reference, right before each replay: one thread decompressing the same blocks
      // with raw LZ4 and nothing else. It also reads every segment into the page cache,
      // which this machine's memory reclaim empties of files idle for a few seconds: the
      // replay is then measured on cached files, as Codex's resume was.
      let reference = try ChildProcess.runSelfFigures([
        "bench", "log-worker", LogBenchmarkWorker.Measure.lz4.rawValue, sessionDirectory,
        "--records", "0",
      ])
      measured.replayLZ4ReferenceMilliseconds.append((reference["seconds"] ?? 0) * 1000)
      let run = try ChildProcess.runSelfMeasured(replay)
      guard run.text.contains("\"mismatches\":[]") else {
        throw BenchmarkError.unexpectedFixture("replay --verify reported mismatches")
      }
      try measured.replay.add(
        run, keys: ["events_replayed", "events_per_second", "checkpoints_verified"])
    }
  }

  private static func measureList(
    _ homes: Homes, _ repetitions: Int, _ progress: (String) -> Void,
    into measured: inout Measured
  ) throws {
    let list = ["session", "list", "--home", homes.list, "--json"]
    _ = try ChildProcess.runSelfMeasured(list)
    for round in 1...repetitions {
      progress("session list, round \(round) of \(repetitions)")
      let run = try ChildProcess.runSelfMeasured(list)
      let printed = JSONFields.count(of: "session_id", in: run.output)
      guard printed == listSessions else {
        throw BenchmarkError.unexpectedFixture("session list printed \(printed) sessions")
      }
      try measured.list.add(run)
    }
  }

  private static func report(
    _ measured: Measured, sessions: [Int: [String: Double]],
    context: [(String, Double)]
  ) -> Report {
    let smallest = sessionEvents[0]
    let largest = largestEvents
    let startMilliseconds = measured.start.medianWallMilliseconds
    var figures: [(String, Double)] = [
      ("process_start_ms", startMilliseconds),
      ("process_start_cpu_ms", measured.start.medianCPUMilliseconds),
      ("process_start_peak_rss_bytes", measured.start.maxPeakResidentBytes),
    ]
    for events in sessionEvents {
      let samples = measured.resumes[events] ?? ProcessSamples()
      figures += [
        ("resume_ms_\(events)", samples.medianWallMilliseconds),
        ("resume_cpu_ms_\(events)", samples.medianCPUMilliseconds),
        ("resume_in_process_ms_\(events)", samples.median("resume_ms")),
        ("resume_peak_rss_bytes_\(events)", samples.maxPeakResidentBytes),
        ("resume_events_replayed_\(events)", samples.median("events_replayed")),
      ]
    }
    let resumeSmallest = measured.resumes[smallest]?.medianWallMilliseconds ?? 0
    let resumeLargest = measured.resumes[largest]?.medianWallMilliseconds ?? 0
    let rssLargest = measured.resumes[largest]?.maxPeakResidentBytes ?? 0
    let replaySeconds = measured.replay.medianWallMilliseconds / 1000
    let replayEvents = measured.replay.median("events_replayed")
    let replayRate = replaySeconds > 0 ? replayEvents / replaySeconds : 0
    let listMilliseconds = measured.list.medianWallMilliseconds
    let replayReference = Statistics.median(measured.replayLZ4ReferenceMilliseconds)
    figures += [
      (
        "resume_ratio_\(largest)_to_\(smallest)",
        resumeSmallest > 0 ? resumeLargest / resumeSmallest : 0
      ),
      ("replay_events_per_second", replayRate),
      ("replay_events_per_second_in_process", measured.replay.median("events_per_second")),
      ("replay_ms", measured.replay.medianWallMilliseconds),
      ("replay_cpu_ms", measured.replay.medianCPUMilliseconds),
      ("replay_lz4_reference_ms", replayReference),
      (
        "replay_ms_to_lz4_reference",
        replayReference > 0 ? measured.replay.medianWallMilliseconds / replayReference : 0
      ),
      ("replay_events", replayEvents),
      ("replay_checkpoints_verified", measured.replay.median("checkpoints_verified")),
      ("replay_peak_rss_bytes", measured.replay.maxPeakResidentBytes),
      ("list_\(listSessions)_ms", listMilliseconds),
      ("list_\(listSessions)_cpu_ms", measured.list.medianCPUMilliseconds),
      ("list_\(listSessions)_peak_rss_bytes", measured.list.maxPeakResidentBytes),
    ]
    for events in sessionEvents {
      let session = sessions[events] ?? [:]
      figures += [
        ("session_events_\(events)", session["records"] ?? 0),
        ("session_payload_bytes_\(events)", session["payload_bytes"] ?? 0),
        ("session_stored_bytes_\(events)", session["stored_bytes"] ?? 0),
        ("session_checkpoints_\(events)", session["checkpoints"] ?? 0),
      ]
    }
    figures += context
    let budgets: [(String, Bool, String)] = [
      (
        "resume_ms_\(largest)", resumeLargest <= 25,
        "resume of 1,000,000 events, from process start to exit <= 25 ms"
      ),
      (
        "resume_ratio_\(largest)_to_\(smallest)", resumeLargest <= 1.5 * resumeSmallest,
        "resume of 1,000,000 events <= 1.5x the 10,000-event resume (flat in length)"
      ),
      (
        "resume_peak_rss_bytes_\(largest)", rssLargest <= 64 * 1024 * 1024,
        "resume peak RSS <= 64 MB"
      ),
      (
        "replay_events_per_second", replayRate >= 800_000,
        "replay --verify of 1,000,000 events >= 800,000 events/s (process wall time)"
      ),
      (
        "list_\(listSessions)_ms", listMilliseconds <= 100,
        "session list over 10,000 sessions <= 100 ms"
      ),
    ]
    return Report(figures: figures, budgets: budgets.map { ($0.0, $0.1, $0.2) })
  }

  /// The machine's one-minute load average, reported so that a loaded machine shows.
  private static func loadAverageOneMinute() -> Double {
    let descriptor = open("/proc/loadavg", O_RDONLY)
    guard descriptor >= 0 else { return -1 }
    defer { close(descriptor) }
    var bytes = [UInt8](repeating: 0, count: 128)
    let got = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
    guard got > 0 else { return -1 }
    let first = bytes[0..<got].prefix { $0 != UInt8(ascii: " ") }
    return Double(String(decoding: first, as: UTF8.self)) ?? -1
  }
}
