#if canImport(Glibc)
  import Glibc
#endif

extension LiveProcessCore {
  /// The reader thread's whole life: poll the outputs, the input (when bytes wait), the
  /// pidfd and the wake pipe together, so it sleeps until something happens; after the
  /// child exits, drain, kill what is left of the group, reap, close everything.
  func runReader(_ descriptors: LiveProcessDescriptors) {
    var descriptors = descriptors
    // Input goes to a pipe the child may have closed: the write must fail with EPIPE, not
    // raise SIGPIPE in the whole process. Blocked here, the thread-directed signal stays
    // pending on this thread and dies with it.
    var pipeSignal = sigset_t()
    sigemptyset(&pipeSignal)
    sigaddset(&pipeSignal, SIGPIPE)
    pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)

    let buffer = UnsafeMutableRawBufferPointer.allocate(
      byteCount: LiveProcess.readBytesMax, alignment: 8)
    defer { buffer.deallocate() }
    var state = ReaderState()

    while true {
      let now = monotonicClockNanoseconds()
      let requests = lock.withLock {
        (
          grace: terminationGraceMilliseconds, wantsWrite: pendingInputCount > 0,
          closeInput: inputClosed && pendingInputCount == 0
        )
      }
      if let grace = requests.grace, !state.terminating {
        state.terminating = true
        kill(-pid, SIGTERM)
        state.killAt = now &+ UInt64(grace) &* 1_000_000
      }
      if requests.closeInput, !tty, descriptors.input >= 0 {
        close(descriptors.input)
        descriptors.input = -1
      }
      if state.exitedAt == nil, let killAt = state.killAt, now >= killAt {
        kill(-pid, SIGKILL)
        state.killAt = nil
      }
      if state.exitedAt == nil, childHasExited() {
        state.exitedAt = now
        lock.withLock {
          exited = true
          lock.broadcast()
        }
        // A terminated group's leftovers get no grace once the child is gone.
        if state.terminating { kill(-pid, SIGKILL) }
      }
      if let exitedAt = state.exitedAt,
        state.shouldStopReading(at: now, exitedAt: exitedAt, openOutputs: descriptors.openOutputs)
      {
        break
      }

      var entries: [pollfd] = []
      for output in descriptors.outputs where output.descriptor >= 0 {
        entries.append(pollfd(fd: output.descriptor, events: Int16(POLLIN), revents: 0))
      }
      if requests.wantsWrite, descriptors.input >= 0 {
        if let index = entries.firstIndex(where: { $0.fd == descriptors.input }) {
          entries[index].events |= Int16(POLLOUT)
        } else {
          entries.append(pollfd(fd: descriptors.input, events: Int16(POLLOUT), revents: 0))
        }
      }
      if state.exitedAt == nil, descriptors.processDescriptor >= 0 {
        entries.append(
          pollfd(fd: descriptors.processDescriptor, events: Int16(POLLIN), revents: 0))
      }
      entries.append(pollfd(fd: descriptors.wakeRead, events: Int16(POLLIN), revents: 0))
      let timeout = state.pollTimeoutMilliseconds(
        at: now, tick: state.exitedAt == nil && descriptors.processDescriptor < 0)
      let ready = poll(&entries, nfds_t(entries.count), timeout)
      if ready < 0 && errno != EINTR {
        // poll fails on valid descriptors only for ENOMEM: end the process rather than spin.
        kill(-pid, SIGKILL)
        state.terminating = true
        continue
      }
      guard ready > 0 else { continue }
      for entry in entries where entry.revents != 0 {
        if entry.fd == descriptors.wakeRead {
          drainWakePipe(entry.fd, buffer: buffer)
          continue
        }
        if requests.wantsWrite, entry.fd == descriptors.input,
          entry.revents & Int16(POLLOUT | POLLERR | POLLHUP) != 0
        {
          writePendingInput(&descriptors)
        }
        if let index = descriptors.outputs.firstIndex(where: { $0.descriptor == entry.fd }),
          entry.revents & Int16(POLLIN | POLLHUP | POLLERR) != 0
        {
          readOutput(&descriptors, index: index, buffer: buffer, state: &state)
        }
      }
    }
    finish(&descriptors)
  }

  private func childHasExited() -> Bool {
    var info = siginfo_t()
    let result = waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT)
    if result < 0 { return errno == ECHILD }
    return info._sifields._sigchld.si_pid == pid
  }

  private func drainWakePipe(_ descriptor: Int32, buffer: UnsafeMutableRawBufferPointer) {
    while read(descriptor, buffer.baseAddress, buffer.count) > 0 {}
  }

  /// Writes as much queued input as the descriptor takes without blocking.
  private func writePendingInput(_ descriptors: inout LiveProcessDescriptors) {
    // Copy out under the lock, write outside it, so callers never wait on the child.
    let slice: [UInt8] = lock.withLock {
      Array(pendingInput[pendingInputStart..<min(pendingInput.count, pendingInputStart + 65_536)])
    }
    guard !slice.isEmpty else { return }
    let written = slice.withUnsafeBytes { Glibc.write(descriptors.input, $0.baseAddress, $0.count) }
    if written > 0 {
      lock.withLock { pendingInputStart += written }
      return
    }
    if written < 0, errno == EAGAIN || errno == EINTR { return }
    // EPIPE (the child closed its stdin) or EIO (the terminal is gone): nobody reads the
    // input any more, so drop it and stop watching it.
    lock.withLock {
      pendingInput = []
      pendingInputStart = 0
      inputClosed = true
    }
    if !tty {
      close(descriptors.input)
    }
    descriptors.input = -1
  }

  private func readOutput(
    _ descriptors: inout LiveProcessDescriptors, index: Int,
    buffer: UnsafeMutableRawBufferPointer, state: inout ReaderState
  ) {
    let descriptor = descriptors.outputs[index].descriptor
    let count = read(descriptor, buffer.baseAddress, buffer.count)
    if count > 0 {
      let now = monotonicClockNanoseconds()
      state.lastOutputAt = now
      let chunk = ProcessOutputChunk(
        stream: descriptors.outputs[index].stream,
        bytes: Array(UnsafeRawBufferPointer(rebasing: buffer[0..<count])),
        receivedAtNanoseconds: now)
      lock.withLock {
        output.append(chunk)
        lock.broadcast()
      }
      return
    }
    if count < 0, errno == EAGAIN || errno == EINTR { return }
    // 0 is the end of a pipe; EIO is the end of a terminal's output (every slave closed).
    // A terminal's master stays open as the input until the end.
    if !tty { close(descriptor) }
    descriptors.outputs[index].descriptor = -1
  }

  /// Kills what is left of the group (the child, unreaped, still holds the group id),
  /// reaps the child, closes every descriptor and publishes the end.
  private func finish(_ descriptors: inout LiveProcessDescriptors) {
    kill(-pid, SIGKILL)
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
      guard errno == EINTR else {
        // ECHILD: someone else reaped it (SIGCHLD set to SIG_IGN); the status is lost, so
        // report the kill that was just sent.
        status = SIGKILL
        break
      }
    }
    lock.withLock {
      descriptors.closeAll()
      masterDescriptor = -1
      if wakeWriteDescriptor >= 0 {
        close(wakeWriteDescriptor)
        wakeWriteDescriptor = -1
      }
      pendingInput = []
      pendingInputStart = 0
      termination = .fromWaitStatus(status)
      exited = true
      finished = true
      lock.broadcast()
    }
  }
}

