#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Request-level retries (Codex's `request_max_retries`): which failures are retried and how
/// long to wait before each retry. docs/MODEL_RUNTIME.md, "Retries and backoff".
public struct RetryPolicy: Sendable, Equatable {
  /// Retries after the first attempt (so `maxRetries + 1` attempts at most).
  public var maxRetries: Int
  /// The first retry's wait before jitter; each later retry doubles it. Codex: 200 ms.
  public var baseDelay: Duration
  /// The wait is scaled by a factor drawn from `1 ± jitterSpread` (Codex: 0.9…1.1).
  public var jitterSpread: Double
  /// No wait is longer than this, whether from backoff or from `Retry-After`.
  public var delayMax: Duration
  /// Whether 429 is retried. Codex 0.147 does not retry it (a 429 is more often an exhausted
  /// quota than a burst); Cairn does, honouring `Retry-After`, unless the body says
  /// `insufficient_quota`.
  public var retriesTooManyRequests: Bool

  public init(
    maxRetries: Int = 4, baseDelay: Duration = .milliseconds(200), jitterSpread: Double = 0.1,
    delayMax: Duration = .seconds(60), retriesTooManyRequests: Bool = true
  ) {
    self.maxRetries = max(0, maxRetries)
    self.baseDelay = baseDelay
    self.jitterSpread = min(max(jitterSpread, 0), 1)
    self.delayMax = delayMax
    self.retriesTooManyRequests = retriesTooManyRequests
  }

  /// The wait before retry number `attempt` (1 for the first retry).
  ///
  /// With a usable `Retry-After` (`retryAfter`: delay-seconds or an HTTP date) or
  /// `retry-after-ms` (`retryAfterMilliseconds`), the server's wait is used as is; otherwise
  /// `baseDelay · 2^(attempt-1)`, scaled by the jitter. `jitter` is a number in 0..<1 (the
  /// caller draws it, so this stays a pure function); `nowUnixSeconds` is the wall clock
  /// an HTTP date is measured against (nil reads it). Both are capped at `delayMax`.
  ///
  /// ```swift
  /// RetryPolicy().delay(forRetry: 3, retryAfter: nil, jitter: 0.5)  // 800 ms
  /// RetryPolicy().delay(forRetry: 1, retryAfter: "2", jitter: 0.5)  // 2 s
  /// ```
  public func delay(
    forRetry attempt: Int, retryAfter: String?, retryAfterMilliseconds: String? = nil,
    jitter: Double, nowUnixSeconds: Int64? = nil
  ) -> Duration {
    if let hint = RetryAfter.parse(
      seconds: retryAfter, milliseconds: retryAfterMilliseconds,
      nowUnixSeconds: nowUnixSeconds ?? Self.wallClockUnixSeconds())
    {
      return min(hint, delayMax)
    }
    let exponent = min(max(attempt, 1) - 1, 30)
    let factor = 1 - jitterSpread + 2 * jitterSpread * min(max(jitter, 0), 1)
    // Whole microseconds, so equal inputs give equal, printable waits.
    let base = baseDelay.components
    let baseMicroseconds = Double(base.seconds) * 1e6 + Double(base.attoseconds) / 1e12
    let microseconds = (baseMicroseconds * Double(1 << exponent) * factor).rounded()
    return min(.microseconds(Int64(min(microseconds, 1e15))), delayMax)
  }

  /// Whether a status is worth retrying at all: 408, 429 and every 5xx. Other 4xx answers
  /// will not change on a second try.
  public static func isRetryable(status: Int) -> Bool {
    status == 408 || status == 429 || (500...599).contains(status)
  }

  /// Whether this policy retries a response with `status` and `body`.
  public func retries(status: Int, body: String) -> Bool {
    guard Self.isRetryable(status: status) else { return false }
    if status == 429 {
      return retriesTooManyRequests && !body.contains("insufficient_quota")
    }
    return true
  }

  static func wallClockUnixSeconds() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return Int64(now.tv_sec)
  }
}
