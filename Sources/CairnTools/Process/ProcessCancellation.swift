import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Cancels a running `PlainProcess` from any thread. `cancel()` sets a flag and wakes the
/// run loop through a pipe it polls, so the process group is signalled at once rather than
/// at the next tick. Cancelling before the run starts makes the run return without
/// spawning anything.
public final class ProcessCancellation: Sendable {
  private let flag = Atomic<Bool>(false)
  /// The pipe the run loop polls: readable once `cancel()` wrote its byte.
  let wakeReadDescriptor: Int32
  private let wakeWriteDescriptor: Int32

  public init() {
    if let pipe = LinuxSystemCalls.makeCloseOnExecPipe() {
      wakeReadDescriptor = pipe.read
      wakeWriteDescriptor = pipe.write
      // The write end never blocks: one byte is enough to wake the loop, and a second
      // cancel() on a full pipe has nothing left to say.
      let flags = fcntl(pipe.write, F_GETFL)
      _ = fcntl(pipe.write, F_SETFL, flags | O_NONBLOCK)
    } else {
      // Without a pipe the loop still sees the flag at its next wake-up (it then polls at
      // a short interval; see PlainProcess.flagPollMilliseconds).
      wakeReadDescriptor = -1
      wakeWriteDescriptor = -1
    }
  }

  deinit {
    if wakeReadDescriptor >= 0 { close(wakeReadDescriptor) }
    if wakeWriteDescriptor >= 0 { close(wakeWriteDescriptor) }
  }

  /// Asks the run to stop: SIGTERM to the process group now, SIGKILL after the grace.
  public func cancel() {
    let (exchanged, _) = flag.compareExchange(
      expected: false, desired: true, ordering: .sequentiallyConsistent)
    guard exchanged, wakeWriteDescriptor >= 0 else { return }
    var byte: UInt8 = 1
    _ = write(wakeWriteDescriptor, &byte, 1)
  }

  public var isCancelled: Bool { flag.load(ordering: .sequentiallyConsistent) }

  /// Clears a cancel for the next turn, draining the wake byte; only between turns.
  public func reset() {
    flag.store(false, ordering: .sequentiallyConsistent)
    guard wakeReadDescriptor >= 0 else { return }
    let flags = fcntl(wakeReadDescriptor, F_GETFL)
    _ = fcntl(wakeReadDescriptor, F_SETFL, flags | O_NONBLOCK)
    var byte: UInt8 = 0
    while read(wakeReadDescriptor, &byte, 1) == 1 {}
    _ = fcntl(wakeReadDescriptor, F_SETFL, flags)
  }
}
