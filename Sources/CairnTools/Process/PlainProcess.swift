import CairnCore

#if canImport(Glibc)
  import Glibc
#endif

/// Runs one command for the model as a plain child process and waits for it: `posix_spawn`
/// into a new session (so its process group is its own and it has no controlling
/// terminal to read from), stdin from `/dev/null`, stdout and stderr through pipes, output
/// handed to `onOutput` as it arrives and kept for the model within
/// `keptOutputBytesMax`. One blocking call, meant for a dedicated `Thread`: it polls the
/// pipes, the child (a pidfd) and the cancellation together, so it sleeps until something
/// happens.
///
/// Time comes from the caller: `now` is a monotonic clock in nanoseconds, used for the
/// wall time, the timeout and the drain bounds (so tests and replays control it).
///
/// Guarantees (docs/TOOLS.md):
/// - It never hangs on output held open by a grandchild: once the child exits, reading
///   stops when the pipes close, stay idle `drainIdleMilliseconds`, or
///   `drainMaxMilliseconds` passes.
/// - A timeout or a cancellation sends SIGTERM to the whole group, and SIGKILL after
///   `killGraceMilliseconds` if the child is still alive; with `.kill`, the group gets
///   SIGKILL once the child has exited, before it is reaped (so the group id cannot have
///   been reused).
/// - The child is always reaped; no descriptor outlives the call.
public enum PlainProcess {
  /// The tick used when the kernel has no pidfd (to notice the child's exit while a
  /// grandchild keeps the pipes open) or the cancellation has no wake pipe.
  static let flagPollMilliseconds: UInt64 = 20
  /// The size of one read from a pipe.
  static let readBytesMax = 64 * 1024

  /// Runs `spec` to its end (or its timeout or cancellation) and returns how it went.
  /// `onStarted` gets the child's pid right after the spawn; `onOutput` gets every chunk.
  /// Throws only when the process could not be started.
  public static func run(
    _ spec: PlainProcessSpec, limits: PlainProcessLimits = PlainProcessLimits(),
    cancellation: ProcessCancellation? = nil, now: () -> UInt64,
    onStarted: (Int32) -> Void = { _ in },
    onOutput: (ProcessOutputChunk) -> Void
  ) throws(PlainProcessError) -> PlainProcessResult {
    let startedAt = now()
    let program = try resolveProgram(spec)
    try checkWorkingDirectory(spec.workingDirectory)
    if cancellation?.isCancelled == true {
      return PlainProcessResult(
        pid: 0, termination: .signaled(signal: SIGKILL), stopReason: .cancelled,
        wallNanoseconds: now() &- startedAt,
        output: BoundedOutputCapture(keptBytesMax: limits.keptOutputBytesMax),
        stdoutBytes: 0, stderrBytes: 0, outputLeftOpen: false)
    }
    var child = try ChildProcess.spawn(program: program, spec: spec)
    defer { child.closeDescriptors() }
    onStarted(child.pid)
    var loop = RunLoopState(
      startedAt: startedAt, limits: limits,
      capture: BoundedOutputCapture(keptBytesMax: limits.keptOutputBytesMax))
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: readBytesMax, alignment: 8)
    defer { buffer.deallocate() }
    var wakeDescriptor = cancellation?.wakeReadDescriptor ?? -1