/// The reader thread's bookkeeping apart from the descriptors.
private struct ReaderState {
  var terminating = false
  var killAt: UInt64?
  var exitedAt: UInt64?
  var lastOutputAt: UInt64 = 0

  /// After the child exited: stop at the end of the output, when a leftover process keeps
  /// it open but silent, or at the drain bound. (When terminating, the group got SIGKILL at
  /// the exit, so its output closes promptly unless something escaped the group.)
  func shouldStopReading(at time: UInt64, exitedAt: UInt64, openOutputs: Int) -> Bool {
    if openOutputs == 0 { return true }
    if time &- exitedAt >= LiveProcess.drainMaxMilliseconds &* 1_000_000 { return true }
    let quietSince = max(exitedAt, lastOutputAt)
    return time &- quietSince >= LiveProcess.drainIdleMilliseconds &* 1_000_000
  }

  func pollTimeoutMilliseconds(at time: UInt64, tick: Bool) -> Int32 {
    var deadlines: [UInt64] = []
    if exitedAt == nil, let killAt { deadlines.append(killAt) }
    if let exitedAt {
      deadlines.append(exitedAt &+ LiveProcess.drainMaxMilliseconds &* 1_000_000)
      deadlines.append(
        max(exitedAt, lastOutputAt) &+ LiveProcess.drainIdleMilliseconds &* 1_000_000)
    }
    var milliseconds: UInt64? = deadlines.map { deadline in
      // Round up so poll never wakes just before the deadline and spins.
      deadline > time ? (deadline - time + 999_999) / 1_000_000 : 0
    }.min()
    if tick { milliseconds = min(milliseconds ?? .max, LiveProcess.exitPollMilliseconds) }
    guard let milliseconds else { return -1 }
    return Int32(min(milliseconds, UInt64(Int32.max)))
  }
}
