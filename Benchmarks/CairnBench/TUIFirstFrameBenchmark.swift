#if canImport(Glibc)
  import Glibc
#endif

/// The first frame of the terminal UI on a huge session: `cairn resume ID` in a real
/// pseudo-terminal, timed from just before the spawn to the end of the first synchronized
/// update that shows the composer. The benchmark answers the terminal queries Cairn sends
/// at start (cursor position, device attributes) as a terminal would, at once. References
/// in the same run: the same on a small session, and `cairn --version` from spawn to exit.
public enum TUIFirstFrameBenchmark {
  public static let budgetMilliseconds = 50.0

  public struct Options: Sendable {
    public var directory: String?
    public var runs: Int
    public var events: Int

    public init(directory: String? = nil, runs: Int = 11, events: Int = 1_000_000) {
      self.directory = directory
      self.runs = runs
      self.events = events
    }
  }

  public struct Report: Sendable {
    public var figures: [(String, Double)]
    public var budgets: [(name: String, met: Bool, text: String)]
  }

  static let smallEvents = 100

  public static func run(_ options: Options, progress: @escaping (String) -> Void) throws -> Report
  {
    let directory = options.directory ?? BenchFiles.temporaryBase() + "/cairn-bench-tui-\(getpid())"
    try BenchFiles.makeDirectory(directory)
    let home = directory + "/resume-home"
    for events in [smallEvents, options.events] {
      progress("session of \(events) events: checking, generating if missing")
      _ = try ChildProcess.runSelfFigures([
        "bench", "resume-worker", ResumeBenchmarkWorker.Task.session.rawValue, home,
        "--id", ResumeBenchmark.sessionID(events), "--events", String(events),
        "--tool-chunk-bytes", String(ResumeBenchmark.toolChunkBytesMean),
        "--seed", String(ResumeBenchmark.seed),
      ])
    }
    // A Codex home of its own: no user config, a provider that is never called.
    let codexHome = directory + "/codex-home"
    try BenchFiles.makeDirectory(codexHome)
    try writeFile(
      Array(
        """
        model = "gpt-5.5"
        model_provider = "bench"
        [model_providers.bench]
        name = "bench"
        base_url = "http://127.0.0.1:9/v1"
        wire_api = "responses"
        """.utf8), to: codexHome + "/config.toml")
    let environment = [
      "PATH": "/usr/bin:/bin", "HOME": directory, "CODEX_HOME": codexHome, "TERM": "xterm-256color",
      "LANG": "C.UTF-8", "CAIRN_HOME": home,
    ]
    let executable = try ChildProcess.selfExecutablePath()
    func resume(_ events: Int) throws -> Double {
      try firstFrameMilliseconds(
        [executable, "resume", ResumeBenchmark.sessionID(events)], environment: environment)
    }
    // Warm-up: the binary and the checkpoints in the page cache.
    _ = try resume(smallEvents)
    _ = try resume(options.events)
    var large: [Double] = []
    var small: [Double] = []
    var version: [Double] = []
    for round in 1...options.runs {
      progress("round \(round) of \(options.runs)")
      large.append(try resume(options.events))
      small.append(try resume(smallEvents))
      version.append(try ChildProcess.runSelfMeasured(["--version"]).wallMilliseconds)
    }
    if options.directory == nil { BenchFiles.removeTree(directory) }
    let largeMedian = median(large)
    return Report(
      figures: [
        ("first_frame_ms_\(options.events)_events_median", largeMedian),
        ("first_frame_ms_\(options.events)_events_p90", percentile(large, 0.9)),
        ("first_frame_ms_\(smallEvents)_events_median", median(small)),
        ("version_spawn_to_exit_ms_median", median(version)),
        ("runs", Double(options.runs)),
      ],
      budgets: [
        (
          name: "first_frame_1m_events", met: largeMedian <= budgetMilliseconds,
          text:
            "first frame of a \(options.events)-event session median \(rounded(largeMedian)) ms ≤ \(budgetMilliseconds) ms"
        )
      ])
  }