    while true {
      let time = now()
      if loop.stopReason == .none, cancellation?.isCancelled == true {
        loop.stop(.cancelled, at: time, group: child.pid)
        wakeDescriptor = -1
      }
      if loop.stopReason == .none, let deadline = loop.timeoutDeadline, time >= deadline {
        loop.stop(.timedOut, at: time, group: child.pid)
      }
      if !loop.childExited, let killAt = loop.killAt, time >= killAt {
        kill(-child.pid, SIGKILL)
        loop.killAt = nil
      }
      if !loop.childExited, child.hasExited() {
        loop.childExited = true
        loop.exitedAt = time
      }
      if loop.childExited && loop.shouldStopReading(at: time, openOutputs: child.openOutputs) {
        break
      }

      var descriptors: [pollfd] = []
      for output in child.outputs where output.descriptor >= 0 {
        descriptors.append(pollfd(fd: output.descriptor, events: Int16(POLLIN), revents: 0))
      }
      if !loop.childExited, child.processDescriptor >= 0 {
        descriptors.append(
          pollfd(fd: child.processDescriptor, events: Int16(POLLIN), revents: 0))
      }
      if wakeDescriptor >= 0 {
        descriptors.append(pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0))
      }
      let needsTick =
        (!loop.childExited && child.processDescriptor < 0)
        || (cancellation != nil && wakeDescriptor < 0 && loop.stopReason == .none)
      let timeout = loop.pollTimeoutMilliseconds(at: time, tick: needsTick)
      let ready = poll(&descriptors, nfds_t(descriptors.count), timeout)
      if ready < 0 && errno != EINTR {
        // poll cannot fail on valid descriptors short of ENOMEM: stop cleanly rather than
        // spin, killing the group so nothing is left behind.
        kill(-child.pid, SIGKILL)
        loop.childExited = child.hasExited() || loop.childExited
        break
      }
      guard ready > 0 else { continue }
      for entry in descriptors where entry.revents != 0 {
        guard let index = child.outputs.firstIndex(where: { $0.descriptor == entry.fd }) else {
          continue
        }
        let count = read(entry.fd, buffer.baseAddress, buffer.count)
        if count > 0 {
          let bytes = Array(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
          let received = now()
          loop.record(bytes, stream: child.outputs[index].stream, at: received)
          onOutput(
            ProcessOutputChunk(
              stream: child.outputs[index].stream, bytes: bytes, receivedAtNanoseconds: received))
        } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
          child.closeOutput(at: index)
        }
      }
    }

    let outputLeftOpen = child.openOutputs > 0
    if limits.leftoverProcesses == .kill || loop.stopReason != .none {
      // The child is a zombie until reaped, so its pid still names this group: no other
      // process can have been given the id.
      kill(-child.pid, SIGKILL)
    }
    let termination = child.reap()
    return PlainProcessResult(
      pid: child.pid, termination: termination, stopReason: loop.stopReason,
      wallNanoseconds: now() &- startedAt, output: loop.capture, stdoutBytes: loop.stdoutBytes,
      stderrBytes: loop.stderrBytes, outputLeftOpen: outputLeftOpen)
  }

  /// The program's path: as given when it has a slash, else the first executable match on
  /// the child's `PATH`.
  static func resolveProgram(_ spec: PlainProcessSpec) throws(PlainProcessError) -> String {
    do {
      return try ProgramLookup.resolve(spec.arguments, environment: spec.environment)
    } catch {
      throw PlainProcessError(error)
    }
  }

  static func checkWorkingDirectory(_ path: String) throws(PlainProcessError) {
    do {
      try ProgramLookup.checkWorkingDirectory(path)
    } catch {
      throw PlainProcessError(error)
    }
  }
}

/// The run loop's bookkeeping, apart from the descriptors.
private struct RunLoopState {
  let startedAt: UInt64
  let limits: PlainProcessLimits
  var capture: BoundedOutputCapture
  var stopReason = ProcessStopReason.none
  var killAt: UInt64?
  var childExited = false
  var exitedAt: UInt64 = 0
  var lastOutputAt: UInt64 = 0
  var stdoutBytes: UInt64 = 0
  var stderrBytes: UInt64 = 0

  init(startedAt: UInt64, limits: PlainProcessLimits, capture: BoundedOutputCapture) {
    self.startedAt = startedAt
    self.limits = limits
    self.capture = capture
  }

  var timeoutDeadline: UInt64? {
    limits.timeoutMilliseconds.map { startedAt &+ $0 &* 1_000_000 }
  }

  mutating func stop(_ reason: ProcessStopReason, at time: UInt64, group: Int32) {
    stopReason = reason
    kill(-group, SIGTERM)
    killAt = time &+ limits.killGraceMilliseconds &* 1_000_000
  }

  mutating func record(_ bytes: [UInt8], stream: OutputStream, at time: UInt64) {
    capture.append(bytes)
    lastOutputAt = time
    if stream == .stderr {
      stderrBytes += UInt64(bytes.count)
    } else {
      stdoutBytes += UInt64(bytes.count)
    }
  }

  /// After the child exited: stop at the end of the output, or when a leftover process
  /// keeps it open but silent, or at the drain bound.
  func shouldStopReading(at time: UInt64, openOutputs: Int) -> Bool {
    if openOutputs == 0 { return true }
    if time &- exitedAt >= limits.drainMaxMilliseconds &* 1_000_000 { return true }
    let quietSince = max(exitedAt, lastOutputAt)
    return time &- quietSince >= limits.drainIdleMilliseconds &* 1_000_000
  }

  /// How long poll may sleep: until the nearest deadline, or a tick, or forever.
  func pollTimeoutMilliseconds(at time: UInt64, tick: Bool) -> Int32 {
    var deadlines: [UInt64] = []
    if stopReason == .none, let timeoutDeadline { deadlines.append(timeoutDeadline) }
    if !childExited, let killAt { deadlines.append(killAt) }
    if childExited {
      deadlines.append(exitedAt &+ limits.drainMaxMilliseconds &* 1_000_000)
      deadlines.append(max(exitedAt, lastOutputAt) &+ limits.drainIdleMilliseconds &* 1_000_000)
    }
    var milliseconds: UInt64? = deadlines.map { deadline in
      // Round up so poll never wakes just before the deadline and spins.
      deadline > time ? (deadline - time + 999_999) / 1_000_000 : 0
    }.min()
    if tick { milliseconds = min(milliseconds ?? .max, PlainProcess.flagPollMilliseconds) }
    guard let milliseconds else { return -1 }
    return Int32(min(milliseconds, UInt64(Int32.max)))
  }
}
