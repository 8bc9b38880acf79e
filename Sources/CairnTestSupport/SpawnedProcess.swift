import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A failure of the test harness (a tool missing, a timeout, a child that did not start),
/// with what to do about it; not a failure of the code under test.
public struct HarnessFailure: Error, CustomStringConvertible {
  public let description: String
  public init(_ description: String) { self.description = description }
}

/// A child process started with `posix_spawn` in a session of its own (so a timeout can kill
/// it and everything it started, by process group), with stdout and stderr collected on
/// threads of their own from the start, so the child never blocks on a full pipe.
public final class SpawnedProcess: @unchecked Sendable {
  /// What the child's standard input is.
  public enum Input {
    /// `/dev/null`: the child reads end of input at once.
    case null
    /// A pipe the parent holds open until `closeStdin()`.
    case pipe
  }

  public let pid: pid_t
  public let arguments: [String]
  private var stdinDescriptor: Int32
  private let condition = NSCondition()
  private var stdoutBytes: [UInt8] = []
  private var stderrBytes: [UInt8] = []
  private var openOutputs = 2
  private var exitStatus: Int32?

  /// Starts `arguments[0]` (looked up on `PATH` when it has no slash) with exactly
  /// `environment`, in `directory`.
  public init(
    _ arguments: [String], environment: [String: String], directory: String? = nil,
    stdin: Input = .null
  ) throws {
    self.arguments = arguments
    var stdoutPipe: [Int32] = [-1, -1]
    var stderrPipe: [Int32] = [-1, -1]
    var stdinPipe: [Int32] = [-1, -1]
    guard Self.makeChannel(&stdoutPipe), Self.makeChannel(&stderrPipe) else {
      throw HarnessFailure("socketpair failed: errno \(errno)")
    }
    if case .pipe = stdin {
      guard Self.makeChannel(&stdinPipe) else {
        throw HarnessFailure("socketpair failed: errno \(errno)")
      }
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if case .pipe = stdin {
      posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
    } else {
      posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    }
    posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
    posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    // A new session (POSIX_SPAWN_SETSID, which Swift does not see), default signal
    // dispositions (the test runner ignores SIGPIPE) and an empty signal mask.
    let setSessionFlag: Int32 = 0x80
    posix_spawnattr_setflags(
      &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | setSessionFlag))
    var allSignals = sigset_t()
    sigfillset(&allSignals)
    posix_spawnattr_setsigdefault(&attributes, &allSignals)
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)