  /// One run: spawn in a 120×40 terminal, answer the queries, wait for the first frame with
  /// the composer, then Ctrl+C and the exit. The terminal is a plain pseudo-terminal pair
  /// read here directly (no reader thread between the child and the clock).
  static func firstFrameMilliseconds(
    _ arguments: [String], environment: [String: String]
  ) throws -> Double {
    // /dev/ptmx and two ioctls: posix_openpt, unlockpt and ptsname are hidden from Swift's
    // Glibc module. TIOCSPTLCK 0 unlocks the slave; TIOCGPTN names it.
    let master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
    var unlock: Int32 = 0
    var number: UInt32 = 0
    guard master >= 0, ioctl(master, 0x4004_5431, &unlock) == 0,
      ioctl(master, 0x8004_5430, &number) == 0
    else { throw BenchmarkError.system("open /dev/ptmx", errno) }
    defer { close(master) }
    let slavePath = "/dev/pts/\(number)"
    var window = winsize(ws_row: 40, ws_col: 120, ws_xpixel: 0, ws_ypixel: 0)
    _ = ioctl(master, UInt(TIOCSWINSZ), &window)
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    // After setsid, the first terminal the session leader opens becomes its controlling one.
    posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
    posix_spawn_file_actions_adddup2(&actions, 0, 1)
    posix_spawn_file_actions_adddup2(&actions, 0, 2)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    // POSIX_SPAWN_SETSID (glibc 2.26), hidden from Swift like the other GNU flags.
    posix_spawnattr_setflags(&attributes, 0x80)
    let argv = arguments.map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for pointer in argv { free(pointer) }
      for pointer in envp { free(pointer) }
    }
    var pid: pid_t = 0
    let started = monotonicNanoseconds()
    let spawned = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
    guard spawned == 0 else { throw BenchmarkError.system("posix_spawn", spawned) }
    var seen: [UInt8] = []
    var answered = Set<String>()
    var elapsed: UInt64?
    let composer = Array("›".utf8)
    let frameEnd = Array("\u{1B}[?2026l".utf8)
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while elapsed == nil {
      var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
      guard poll(&descriptor, 1, 10_000) > 0 else {
        kill(pid, SIGKILL)
        throw BenchmarkError.unexpectedFixture(
          "cairn showed no first frame in 10 s: \(String(decoding: seen.suffix(400), as: UTF8.self))"
        )
      }
      let count = read(master, &buffer, buffer.count)
      let now = monotonicNanoseconds()
      guard count > 0 else {
        throw BenchmarkError.unexpectedFixture(
          "cairn ended before its first frame: \(String(decoding: seen.suffix(400), as: UTF8.self))"
        )
      }
      seen += buffer[0..<count]
      for (query, reply) in [("\u{1B}[6n", "\u{1B}[1;1R"), ("\u{1B}[c", "\u{1B}[?62;22c")]
      where !answered.contains(query) && contains(seen, Array(query.utf8)) {
        answered.insert(query)
        _ = Array(reply.utf8).withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
      }
      if let composerAt = firstIndex(of: composer, in: seen),
        firstIndex(of: frameEnd, in: Array(seen[composerAt...])) != nil
      {
        elapsed = now - started
      }
    }
    // Ctrl+C twice: the first clears a composer the session left with text in it, the
    // second (or the first, on an empty composer) quits.
    var controlC: [UInt8] = [0x03]
    _ = write(master, &controlC, 1)
    _ = write(master, &controlC, 1)
    // Drain until the child closes the terminal, then reap it.
    while true {
      var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
      guard poll(&descriptor, 1, 10_000) > 0, read(master, &buffer, buffer.count) > 0 else { break }
    }
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    return Double(elapsed ?? 0) / 1e6
  }

  static func writeFile(_ bytes: [UInt8], to path: String) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard fd >= 0 else { throw BenchmarkError.system("open \(path)", errno) }
    defer { close(fd) }
    guard bytes.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == bytes.count else {
      throw BenchmarkError.system("write \(path)", errno)
    }
  }

  static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    firstIndex(of: needle, in: haystack) != nil
  }

  static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
    for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
      if Array(haystack[start..<start + needle.count]) == needle { return start }
    }
    return nil
  }

  static func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted.count % 2 == 1
      ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
  }

  static func percentile(_ values: [Double], _ fraction: Double) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))]
  }

  static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

  static func monotonicNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
  }
}
