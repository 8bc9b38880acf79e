import CairnTools
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

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

/// Everything a live process prints until it ends, and how it ended. Drains in bounded
/// waits; the process is expected to end by itself.
func collectUntilExit(_ process: LiveProcess) -> (bytes: [UInt8], termination: ProcessTermination) {
  var bytes: [UInt8] = []
  while true {
    let drain = process.waitAndDrain(milliseconds: 1_000)
    bytes += drain.bytes
    if let termination = drain.termination { return (bytes, termination) }
  }
}

/// Drains until the output collected so far contains `needle`, or the process ends; the
/// bytes collected either way.
func collect(_ process: LiveProcess, until needle: String) -> [UInt8] {
  var bytes: [UInt8] = []
  let target = Array(needle.utf8)
  while true {
    let drain = process.waitAndDrain(milliseconds: 1_000, returningOnOutput: true)
    bytes += drain.bytes
    if contains(bytes, target) || drain.termination != nil { return bytes }
  }
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
