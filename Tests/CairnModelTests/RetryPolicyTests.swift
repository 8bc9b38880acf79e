import CairnModel
import Testing

@Suite struct RetryPolicyTests {
  @Test func backoffDoublesFromTwoHundredMillisecondsLikeCodex() {
    let policy = RetryPolicy()
    let delays = (1...4).map { policy.delay(forRetry: $0, retryAfter: nil, jitter: 0.5) }
    #expect(
      delays == [.milliseconds(200), .milliseconds(400), .milliseconds(800), .milliseconds(1600)])
  }

  @Test func jitterStaysWithinTenPercent() {
    let policy = RetryPolicy()
    #expect(policy.delay(forRetry: 2, retryAfter: nil, jitter: 0) == .milliseconds(360))
    #expect(policy.delay(forRetry: 2, retryAfter: nil, jitter: 0.999_999) < .milliseconds(441))
    #expect(policy.delay(forRetry: 2, retryAfter: nil, jitter: 0.999_999) > .milliseconds(439))
  }

  @Test func longWaitsAreCapped() {
    let policy = RetryPolicy(maxRetries: 100, delayMax: .seconds(60))
    #expect(policy.delay(forRetry: 40, retryAfter: nil, jitter: 0.5) == .seconds(60))
    #expect(policy.delay(forRetry: 1, retryAfter: "86400", jitter: 0.5) == .seconds(60))
  }

  @Test func retryAfterTakesSecondsMillisecondsAndHTTPDates() {
    let policy = RetryPolicy()
    #expect(policy.delay(forRetry: 1, retryAfter: " 3 ", jitter: 0.5) == .seconds(3))
    #expect(policy.delay(forRetry: 1, retryAfter: "0", jitter: 0.5) == .zero)
    #expect(
      policy.delay(forRetry: 1, retryAfter: "9", retryAfterMilliseconds: "250", jitter: 0.5)
        == .milliseconds(250))
    // 1994-11-06 08:49:37 UTC is 784111777; ten seconds before it:
    #expect(
      policy.delay(
        forRetry: 1, retryAfter: "Sun, 06 Nov 1994 08:49:37 GMT", jitter: 0.5,
        nowUnixSeconds: 784_111_767) == .seconds(10))
    // A date in the past means "now".
    #expect(
      policy.delay(
        forRetry: 1, retryAfter: "Sun, 06 Nov 1994 08:49:37 GMT", jitter: 0.5,
        nowUnixSeconds: 784_111_800) == .zero)
    // Anything else falls back to the backoff.
    #expect(policy.delay(forRetry: 1, retryAfter: "soon", jitter: 0.5) == .milliseconds(200))
  }

  @Test func whichStatusesAreRetried() {
    #expect([408, 429, 500, 502, 503, 504, 599].allSatisfy(RetryPolicy.isRetryable(status:)))
    #expect(![400, 401, 403, 404, 409, 413, 422].contains(where: RetryPolicy.isRetryable(status:)))
    let policy = RetryPolicy()
    #expect(policy.retries(status: 429, body: #"{"error":{"code":"rate_limit_exceeded"}}"#))
    #expect(!policy.retries(status: 429, body: #"{"error":{"code":"insufficient_quota"}}"#))
    #expect(!RetryPolicy(retriesTooManyRequests: false).retries(status: 429, body: ""))
    #expect(policy.retries(status: 500, body: ""))
    #expect(!policy.retries(status: 400, body: ""))
  }
}
