import ArgumentParser
import CairnCore
import CairnTools

#if canImport(Glibc)
  import Glibc
#endif

/// `cairn bench tool-output`: a huge tool output streamed through a live process and the
/// persisted-output budget, with peak memory.
struct BenchToolOutputCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tool-output",
    abstract: "Stream `yes | head -c SIZE` through LiveProcess and PersistedOutputBudget.",
    discussion: """
      Runs `yes | head -c SIZE` as a LiveProcess (pipes, or a PTY with --tty), drains it \
      every --drain-milliseconds like a tool call's yield loop, feeds every drain to a \
      PersistedOutputBudget and passes what it would persist through the secret redactor. \
      Reports throughput, peak RSS (VmHWM of this process) and the persisted and omitted \
      bytes, which must add up to SIZE. Budgets: peak RSS ≤ 64 MB; persisted ≤ the cap.
      """
  )

  @Flag(help: "Print the report as a JSON object.")
  var json = false

  @Option(help: "Megabytes (MiB) of output.")
  var megabytes: Int = 1024

  @Flag(help: "Run the command in a pseudo-terminal instead of pipes.")
  var tty = false

  @Option(help: "How long each drain waits.")
  var drainMilliseconds: Int = 50

  @Option(help: "Bytes the live process holds between drains.")
  var bufferedBytes: Int = 1 << 20

  func validate() throws {
    guard megabytes >= 1 else { throw ValidationError("--megabytes must be at least 1") }
    guard drainMilliseconds >= 0 else {
      throw ValidationError("--drain-milliseconds must not be negative")
    }
  }

  func run() throws {
    let total = UInt64(megabytes) << 20
    let spec = LiveProcessSpec(
      arguments: ["/bin/sh", "-c", "yes | head -c \(total)"], workingDirectory: "/",
      environment: ["PATH": "/usr/bin:/bin"], tty: tty)
    var budget = PersistedOutputBudget()
    let redactor = SecretRedactor()
    var persisted: UInt64 = 0
    var omitted: UInt64 = 0
    let started = benchClockNanoseconds()
    let process: LiveProcess
    do {
      process = try LiveProcess.spawn(spec, bufferedBytesMax: bufferedBytes)
    } catch {
      throw ValidationError("cannot start the command: \(error)")
    }
    func persist(_ items: [PersistedOutputBudget.Item]) {
      for item in items {
        switch item {
        case .chunk(let chunk): persisted += UInt64(redactor.redact(chunk.bytes).bytes.count)
        case .omitted(let part): omitted += part.bytes
        }
      }
    }
    var termination: ProcessTermination?
    while termination == nil {
      let drain = process.waitAndDrain(milliseconds: drainMilliseconds)
      persist(budget.admit(drain))
      termination = drain.termination
    }
    persist(budget.finish())
    let seconds = Double(benchClockNanoseconds() - started) / 1e9
    // A PTY turns each \n into \r\n: its output is larger than SIZE by one byte a line.
    let expected = tty ? total + total / 2 : total
    let peak = peakResidentMegabytes()
    let cap = UInt64(budget.headBytesMax + budget.tailBytesMax)
    printBenchReport(
      figures: [
        ("output_mib", Double(total >> 20)),
        ("throughput_mib_per_s", Double(budget.totalBytes) / 1_048_576 / seconds),
        ("seconds", seconds),
        ("peak_rss_mb", peak),
        ("persisted_bytes", Double(persisted)),
        ("omitted_bytes", Double(omitted)),
        ("exit_code", Double(termination?.exitCode ?? -1)),
      ],
      budgets: [
        (name: "peak_rss_mb", met: peak <= 64, text: "peak RSS \(rounded(peak)) MB ≤ 64 MB"),
        (
          name: "persisted_within_cap", met: persisted <= cap,
          text: "persisted \(persisted) bytes ≤ cap \(cap)"
        ),
        (
          name: "bytes_add_up", met: persisted + omitted == expected,
          text: "persisted + omitted = \(persisted + omitted) = output \(expected)"
        ),
      ], json: json)
  }
}

/// VmHWM of this process in MB (10^6 bytes), from /proc/self/status.
func peakResidentMegabytes() -> Double {
  guard let file = fopen("/proc/self/status", "r") else { return 0 }
  defer { fclose(file) }
  var line = [CChar](repeating: 0, count: 256)
  while fgets(&line, Int32(line.count), file) != nil {
    let text = String(
      decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    if text.hasPrefix("VmHWM:") {
      let digits = text.filter(\.isNumber)
      return (Double(digits) ?? 0) * 1024 / 1_000_000
    }
  }
  return 0
}
