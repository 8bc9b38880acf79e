import ArgumentParser
import CairnTools

#if canImport(Glibc)
  import Glibc
#endif

/// `cairn bench pty`: spawn to first output byte through a pseudo-terminal, with the same
/// command through pipes as the reference in the same run.
struct BenchPTYCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "pty",
    abstract: "Measure PTY spawn to first output byte of `/bin/sh -c 'echo hi'`.",
    discussion: """
      Runs `/bin/sh -c 'echo hi'` N times as a LiveProcess in a pseudo-terminal and N \
      times through pipes (the reference), alternating, and times each from just before \
      the spawn to the moment the first output byte is handed to the caller \
      (waitAndDrain returning on output), then waits for the exit. Reports medians and \
      90th percentiles in milliseconds. Budget: PTY median ≤ 5 ms.
      """
  )

  @Flag(help: "Print the report as a JSON object.")
  var json = false

  @Option(help: "Measured runs of each kind (after 10 warm-up runs).")
  var runs: Int = 200

  func validate() throws {
    guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
  }

  func run() throws {
    let environment = ["PATH": "/usr/bin:/bin"]
    for _ in 0..<10 {
      _ = try firstByteNanoseconds(tty: true, environment: environment)
      _ = try firstByteNanoseconds(tty: false, environment: environment)
    }
    var terminal: [UInt64] = []
    var pipes: [UInt64] = []
    for _ in 0..<runs {
      terminal.append(try firstByteNanoseconds(tty: true, environment: environment))
      pipes.append(try firstByteNanoseconds(tty: false, environment: environment))
    }
    let ptyMedian = percentile(terminal, 0.5)
    printBenchReport(
      figures: [
        ("pty_first_byte_median_ms", ptyMedian),
        ("pty_first_byte_p90_ms", percentile(terminal, 0.9)),
        ("pipe_first_byte_median_ms", percentile(pipes, 0.5)),
        ("pipe_first_byte_p90_ms", percentile(pipes, 0.9)),
        ("runs", Double(runs)),
      ],
      budgets: [
        (
          name: "pty_first_byte_median_ms", met: ptyMedian <= 5,
          text: "PTY spawn to first byte median \(rounded(ptyMedian)) ms ≤ 5 ms"
        )
      ], json: json)
  }

  /// One run: spawn, first byte, then the exit (so no run overlaps the next).
  private func firstByteNanoseconds(tty: Bool, environment: [String: String]) throws -> UInt64 {
    let spec = LiveProcessSpec(
      arguments: ["/bin/sh", "-c", "echo hi"], workingDirectory: "/", environment: environment,
      tty: tty)
    let started = benchClockNanoseconds()
    let process: LiveProcess
    do {
      process = try LiveProcess.spawn(spec)
    } catch {
      throw ValidationError("cannot start /bin/sh: \(error)")
    }
    var drain = process.waitAndDrain(milliseconds: 10_000, returningOnOutput: true)
    let elapsed = benchClockNanoseconds() - started
    guard !drain.chunks.isEmpty else {
      throw ValidationError("no output from /bin/sh -c 'echo hi' within 10 s")
    }
    while drain.termination == nil { drain = process.waitAndDrain(milliseconds: 10_000) }
    return elapsed
  }
}

/// The `fraction` percentile of `samples` (nanoseconds), in milliseconds.
func percentile(_ samples: [UInt64], _ fraction: Double) -> Double {
  let sorted = samples.sorted()
  guard !sorted.isEmpty else { return 0 }
  let index = min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))
  return Double(sorted[index]) / 1_000_000
}

func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

func benchClockNanoseconds() -> UInt64 {
  var time = timespec()
  clock_gettime(CLOCK_MONOTONIC, &time)
  return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}
