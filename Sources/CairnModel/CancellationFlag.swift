#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A one-way "stop" signal shared between whoever cancels (a Ctrl-C handler, the runtime)
/// and a blocking transfer. The transfer looks at it at least every
/// `CurlHTTPClient.pollIntervalMilliseconds`; a retry's backoff wait wakes at once.
public final class CancellationFlag: @unchecked Sendable {
  // A mutex and a condition variable rather than an atomic: `wait(for:)` must wake the
  // moment `cancel()` is called, not at the end of a backoff. Both live on the heap so
  // their addresses never move.
  private let mutex: UnsafeMutablePointer<pthread_mutex_t>
  private let condition: UnsafeMutablePointer<pthread_cond_t>
  private var cancelled = false

  public init() {
    mutex = .allocate(capacity: 1)
    pthread_mutex_init(mutex, nil)
    condition = .allocate(capacity: 1)
    var attributes = pthread_condattr_t()
    pthread_condattr_init(&attributes)
    #if canImport(Glibc)
      pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
    #endif
    pthread_cond_init(condition, &attributes)
    pthread_condattr_destroy(&attributes)
  }

  deinit {
    pthread_cond_destroy(condition)
    condition.deallocate()
    pthread_mutex_destroy(mutex)
    mutex.deallocate()
  }

  /// Asks every transfer and wait that watches this flag to stop. Idempotent.
  public func cancel() {
    pthread_mutex_lock(mutex)
    cancelled = true
    pthread_cond_broadcast(condition)
    pthread_mutex_unlock(mutex)
  }

  /// Clears a cancel for the next turn of the same session (the terminal UI runs many
  /// turns with one runner). Only between turns: nothing may be watching the flag.
  public func reset() {
    pthread_mutex_lock(mutex)
    cancelled = false
    pthread_mutex_unlock(mutex)
  }

  public var isCancelled: Bool {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    return cancelled
  }

  /// Waits up to `duration`, or until `cancel()`. True when cancelled.
  public func wait(for duration: Duration) -> Bool {
    let deadline = monotonicDeadline(after: duration)
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    var deadlineSpec = deadline
    while !cancelled {
      let result = pthread_cond_timedwait(condition, mutex, &deadlineSpec)
      if result == ETIMEDOUT { break }
    }
    return cancelled
  }

  private func monotonicDeadline(after duration: Duration) -> timespec {
    var now = timespec()
    #if canImport(Glibc)
      clock_gettime(CLOCK_MONOTONIC, &now)
    #else
      clock_gettime(CLOCK_REALTIME, &now)
    #endif
    let (seconds, attoseconds) = duration.components
    let extraNanoseconds = Int(max(0, attoseconds) / 1_000_000_000)
    var nanoseconds = now.tv_nsec + extraNanoseconds
    var wholeSeconds = now.tv_sec + Int(max(0, seconds))
    if nanoseconds >= 1_000_000_000 {
      nanoseconds -= 1_000_000_000
      wholeSeconds += 1
    }
    return timespec(tv_sec: wholeSeconds, tv_nsec: nanoseconds)
  }
}
