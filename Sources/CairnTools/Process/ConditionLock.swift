#if canImport(Glibc)
  import Glibc
#endif

/// A mutex with a condition variable on the monotonic clock, for threads that wait for
/// another thread's progress with a deadline (a wall-clock jump must not cut a wait short
/// or stretch it). Synchronization's `Mutex` has no condition to wait on.
final class ConditionLock: @unchecked Sendable {
  private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
  private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

  init() {
    pthread_mutex_init(mutex, nil)
    var attributes = pthread_condattr_t()
    pthread_condattr_init(&attributes)
    pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
    pthread_cond_init(condition, &attributes)
    pthread_condattr_destroy(&attributes)
  }

  deinit {
    pthread_cond_destroy(condition)
    pthread_mutex_destroy(mutex)
    condition.deallocate()
    mutex.deallocate()
  }

  func lock() { pthread_mutex_lock(mutex) }
  func unlock() { pthread_mutex_unlock(mutex) }

  func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
    lock()
    defer { unlock() }
    return try body()
  }

  /// Wakes every waiter. Call with the lock held, after changing what they wait for.
  func broadcast() { pthread_cond_broadcast(condition) }

  /// Waits (the lock held) until broadcast or until `deadlineNanoseconds` on the
  /// monotonic clock; nil waits without a deadline. Spurious wake-ups happen: re-check.
  func wait(untilNanoseconds deadlineNanoseconds: UInt64?) {
    guard let deadlineNanoseconds else {
      pthread_cond_wait(condition, mutex)
      return
    }
    var deadline = timespec(
      tv_sec: Int(deadlineNanoseconds / 1_000_000_000),
      tv_nsec: Int(deadlineNanoseconds % 1_000_000_000))
    pthread_cond_timedwait(condition, mutex, &deadline)
  }
}

/// The monotonic clock in nanoseconds: what live processes stamp output chunks with.
func monotonicClockNanoseconds() -> UInt64 {
  var time = timespec()
  clock_gettime(CLOCK_MONOTONIC, &time)
  return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}
