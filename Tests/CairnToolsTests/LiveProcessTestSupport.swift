import CairnTools
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Every suite that starts live processes, run one at a time: the leak test counts this
/// process's terminals and descriptors, which the others would disturb.
@Suite("Live processes", .serialized) enum LiveProcessSuites {}

/// Starts `/bin/sh -c script` as a live process with the test's environment.
func spawnLive(
  _ script: String, tty: Bool, size: TerminalSize = .standard, bufferedBytesMax: Int = 1 << 20
) throws -> LiveProcess {
  try LiveProcess.spawn(
    LiveProcessSpec(
      arguments: ["/bin/sh", "-c", script], workingDirectory: "/",
      environment: inheritedEnvironment(), tty: tty, size: size),
    bufferedBytesMax: bufferedBytesMax)
}

/// How long a test waits for a process that should end by itself before it gives up,
/// records the failure and kills it (so a bug fails the test rather than hanging the run).
let processEndWaitMilliseconds = 60_000

/// Everything a live process prints until it ends, and how it ended. Drains in bounded
/// waits; the process is expected to end by itself.
func collectUntilExit(_ process: LiveProcess) -> (
  bytes: [UInt8], termination: ProcessTermination?
) {
  var bytes: [UInt8] = []
  for _ in 0..<(processEndWaitMilliseconds / 1_000) {
    let drain = process.waitAndDrain(milliseconds: 1_000)
    bytes += drain.bytes
    if let termination = drain.termination { return (bytes, termination) }
  }
  Issue.record("process \(process.processID) did not end within \(processEndWaitMilliseconds) ms")
  process.terminate(graceMilliseconds: 0)
  return (bytes, nil)
}

/// Drains until the output collected so far contains `needle`, or the process ends; the
/// bytes collected either way.
func collect(_ process: LiveProcess, until needle: String) -> [UInt8] {
  var bytes: [UInt8] = []
  let target = Array(needle.utf8)
  let deadline = monotonicNanoseconds() + UInt64(processEndWaitMilliseconds) * 1_000_000
  while monotonicNanoseconds() < deadline {
    let drain = process.waitAndDrain(milliseconds: 1_000, returningOnOutput: true)
    bytes += drain.bytes
    if contains(bytes, target) || drain.termination != nil { return bytes }
  }
  Issue.record("process \(process.processID) did not print \(needle.debugDescription)")
  return bytes
}

func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
  guard !needle.isEmpty else { return true }
  guard haystack.count >= needle.count else { return false }
  for start in 0...(haystack.count - needle.count)
  where haystack[start..<(start + needle.count)].elementsEqual(needle) {
    return true
  }
  return false
}

func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

/// Waits until the shell `leader` has `count` children that have exec'd `program` and the
/// shell itself waits for one of them (`do_wait`): a steady state in which a signal means
/// what it says. Sent earlier, a signal can land between a fork and an exec, where the
/// shell's own handlers still run (dash then loses a SIGINT). It polls /proc, the only
/// place this state shows, with a deadline; false if it was not reached.
func waitUntilShellWaits(
  leader: Int32, forChildren count: Int, running program: String,
  withinMilliseconds milliseconds: Int = processEndWaitMilliseconds
) -> Bool {
  let deadline = monotonicNanoseconds() + UInt64(milliseconds) * 1_000_000
  while monotonicNanoseconds() < deadline {
    let children =
      (try? String(
        contentsOfFile: "/proc/\(leader)/task/\(leader)/children", encoding: .utf8))?
      .split(separator: " ").compactMap {
        Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
      }
      ?? []
    let running = children.filter { child in
      let name = try? String(contentsOfFile: "/proc/\(child)/comm", encoding: .utf8)
      return name?.trimmingCharacters(in: .newlines) == program
    }
    let waiting = try? String(contentsOfFile: "/proc/\(leader)/wchan", encoding: .utf8)
    if running.count >= count && waiting == "do_wait" { return true }
    usleep(1_000)
  }
  return false
}
