#if canImport(Glibc)
  import Glibc
#endif

/// Runs this executable again with other arguments and collects its standard output:
/// each measurement gets a process of its own. Plain posix_spawn, so the benchmark binary
/// does not load Foundation, whose start-up cost and memory would blur the figures.
enum ChildProcess {
  static func runSelf(_ arguments: [String]) throws -> String {
    let executable = try selfExecutablePath()
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
    var pid: pid_t = 0
    let spawned = (argv + [nil]).withUnsafeBufferPointer { pointers in
      posix_spawn(
        &pid, executable, &actions, nil,
        UnsafeMutablePointer(mutating: pointers.baseAddress!), environ)
    }
    close(pipeEnds[1])
    guard spawned == 0 else { throw BenchmarkError.system("posix_spawn \(executable)", spawned) }
    var output: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let got = buffer.withUnsafeMutableBytes { read(pipeEnds[0], $0.baseAddress!, $0.count) }
      if got > 0 {
        output.append(contentsOf: buffer[0..<got])
      } else if got == 0 || errno != EINTR {
        break
      }
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    guard exitCode == 0 else {
      throw BenchmarkError.workerFailed(
        arguments: arguments.joined(separator: " "), status: exitCode)
    }
    return String(decoding: output, as: UTF8.self)
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

  var description: String {
    switch self {
    case .workerFailed(let arguments, let status):
      return "benchmark worker `cairn \(arguments)` exited with status \(status)"
    case .malformedWorkerOutput(let line):
      return "benchmark worker printed an unexpected line: \(line)"
    case .system(let operation, let code):
      return "\(operation) failed: \(String(cString: strerror(code)))"
    }
  }
}
