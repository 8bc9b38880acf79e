#if canImport(Glibc)
  import Glibc
#endif

/// Runs this executable again with other arguments and collects its standard output:
/// each measurement gets a process of its own. Plain posix_spawn and wait4, so the
/// benchmark binary does not load Foundation, whose start-up cost and memory would blur
/// the figures, and so the kernel's own accounting gives each child's peak memory.
enum ChildProcess {
  /// What a finished child printed and what it cost, from before the spawn to its reaping.
  struct Finished {
    var output: [UInt8]
    var exitCode: Int32
    /// Wall-clock time from just before `posix_spawn` to just after `wait4` returned.
    var wallNanoseconds: UInt64
    /// User plus system CPU time of the child (wait4's rusage).
    var cpuNanoseconds: UInt64
    /// The child's resident-set high-water mark (wait4's ru_maxrss is KiB).
    var peakResidentBytes: UInt64

    var text: String { String(decoding: output, as: UTF8.self) }
    var wallMilliseconds: Double { Double(wallNanoseconds) / 1e6 }
    var cpuMilliseconds: Double { Double(cpuNanoseconds) / 1e6 }
  }

  /// Runs this executable with `arguments` and returns its standard output; a non-zero
  /// exit is an error.
  static func runSelf(_ arguments: [String]) throws -> String {
    try runSelfMeasured(arguments).text
  }

  /// Runs a hidden worker subcommand and parses the `name value` lines it prints.
  static func runSelfFigures(_ arguments: [String]) throws -> [String: Double] {
    var figures: [String: Double] = [:]
    for line in try runSelf(arguments).split(separator: "\n") {
      let parts = line.split(separator: " ")
      guard parts.count == 2, let value = Double(parts[1]) else {
        throw BenchmarkError.malformedWorkerOutput(String(line))
      }
      figures[String(parts[0])] = value
    }
    return figures
  }

  /// Runs this executable with `arguments`, timed and measured; a non-zero exit is an error.
  static func runSelfMeasured(_ arguments: [String]) throws -> Finished {
    let finished = try run(executable: try selfExecutablePath(), arguments)
    guard finished.exitCode == 0 else {
      throw BenchmarkError.workerFailed(
        arguments: arguments.joined(separator: " "), status: finished.exitCode)
    }
    return finished
  }

  /// Spawns `executable` with standard output on a pipe (standard error inherited), reads
  /// the pipe to its end and reaps the child with `wait4`.
  static func run(executable: String, _ arguments: [String]) throws -> Finished {
    var pipeEnds: [Int32] = [0, 0]
    guard pipe(&pipeEnds) == 0 else { throw BenchmarkError.system("pipe", errno) }
    defer { close(pipeEnds[0]) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
    posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
    let argv = ([executable] + arguments).map { strdup($0) }
    defer { argv.forEach { free($0) } }
    var output: [UInt8] = []
    output.reserveCapacity(1 << 16)
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    var pid: pid_t = 0
    let start = BenchClock.nowNanoseconds()
    let spawned = (argv + [nil]).withUnsafeBufferPointer { pointers in
      posix_spawn(
        &pid, executable, &actions, nil,
        UnsafeMutablePointer(mutating: pointers.baseAddress!), environ)
    }
    close(pipeEnds[1])
    guard spawned == 0 else { throw BenchmarkError.system("posix_spawn \(executable)", spawned) }
    while true {
      let got = buffer.withUnsafeMutableBytes { read(pipeEnds[0], $0.baseAddress!, $0.count) }
      if got > 0 {
        output.append(contentsOf: buffer[0..<got])
      } else if got == 0 || errno != EINTR {
        break
      }
    }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let end = BenchClock.nowNanoseconds()
    let exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    func nanoseconds(_ time: timeval) -> UInt64 {
      UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_usec) * 1000
    }
    return Finished(
      output: output, exitCode: exitCode, wallNanoseconds: end - start,
      cpuNanoseconds: nanoseconds(usage.ru_utime) + nanoseconds(usage.ru_stime),
      peakResidentBytes: UInt64(usage.ru_maxrss) * 1024)
  }

  static func selfExecutablePath() throws -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard length > 0 else { throw BenchmarkError.system("readlink /proc/self/exe", errno) }
    return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}

enum BenchmarkError: Error, CustomStringConvertible {
  case workerFailed(arguments: String, status: Int32)
  case malformedWorkerOutput(String)
  case system(String, Int32)
  /// A generated fixture is not what the benchmark needs (too small, or a replay that
  /// disagreed with its checkpoints).
  case unexpectedFixture(String)

  var description: String {
    switch self {
    case .workerFailed(let arguments, let status):
      return "benchmark worker `cairn \(arguments)` exited with status \(status)"
    case .malformedWorkerOutput(let line):
      return "benchmark worker printed an unexpected line: \(line)"
    case .system(let operation, let code):
      return "\(operation) failed: \(String(cString: strerror(code)))"
    case .unexpectedFixture(let problem):
      return "benchmark fixture: \(problem)"
    }
  }
}
