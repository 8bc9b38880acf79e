import ArgumentParser
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// `cairn bench exec`: `cairn exec` start-up to its first request byte, against the real
/// codex when asked.
struct BenchExecCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "exec",
    abstract: "Measure `cairn exec` from process start to the first request byte at the server.",
    discussion: """
      Starts the scripted Responses server in this process, then spawns `cairn exec --json \
      --skip-git-repo-check -s danger-full-access "say hi"` (this executable) N times, with \
      a Codex home whose provider is that server, and times each run from just before \
      posix_spawn to the first byte of its request at the server, and to its exit. With \
      --with-codex the real `codex exec` runs the same way, interleaved; the whole benchmark \
      then runs in a network namespace that has only loopback (unshare -n, so root), so \
      codex cannot reach beyond 127.0.0.1. Reports medians and codex/cairn ratios.
      """
  )

  @Flag(help: "Print the report as a JSON object.")
  var json = false

  @Option(help: "Measured runs of each program (the report gives the median).")
  var repetitions: Int = 11

  @Flag(help: "Also time the real `codex exec` (codex 0.147 on PATH; needs root for unshare).")
  var withCodex = false

  @Flag(help: .hidden)
  var inLoopbackNamespace = false

  func validate() throws {
    guard repetitions >= 1 else { throw ValidationError("--repetitions must be at least 1") }
  }

  func run() async throws {
    if withCodex && !inLoopbackNamespace {
      throw ExitCode(try rerunInLoopbackNamespace())
    }
    let (figures, budgets) = try await ExecBenchmark.run(
      ExecBenchmark.Options(repetitions: repetitions, withCodex: withCodex)
    ) { message in
      StandardError.write("bench: \(message)\n")
    }
    printBenchReport(figures: figures, budgets: budgets, json: json)
  }

  /// Runs this same benchmark again inside `unshare -n` with loopback up, with stdout and
  /// stderr inherited, and returns its exit code.
  private func rerunInLoopbackNamespace() throws -> Int32 {
    var arguments = [
      "bench", "exec", "--with-codex", "--in-loopback-namespace", "--repetitions",
      String(repetitions),
    ]
    if json { arguments.append("--json") }
    return try runInLoopbackNamespace(arguments)
  }
}

/// `cairn bench exec-resume`: `exec resume` of a long compacted session.
struct BenchExecResumeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "exec-resume",
    abstract: "Measure `cairn exec resume` of a long compacted session to its first request byte.",
    discussion: """
      Generates (once, into --dir) a session of --events events that was compacted as it grew \
      (a semantic summary every --summary-every-turns turns, as the runtime compacts) and one \
      of --small-events, then spawns `cairn exec resume ID "next"` on each, against the \
      scripted server in this process, and times spawn to the first request byte. Each run \
      appends one turn to its session. Reports medians, the ratio large/small and the largest \
      request body.
      """)

  @Flag(help: "Print the report as a JSON object.")
  var json = false

  @Option(help: "Measured runs of each size (the report gives the median).")
  var repetitions: Int = 7

  @Option(help: "Events in the large session.")
  var events: Int = 1_000_000

  @Option(help: "Events in the small session (the reference).")
  var smallEvents: Int = 10_000

  @Option(help: "A semantic summary every N turns.")
  var summaryEveryTurns: Int = 20

  @Option(help: "Where the sessions are generated and kept (a Cairn home).")
  var dir: String = "/var/tmp/cairn-bench-exec-resume"

  @Flag(
    help: """
      Also export both sessions as Codex rollouts and time the real `codex exec resume` on       them once each (codex 0.147 on PATH; root, for its loopback-only namespace).
      """)
  var withCodex = false

  @Flag(help: .hidden)
  var inLoopbackNamespace = false

  func validate() throws {
    guard repetitions >= 1, events >= 1, smallEvents >= 1, summaryEveryTurns >= 1 else {
      throw ValidationError(
        "--repetitions, --events, --small-events and --summary-every-turns must be at least 1")
    }
  }

  func run() async throws {
    if withCodex && !inLoopbackNamespace {
      var arguments = [
        "bench", "exec-resume", "--with-codex", "--in-loopback-namespace", "--repetitions",
        String(repetitions), "--events", String(events), "--small-events", String(smallEvents),
        "--summary-every-turns", String(summaryEveryTurns), "--dir", dir,
      ]
      if json { arguments.append("--json") }
      throw ExitCode(try runInLoopbackNamespace(arguments))
    }
    let (figures, budgets) = try await ExecResumeBenchmark.run(
      ExecResumeBenchmark.Options(
        events: events, smallEvents: smallEvents, summaryEveryTurns: summaryEveryTurns,
        repetitions: repetitions, directory: dir, withCodex: withCodex)
    ) { message in
      StandardError.write("bench: \(message)\n")
    }
    printBenchReport(figures: figures, budgets: budgets, json: json)
  }
}

/// Runs `cairn <arguments>` (this executable) inside `unshare -n` with only loopback up,
/// stdout and stderr inherited, and returns its exit code: how a benchmark that runs the
/// real codex keeps it on 127.0.0.1.
func runInLoopbackNamespace(_ arguments: [String]) throws -> Int32 {
  let command =
    [
      "unshare", "-n", "sh", "-c", #"ip link set lo up && exec "$@""#, "cairn-bench",
      try ExecBenchmark.selfExecutablePath(),
    ] + arguments
  let unshare = try ExecBenchmark.resolve("unshare")
  let argv = command.map { strdup($0) } + [nil]
  defer { argv.forEach { free($0) } }
  var pid: pid_t = 0
  let spawned = posix_spawn(&pid, unshare, nil, nil, argv, environ)
  guard spawned == 0 else {
    throw ExecBenchmarkError("cannot start unshare: \(String(cString: strerror(spawned)))")
  }
  var status: Int32 = 0
  while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
  return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
}
