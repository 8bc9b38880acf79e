import CairnServer
import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// `cairn bench exec`: spawns `cairn exec` (this executable) and, when asked, the real
/// `codex exec` against an in-process scripted Responses server and times each run from
/// just before `posix_spawn` to the first byte of its first request at the server (the
/// server's `firstByte` clock), and to its exit.
enum ExecBenchmark {
  struct Options {
    var repetitions: Int
    var withCodex: Bool
  }

  struct Samples {
    var firstByteMilliseconds: [Double] = []
    var wallMilliseconds: [Double] = []
  }

  static let apiKeyVariable = "CAIRN_BENCH_API_KEY"
  static let script =
    #"{"responses": [{"repeat": true, "output": [{"type": "message", "text": "hi"}]}]}"#
  static let execArguments = [
    "exec", "--json", "--skip-git-repo-check", "-s", "danger-full-access", "say hi",
  ]

  /// Runs the measurements and returns the figures and budgets for `printBenchReport`.
  static func run(_ options: Options, progress: @escaping @Sendable (String) -> Void) async throws
    -> (
      figures: [(String, Double)], budgets: [(name: String, met: Bool, text: String)]
    )
  {
    let arrivals = Arrivals()
    let parsed = try ResponsesScript.parse(Array(script.utf8), file: "<bench script>")
    let server = try await ResponsesServer.start(
      script: parsed, firstByte: { time in arrivals.times.withLock { $0.append(time) } })
    let scratch = try makeScratch(port: server.port)
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    let environment = [
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
      "HOME": scratch + "/home", "CODEX_HOME": scratch + "/codex-home",
      "CAIRN_HOME": scratch + "/cairn-home", apiKeyVariable: "sk-bench-000", "TZ": "UTC",
      "LANG": "C.UTF-8",
    ]
    let programs =
      [("cairn", try selfExecutablePath())]
      + (options.withCodex ? [("codex", try resolve("codex"))] : [])

    let measured = try await onThread {
      var samples: [String: Samples] = [:]
      // One unmeasured run of each first, so every measured run finds its binary cached.
      for (name, path) in programs {
        _ = try measureOnce(name, path, scratch + "/work", environment, arrivals)
      }
      for round in 1...options.repetitions {
        progress("round \(round) of \(options.repetitions)")
        // Rounds interleave the programs, so a change in load touches both alike.
        for (name, path) in programs {
          let (firstByte, wall) = try measureOnce(
            name, path, scratch + "/work", environment, arrivals)
          samples[name, default: Samples()].firstByteMilliseconds.append(firstByte)
          samples[name, default: Samples()].wallMilliseconds.append(wall)
        }
      }
      return samples
    }
    try await server.shutdown()

    var figures: [(String, Double)] = [("repetitions", Double(options.repetitions))]
    for (name, _) in programs {
      let samples = measured[name] ?? Samples()
      figures.append(("\(name)_exec_first_request_byte_ms", median(samples.firstByteMilliseconds)))
      figures.append(("\(name)_exec_wall_ms", median(samples.wallMilliseconds)))
    }
    let cairnFirstByte = median(measured["cairn"]?.firstByteMilliseconds ?? [])
    if let codex = measured["codex"] {
      figures.append(
        (
          "codex_over_cairn_first_request_byte",
          median(codex.firstByteMilliseconds) / cairnFirstByte
        ))
      figures.append(
        (
          "codex_over_cairn_wall",
          median(codex.wallMilliseconds) / median(measured["cairn"]?.wallMilliseconds ?? [])
        ))
    }
    let budgets = [
      (
        name: "exec_first_request_byte_le_50ms", met: cairnFirstByte <= 50,
        text: "cairn exec start to first request byte ≤ 50 ms (Codex: 420 ms)"
      )
    ]
    return (figures, budgets)
  }

  /// Spawns one run and returns (spawn → first request byte, spawn → exit) in milliseconds.
  private static func measureOnce(
    _ name: String, _ path: String, _ directory: String, _ environment: [String: String],
    _ arrivals: Arrivals
  ) throws -> (Double, Double) {
    arrivals.times.withLock { $0.removeAll() }
    let start = nowNanoseconds()
    let status = try spawnAndWait(path, execArguments, directory, environment)
    let end = nowNanoseconds()
    guard status == 0 else {
      throw ExecBenchmarkError("`\(name) \(execArguments.joined(separator: " "))` exited \(status)")
    }
    guard let first = arrivals.times.withLock({ $0.first }), first >= start else {
      throw ExecBenchmarkError("`\(name) exec` finished without sending a request to the server")
    }
    return (Double(first - start) / 1e6, Double(end - start) / 1e6)
  }

  /// posix_spawn with stdin, stdout and stderr on /dev/null, in `directory` (through
  /// `chdir` of this process, which has nothing else relying on its working directory), then
  /// waitpid. Returns the exit code (128 + signal when killed).
  static func spawnAndWait(
    _ path: String, _ arguments: [String], _ directory: String, _ environment: [String: String]
  ) throws -> Int32 {
    guard chdir(directory) == 0 else { throw ExecBenchmarkError("cannot enter \(directory)") }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for descriptor: Int32 in [0, 1, 2] {
      posix_spawn_file_actions_addopen(
        &actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
    }
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, path, &actions, nil, argv, envp)
    guard spawned == 0 else {
      throw ExecBenchmarkError("cannot start \(path): \(String(cString: strerror(spawned)))")
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
  }

  /// A scratch directory outside /tmp (codex refuses to set up its sandbox helper under
  /// /tmp) with a Codex home whose provider is the server, a home and a working directory.
  static func makeScratch(port: Int) throws -> String {
    var template = Array("/var/tmp/cairn-bench-exec.XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else {
      throw ExecBenchmarkError("mkdtemp under /var/tmp failed: errno \(errno)")
    }
    let root = String(cString: made)
    for directory in ["codex-home", "cairn-home", "home", "work"] {
      guard mkdir(root + "/" + directory, 0o700) == 0 else {
        throw ExecBenchmarkError("cannot create \(root)/\(directory): errno \(errno)")
      }
    }
    let config = """
      model = "gpt-5.5"
      model_provider = "bench"

      [model_providers.bench]
      name = "Cairn bench scripted server"
      base_url = "http://127.0.0.1:\(port)/v1"
      wire_api = "responses"
      env_key = "\(apiKeyVariable)"
      """
    try Data(config.utf8).write(to: URL(fileURLWithPath: root + "/codex-home/config.toml"))
    return root
  }

  /// Runs blocking work (spawns and waitpid) on a thread of its own, off the cooperative pool.
  static func onThread<T: Sendable>(
    _ work: @escaping @Sendable () throws -> T
  ) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
      Thread { continuation.resume(with: Result { try work() }) }.start()
    }
  }

  static func resolve(_ name: String) throws -> String {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for directory in path.split(separator: ":") where access("\(directory)/\(name)", X_OK) == 0 {
      return "\(directory)/\(name)"
    }
    throw ExecBenchmarkError("`\(name)` is not on PATH; --with-codex needs codex 0.147.0")
  }

  static func selfExecutablePath() throws -> String {
    let path = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
    return path
  }

  static func nowNanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
  }

  static func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  }
}

/// The first-byte times the server reported, shared between its event loop and the
/// measuring thread.
final class Arrivals: Sendable {
  let times = Mutex<[UInt64]>([])
}

struct ExecBenchmarkError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