    // `env -C` changes directory and execs the command (so `pid` is the command's own):
    // posix_spawn_file_actions_addchdir_np is not visible from Swift.
    let command = directory.map { ["env", "-C", $0, "--"] + arguments } ?? arguments
    let argv = command.map { strdup($0) } + [nil]
    let envp =
      environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for pointer in argv { free(pointer) }
      for pointer in envp { free(pointer) }
    }
    var child: pid_t = 0
    let executable = try Self.resolve(command[0], path: environment["PATH"])
    let result = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
    close(stdoutPipe[1])
    close(stderrPipe[1])
    if case .pipe = stdin { close(stdinPipe[0]) }
    guard result == 0 else {
      close(stdoutPipe[0])
      close(stderrPipe[0])
      if case .pipe = stdin { close(stdinPipe[1]) }
      throw HarnessFailure("cannot start \(arguments[0]): \(String(cString: strerror(result)))")
    }
    pid = child
    stdinDescriptor = stdinPipe[1]
    startReader(stdoutPipe[0], isStdout: true)
    startReader(stderrPipe[0], isStdout: false)
    Thread { [self, child] in
      var status: Int32 = 0
      while waitpid(child, &status, 0) < 0 && errno == EINTR {}
      condition.lock()
      exitStatus = status
      condition.broadcast()
      condition.unlock()
    }.start()
  }

  deinit {
    if stdinDescriptor >= 0 { close(stdinDescriptor) }
  }

  /// A connected pair of sockets, close-on-exec from birth so that no other child spawned
  /// meanwhile inherits them (`pipe2`, which would do the same for pipes, is not visible
  /// from Swift). Index 0 is the parent's reading end for output, the child's for input.
  private static func makeChannel(_ descriptors: inout [Int32]) -> Bool {
    let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
    return socketpair(AF_UNIX, type, 0, &descriptors) == 0
  }

  /// The executable for `name`: itself when it has a slash, else the first match on `path`.
  static func resolve(_ name: String, path: String?) throws -> String {
    if name.contains("/") { return name }
    for directory in (path ?? "/usr/bin:/bin").split(separator: ":") {
      let candidate = "\(directory)/\(name)"
      if access(candidate, X_OK) == 0 { return candidate }
    }
    throw HarnessFailure("`\(name)` is not on PATH (\(path ?? "unset"))")
  }

  private func startReader(_ descriptor: Int32, isStdout: Bool) {
    Thread { [self] in
      var buffer = [UInt8](repeating: 0, count: 64 * 1024)
      while true {
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
        if count < 0 && errno == EINTR { continue }
        condition.lock()
        if count > 0 {
          if isStdout {
            stdoutBytes += buffer[0..<count]
          } else {
            stderrBytes += buffer[0..<count]
          }
        } else {
          openOutputs -= 1
        }
        condition.broadcast()
        condition.unlock()
        if count <= 0 { break }
      }
      close(descriptor)
    }.start()
  }

  /// Writes all of `bytes` to the child's stdin pipe; false when it is closed or the child
  /// stopped reading (EPIPE, with SIGPIPE ignored by the caller).
  @discardableResult
  public func writeStdin(_ bytes: [UInt8]) -> Bool {
    condition.lock()
    let descriptor = stdinDescriptor
    condition.unlock()
    guard descriptor >= 0 else { return false }
    return bytes.withUnsafeBytes { buffer in
      var done = 0
      while done < buffer.count {
        let result = send(
          descriptor, buffer.baseAddress! + done, buffer.count - done, Int32(MSG_NOSIGNAL))
        if result > 0 {
          done += result
        } else if result < 0 && errno == EINTR {
          continue
        } else {
          return false
        }
      }
      return true
    }
  }

  /// Closes the parent's end of the child's stdin pipe: the child reads end of input.
  public func closeStdin() {
    condition.lock()
    defer { condition.unlock() }
    if stdinDescriptor >= 0 {
      close(stdinDescriptor)
      stdinDescriptor = -1
    }
  }

  /// Everything the child wrote to stdout so far.
  public var stdout: [UInt8] {
    condition.lock()
    defer { condition.unlock() }
    return stdoutBytes
  }

  /// Everything the child wrote to stderr so far.
  public var stderr: String {
    condition.lock()
    defer { condition.unlock() }
    return String(decoding: stderrBytes, as: UTF8.self)
  }

  /// The first line of stdout (without its newline), waiting for it up to `seconds`; nil if
  /// the child closed stdout first or the time ran out.
  public func firstLine(withinSeconds seconds: Double) -> String? {
    let deadline = Date(timeIntervalSinceNow: seconds)
    condition.lock()
    defer { condition.unlock() }
    while true {
      if let newline = stdoutBytes.firstIndex(of: UInt8(ascii: "\n")) {
        return String(decoding: stdoutBytes[..<newline], as: UTF8.self)
      }
      if openOutputs == 0 && exitStatus != nil { return nil }
      if !condition.wait(until: deadline) { return nil }
    }
  }

  /// Waits until stdout holds `text`, up to `seconds`; false if the child closed stdout
  /// first or the time ran out.
  public func waitForStdout(containing text: String, withinSeconds seconds: Double) -> Bool {
    let deadline = Date(timeIntervalSinceNow: seconds)
    let needle = Array(text.utf8)
    condition.lock()
    defer { condition.unlock() }
    while true {
      if stdoutBytes.count >= needle.count,
        (0...(stdoutBytes.count - needle.count)).contains(where: {
          stdoutBytes[$0..<($0 + needle.count)].elementsEqual(needle)
        })
      {
        return true
      }
      if openOutputs == 0 && exitStatus != nil { return false }
      if !condition.wait(until: deadline) { return false }
    }
  }

  /// Waits until `done` holds for everything the child wrote to stdout so far, up to
  /// `seconds`; false if the child closed stdout first or the time ran out. `done` runs
  /// under the collector's lock: keep it quick.
  public func waitForStdout(withinSeconds seconds: Double, until done: ([UInt8]) -> Bool) -> Bool {
    let deadline = Date(timeIntervalSinceNow: seconds)
    condition.lock()
    defer { condition.unlock() }
    while true {
      if done(stdoutBytes) { return true }
      if openOutputs == 0 && exitStatus != nil { return false }
      if !condition.wait(until: deadline) { return false }
    }
  }

  /// Waits until stderr holds `text`, up to `seconds`; false if the child closed its
  /// output first or the time ran out.
  public func waitForStderr(containing text: String, withinSeconds seconds: Double) -> Bool {
    let deadline = Date(timeIntervalSinceNow: seconds)
    condition.lock()
    defer { condition.unlock() }
    while true {
      if String(decoding: stderrBytes, as: UTF8.self).contains(text) { return true }
      if openOutputs == 0 && exitStatus != nil { return false }
      if !condition.wait(until: deadline) { return false }
    }
  }

  /// How the child ended: its exit status, or 128 + the signal that killed it.
  public static func exitCode(fromWaitStatus status: Int32) -> Int32 {
    let signal = status & 0x7F
    return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
  }

  /// Waits up to `seconds` for the child to exit. On time-out it kills the child's whole
  /// process group and throws, quoting the end of its stderr. After the child exits, what is
  /// left of its process group is killed too (a tool it started may still hold the pipes),
  /// and its output is collected.
  public func waitForExit(withinSeconds seconds: Double, what: String) throws -> Int32 {
    let deadline = Date(timeIntervalSinceNow: seconds)
    condition.lock()
    var timedOut = false
    while exitStatus == nil {
      if !condition.wait(until: deadline) {
        timedOut = true
        break
      }
    }
    condition.unlock()
    kill(-pid, SIGKILL)
    condition.lock()
    let drainDeadline = Date(timeIntervalSinceNow: 10)
    while exitStatus == nil || openOutputs > 0 {
      if !condition.wait(until: drainDeadline) { break }
    }
    let status = exitStatus
    condition.unlock()
    if timedOut {
      throw HarnessFailure(
        "\(what) did not finish within \(seconds) s and was killed; its stderr ended with:\n"
          + String(stderr.suffix(2000)))
    }
    guard let status else {
      throw HarnessFailure("\(what) was killed but never reaped (pid \(pid))")
    }
    return Self.exitCode(fromWaitStatus: status)
  }
}
