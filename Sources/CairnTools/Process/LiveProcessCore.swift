#if canImport(Glibc)
  import Glibc
#endif

/// The state a live process shares between its callers and its reader thread, behind one
/// lock. Callers only queue requests and wake the thread; the thread does every read,
/// write, kill after exit, and the reap. (The `LiveProcess` handle is separate so that
/// dropping it can end a process the thread still holds.)
final class LiveProcessCore: @unchecked Sendable {
  let pid: pid_t
  let tty: Bool
  let lock = ConditionLock()

  // Guarded by `lock`.
  var output: LiveOutputBuffer
  /// Bytes waiting to be written, from `pendingInputStart` on.
  var pendingInput: [UInt8] = []
  var pendingInputStart = 0
  /// No more caller writes; for pipes the thread closes stdin once the queue is written.
  var inputClosed = false
  var lastQueuedByte: UInt8?
  /// The thread has seen the child exit.
  var exited = false
  /// The child is reaped and every descriptor closed: the thread is done.
  var finished = false
  var termination: ProcessTermination?
  /// Set by the first termination request: the grace before SIGKILL.
  var terminationGraceMilliseconds: Int?
  /// The write end of the pipe that wakes the thread's poll; -1 once finished.
  var wakeWriteDescriptor: Int32
  /// The terminal's master, for resizing; -1 for pipes and once finished.
  var masterDescriptor: Int32

  init(
    pid: pid_t, tty: Bool, bufferedBytesMax: Int, wakeWriteDescriptor: Int32,
    masterDescriptor: Int32
  ) {
    self.pid = pid
    self.tty = tty
    self.output = LiveOutputBuffer(bytesMax: bufferedBytesMax)
    self.wakeWriteDescriptor = wakeWriteDescriptor
    self.masterDescriptor = masterDescriptor
  }

  var pendingInputCount: Int { pendingInput.count - pendingInputStart }

  /// Wakes the thread's poll. Call with the lock held (so the descriptor is still open).
  func wakeReader() {
    guard wakeWriteDescriptor >= 0 else { return }
    var byte: UInt8 = 1
    // A full pipe (EAGAIN) already holds a wake-up.
    _ = Glibc.write(wakeWriteDescriptor, &byte, 1)
  }

  func waitAndDrain(milliseconds: Int, returningOnOutput: Bool) -> LiveProcessDrain {
    let deadline = monotonicClockNanoseconds() &+ UInt64(max(milliseconds, 0)) &* 1_000_000
    return lock.withLock {
      while !finished, !(returningOnOutput && !output.isEmpty),
        monotonicClockNanoseconds() < deadline
      {
        lock.wait(untilNanoseconds: deadline)
      }
      var drain = output.take()
      drain.termination = finished ? termination : nil
      return drain
    }
  }

  func write(_ bytes: [UInt8]) throws(LiveProcessError) {
    lock.lock()
    defer { lock.unlock() }
    if inputClosed { throw .inputClosed }
    if exited { throw .exited }
    guard !bytes.isEmpty else { return }
    guard pendingInputCount + bytes.count <= LiveProcess.pendingInputBytesMax else {
      throw .inputBacklogFull(bytesMax: LiveProcess.pendingInputBytesMax)
    }
    queueInput(bytes)
  }

  private func queueInput(_ bytes: [UInt8]) {
    if pendingInputStart > 0 && pendingInputStart == pendingInput.count {
      pendingInput.removeAll(keepingCapacity: true)
      pendingInputStart = 0
    }
    pendingInput.append(contentsOf: bytes)
    lastQueuedByte = bytes.last
    wakeReader()
  }

  func closeInput() {
    lock.withLock {
      guard !inputClosed, !finished else { return }
      inputClosed = true
      if tty {
        // In canonical mode ^D ends the input only at the start of a line; after a
        // partial line the first one only hands that line over.
        let endOfFile: UInt8 = 0x04
        let atLineStart = lastQueuedByte == nil || lastQueuedByte == 0x0A || lastQueuedByte == 0x0D
        queueInput(atLineStart ? [endOfFile] : [endOfFile, endOfFile])
      } else {
        wakeReader()
      }
    }
  }

  func resize(_ size: TerminalSize) throws(LiveProcessError) {
    guard tty else { throw .notATerminal }
    lock.lock()
    defer { lock.unlock() }
    guard !exited, masterDescriptor >= 0 else { throw .exited }
    guard PseudoTerminal.setSize(size, master: masterDescriptor) == 0 else {
      throw .systemCallFailed(call: "ioctl TIOCSWINSZ", errno: errno)
    }
  }

  func signal(_ number: Int32) throws(LiveProcessError) {
    lock.lock()
    defer { lock.unlock() }
    // The thread reaps only after setting `exited` under this lock, so while it is false
    // the child is unreaped and its pid still names the group: no other group can be hit.
    guard !exited else { throw .exited }
    guard kill(-pid, number) == 0 else { throw .systemCallFailed(call: "kill", errno: errno) }
  }

  func beginTermination(graceMilliseconds: Int) {
    lock.withLock {
      guard !finished, terminationGraceMilliseconds == nil else { return }
      terminationGraceMilliseconds = max(graceMilliseconds, 0)
      wakeReader()
    }
  }

  func waitUntilFinished() {
    lock.withLock {
      while !finished { lock.wait(untilNanoseconds: nil) }
    }
  }

  var hasExited: Bool { lock.withLock { exited } }
}
