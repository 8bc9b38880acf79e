/// POSTs a Responses API request and streams the answer, with Codex's request-level retries
/// (`request_max_retries`, default 4): a connect failure, 408, 429 or 5xx before any byte
/// of a 2xx response was passed on is retried after a backoff; any other 4xx fails at once
/// with its body verbatim. Once a 2xx head reached the sink, nothing is retried here: a
/// stream that breaks is the runtime's to retry (`stream_max_retries`).
/// docs/MODEL_RUNTIME.md, "Retries and backoff".
public struct ResponsesTransport: Sendable {
  public var endpoint: ModelEndpoint
  public var client: CurlHTTPClient
  public var retryPolicy: RetryPolicy

  /// An error response's body is kept up to this many bytes; the rest is dropped.
  public static let errorBodyBytesMax = 1 << 20

  /// `retryPolicy` defaults to Codex's, with the endpoint's `requestMaxRetries`.
  public init(
    endpoint: ModelEndpoint, client: CurlHTTPClient = .init(), retryPolicy: RetryPolicy? = nil
  ) {
    self.endpoint = endpoint
    self.client = client
    self.retryPolicy = retryPolicy ?? RetryPolicy(maxRetries: endpoint.requestMaxRetries)
  }

  /// Sends `body` (the request JSON) to `endpoint.responsesURL` and streams a 2xx answer into
  /// `sink`. `headers` are the request's own (`CodexRequestHeaders.make`); the provider's
  /// headers are added after them and win on a clash, and `authorization` comes from the
  /// endpoint's key when `headers` has none.
  ///
  /// `onRetry(attempt, reason, delay)` is called before each wait, attempt counting from 1.
  /// The wait ends early with `.cancelled` when `cancel` is raised.
  public func stream(
    body: [UInt8], headers: [HTTPHeader], cancel: CancellationFlag,
    onRetry: (_ attempt: Int, _ reason: String, _ delay: Duration) -> Void,
    sink: any HTTPResponseSink
  ) throws(ModelTransportError) {
    let requestHeaders = mergedHeaders(headers)
    var retry = 0
    while true {
      if cancel.isCancelled { throw .cancelled }
      let gate = StatusGate(downstream: sink, errorBodyBytesMax: Self.errorBodyBytesMax)
      var failure: ModelTransportError
      var hint: (seconds: String?, milliseconds: String?) = (nil, nil)
      do {
        try client.post(
          url: endpoint.responsesURL, headers: requestHeaders, body: body,
          connectTimeoutMilliseconds: endpoint.connectTimeoutMilliseconds,
          idleTimeoutMilliseconds: endpoint.streamIdleTimeoutMilliseconds, cancel: cancel,
          sink: gate)
        if gate.forwarded { return }
        failure = .connectionFailed("the server closed the connection without an answer")
      } catch {
        // A stream already passed on is never retried here; nor is anything but a
        // connection that failed before an answer began.
        guard !gate.forwarded, case .connectionFailed = error else { throw error }
        failure = error
      }
      if let status = gate.errorStatus {
        // An error answer, whole or cut short: its status decides.
        let text = String(decoding: gate.errorBody, as: UTF8.self)
        let retryable = retryPolicy.retries(status: status, body: text)
        failure = .httpStatus(status: status, body: text, retryable: retryable)
        guard retryable else { throw failure }
        hint = (
          gate.headers.value(named: "retry-after"), gate.headers.value(named: "retry-after-ms")
        )
      }
      guard retry < retryPolicy.maxRetries else { throw failure }
      retry += 1
      let delay = retryPolicy.delay(
        forRetry: retry, retryAfter: hint.seconds, retryAfterMilliseconds: hint.milliseconds,
        jitter: Double.random(in: 0..<1))
      onRetry(retry, Self.reason(failure), delay)
      if cancel.wait(for: delay) { throw .cancelled }
    }
  }

  /// The headers a request goes out with: `headers`, minus any the provider sets, then the
  /// provider's; `authorization: Bearer <key>` from the endpoint when none is there yet.
  public func mergedHeaders(_ headers: [HTTPHeader]) -> [HTTPHeader] {
    var merged = headers.filter { header in !endpoint.headers.contains { $0.isNamed(header.name) } }
    merged += endpoint.headers
    if let key = endpoint.apiKey, !merged.contains(where: { $0.isNamed("authorization") }) {
      merged.insert(HTTPHeader(name: "authorization", value: key.bearerValue), at: 0)
    }
    return merged
  }

  /// A short reason for a retry, for logs and `Reconnecting…` lines: the status line, or
  /// why the connection failed.
  static func reason(_ failure: ModelTransportError) -> String {
    if case .httpStatus(let status, _, _) = failure {
      return "HTTP \(status) \(ModelTransportError.reasonPhrase(status))"
    }
    return failure.description
  }
}

/// Passes a 2xx response on to the real sink; keeps any other response's status, headers
/// and (bounded) body for the error.
final class StatusGate: HTTPResponseSink {
  let downstream: any HTTPResponseSink
  let errorBodyBytesMax: Int
  private(set) var forwarded = false
  private(set) var errorStatus: Int?
  private(set) var headers: [HTTPHeader] = []
  private(set) var errorBody: [UInt8] = []

  init(downstream: any HTTPResponseSink, errorBodyBytesMax: Int) {
    self.downstream = downstream
    self.errorBodyBytesMax = errorBodyBytesMax
  }

  func receiveHead(status: Int, headers: [HTTPHeader]) {
    self.headers = headers
    if (200..<300).contains(status) {
      forwarded = true
      downstream.receiveHead(status: status, headers: headers)
    } else {
      errorStatus = status
    }
  }

  func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
    if forwarded { return downstream.receiveBody(bytes) }
    let room = errorBodyBytesMax - errorBody.count
    if room > 0 { errorBody.append(contentsOf: bytes.prefix(room)) }
    return true
  }
}
