import CairnTools
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

extension LiveProcessSuites {
  @Suite("1,000 live processes leave no descriptor and no zombie", .timeLimit(.minutes(5)))
  struct LiveProcessLeakTests {
    @Test("1,000 spawn/exit runs, PTYs and pipes alternating")
    func thousandRunsLeakNothing() throws {
      let before = openDescriptors()
      var pids: [Int32] = []
      var pipeInodes: Set<String> = []
      var terminals: Set<String> = []
      for run in 0..<1_000 {
        let tty = run % 2 == 0
        let process = try spawnLive("exec cat", tty: tty)
        // The child's own descriptors name the kernel objects the parent holds the other
        // ends of: its pipes, or its terminal.
        for descriptor in 0...2 {
          let target = link("/proc/\(process.processID)/fd/\(descriptor)")
          if target.hasPrefix("pipe:") { pipeInodes.insert(target) }
          if target.hasPrefix("/dev/pts/") { terminals.insert(target) }
        }
        process.closeInput()
        let (_, termination) = collectUntilExit(process)
        #expect(termination == .exited(code: 0))
        pids.append(process.processID)
      }
      #expect(pipeInodes.count == 500 * 3)
      #expect(terminals.count >= 1)

      // No zombie: every child was reaped (waitpid knows none of them).
      #expect(pids.allSatisfy(isReaped))
      // No descriptor of any run is still open here.
      let after = openDescriptors()
      let ours = pidfdPIDs(after).intersection(pids)
      #expect(ours.isEmpty)
      #expect(after.values.filter { pipeInodes.contains($0) }.isEmpty)
      let masters = after.filter { $0.value == "/dev/ptmx" }.keys.filter {
        before[$0] != "/dev/ptmx"
      }
      #expect(masters.isEmpty)
      #expect(after.values.filter { terminals.contains($0) }.isEmpty)
      // Other suites run in parallel in this process and open descriptors of their own, so
      // the total may move a little; a leak of even one descriptor per run would be 1,000.
      #expect(after.count < before.count + 100)
    }
  }
}

/// The readlink of `path`, or "" when it cannot be read.
private func link(_ path: String) -> String {
  (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? ""
}

/// This process's open descriptors and what each names.
private func openDescriptors() -> [Int32: String] {
  let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
  var result: [Int32: String] = [:]
  for name in names {
    guard let descriptor = Int32(name) else { continue }
    result[descriptor] = link("/proc/self/fd/\(name)")
  }
  return result
}

/// The pids the pidfds among `descriptors` refer to (from /proc/self/fdinfo).
private func pidfdPIDs(_ descriptors: [Int32: String]) -> Set<Int32> {
  var pids: Set<Int32> = []
  for (descriptor, target) in descriptors where target.contains("pidfd") {
    let info =
      (try? String(contentsOfFile: "/proc/self/fdinfo/\(descriptor)", encoding: .utf8)) ?? ""
    for line in info.split(separator: "\n") where line.hasPrefix("Pid:") {
      if let pid = Int32(line.dropFirst(4).trimmingCharacters(in: .whitespaces)) {
        pids.insert(pid)
      }
    }
  }
  return pids
}
