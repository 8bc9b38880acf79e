import CairnModel
import CairnServer
import Foundation
import Testing

/// The transport against the real scripted server over loopback: libcurl, real sockets.
@Suite struct ResponsesTransportTests {
  @Test func aStreamedAnswerArrivesInChunksWithTheHeadFirst() async throws {
    let server = try await startServer(
      #"{"responses": [{"event_delay_ms": 20, "output": [{"type": "message", "text": "Hello world", "deltas": ["Hel", "lo ", "world"]}]}]}"#
    )
    let sink = RecordingSink()
    let log = RetryLog()
    let error = try await runStream(
      ResponsesTransport(endpoint: endpoint(server)), log: log, sink: sink)
    try await server.shutdown()

    #expect(error == nil)
    let calls = sink.calls
    #expect(calls.first == .head(200))
    #expect(calls.dropFirst().allSatisfy { if case .body = $0 { true } else { false } })
    // The server sends one chunk per event, 20 ms apart: they arrive as separate writes.
    #expect(calls.count > 3, "\(calls)")
    #expect(sink.headers.value(named: "content-type") == "text/event-stream")
    let text = sink.bodyText
    #expect(text.hasPrefix("event: response.created\n"))
    #expect(text.contains(#""delta":"lo ""#))
    #expect(text.contains("event: response.completed\n"))
    #expect(log.attempts.isEmpty)
  }

  @Test func serverErrorsAreRetriedWithGrowingWaitsThenTheStreamIsPassedOn() async throws {
    let server = try await startServer(
      #"{"responses": [{"error": {"status": 500}}, {"error": {"status": 503}}, {"output": [{"type": "message", "text": "ok"}]}]}"#
    )
    let sink = RecordingSink()
    let log = RetryLog()
    var transport = ResponsesTransport(endpoint: endpoint(server))
    transport.retryPolicy = quickPolicy(maxRetries: 4)
    let error = try await runStream(transport, log: log, sink: sink)
    let requests = server.requests
    try await server.shutdown()

    #expect(error == nil)
    #expect(requests.map(\.status) == [500, 503, 200])
    #expect(log.attempts == [1, 2])
    #expect(log.reasons == ["HTTP 500 Internal Server Error", "HTTP 503 Service Unavailable"])
    #expect(log.delays == [.milliseconds(1), .milliseconds(2)])
    // Only the successful answer reaches the sink.
    #expect(sink.calls.first == .head(200))
    #expect(sink.calls.filter { $0 == .head(200) }.count == 1)
    #expect(sink.bodyText.contains("response.completed"))
  }

  @Test func serverErrorsPastTheRetryLimitFailWithTheLastStatus() async throws {
    let server = try await startServer(
      #"{"responses": [{"repeat": true, "error": {"status": 502, "body": "upstream down"}}]}"#)
    let log = RetryLog()
    var transport = ResponsesTransport(endpoint: endpoint(server))
    transport.retryPolicy = quickPolicy(maxRetries: 2)
    let error = try await runStream(transport, log: log, sink: RecordingSink())
    let count = server.requests.count
    try await server.shutdown()

    #expect(error == .httpStatus(status: 502, body: "upstream down", retryable: true))
    #expect(count == 3)
    #expect(log.attempts == [1, 2])
  }

  @Test func aBadRequestIsNotRetriedAndItsBodyIsPassedOnVerbatim() async throws {
    let body =
      #"{"error":{"message":"mock bad request","type":"invalid_request_error","param":null,"code":null}}"#
    let server = try await startServer(
      #"{"responses": [{"error": {"status": 400, "body": "#
        + #"{"error":{"message":"mock bad request","type":"invalid_request_error","param":null,"code":null}}"#
        + #"}}, {"output": [{"type": "message", "text": "never"}]}]}"#)
    let sink = RecordingSink()
    let log = RetryLog()
    var transport = ResponsesTransport(endpoint: endpoint(server))
    transport.retryPolicy = quickPolicy(maxRetries: 4)
    let error = try await runStream(transport, log: log, sink: sink)
    let count = server.requests.count
    try await server.shutdown()

    #expect(error == .httpStatus(status: 400, body: body, retryable: false))
    #expect(error?.description == body)
    #expect(count == 1)
    #expect(log.attempts.isEmpty)
    #expect(sink.calls.isEmpty)
  }

  @Test func tooManyRequestsWaitsWhatRetryAfterMillisecondsSays() async throws {
    let server = try await startServer(
      #"{"responses": [{"error": {"status": 429, "headers": {"retry-after-ms": "37"}}}, {"output": [{"type": "message", "text": "ok"}]}]}"#
    )
    let log = RetryLog()
    var transport = ResponsesTransport(endpoint: endpoint(server))
    transport.retryPolicy = quickPolicy(maxRetries: 4)
    let error = try await runStream(transport, log: log, sink: RecordingSink())
    let statuses = server.requests.map(\.status)
    try await server.shutdown()

    #expect(error == nil)
    #expect(statuses == [429, 200])
    #expect(log.reasons == ["HTTP 429 Too Many Requests"])
    #expect(log.delays == [.milliseconds(37)])
  }

  @Test func retryAfterSecondsIsHonouredAndCancellingEndsTheWait() async throws {
    let server = try await startServer(
      #"{"responses": [{"error": {"status": 429, "headers": {"retry-after": "7"}}}, {"output": [{"type": "message", "text": "ok"}]}]}"#
    )
    let cancel = CancellationFlag()
    let log = RetryLog()
    let transport = ResponsesTransport(
      endpoint: endpoint(server), retryPolicy: quickPolicy(maxRetries: 4))
    // Cancel from onRetry: the seven-second wait must end at once with `.cancelled`.
    let error = try await offPool { () -> ModelTransportError? in
      do throws(ModelTransportError) {
        try transport.stream(
          body: Array("{}".utf8), headers: [], cancel: cancel,
          onRetry: { attempt, reason, delay in
            log.record(attempt, reason, delay)
            cancel.cancel()
          }, sink: RecordingSink())
        return nil
      } catch { return error }
    }
    let count = server.requests.count
    try await server.shutdown()

    #expect(log.delays == [.seconds(7)])
    #expect(error == .cancelled)
    #expect(count == 1)
  }

  @Test func anExhaustedQuotaIsNotRetried() async throws {
    let server = try await startServer(
      #"{"responses": [{"repeat": true, "error": {"status": 429, "body": {"error": {"code": "insufficient_quota", "message": "You exceeded your current quota"}}}}]}"#
    )
    let log = RetryLog()
    var transport = ResponsesTransport(endpoint: endpoint(server))
    transport.retryPolicy = quickPolicy(maxRetries: 4)
    let error = try await runStream(transport, log: log, sink: RecordingSink())
    let count = server.requests.count
    try await server.shutdown()

    guard case .httpStatus(429, let body, false)? = error else {
      Issue.record("expected a non-retryable 429, got \(String(describing: error))")
      return
    }
    #expect(body.contains("insufficient_quota"))
    #expect(count == 1)
    #expect(log.attempts.isEmpty)
  }

  @Test func aStreamThatGoesSilentEndsWithIdleTimeout() async throws {
    // Events 3 s apart; the transport allows 150 ms of silence.
    let server = try await startServer(
      #"{"responses": [{"event_delay_ms": 3000, "output": [{"type": "message", "text": "slow"}]}]}"#
    )
    let sink = RecordingSink()
    let log = RetryLog()
    let transport = ResponsesTransport(endpoint: endpoint(server, idleMilliseconds: 150))
    let error = try await runStream(transport, log: log, sink: sink)
    try await server.shutdown()

    #expect(error == .idleTimeout(milliseconds: 150))
    // The head and the first event arrived; the idle stream is not retried here.
    #expect(sink.calls.first == .head(200))
    #expect(sink.bodyText.contains("response.created"))
    #expect(!sink.bodyText.contains("response.completed"))
    #expect(log.attempts.isEmpty)
  }

  @Test func cancellingMidStreamEndsTheTransferWithCancelled() async throws {
    let server = try await startServer(
      #"{"responses": [{"event_delay_ms": 5000, "output": [{"type": "message", "text": "never finished"}]}]}"#
    )
    let cancel = CancellationFlag()
    // Cancel once the first event is in: the next is five seconds away.
    let sink = RecordingSink { _ in
      cancel.cancel()
      return true
    }
    let log = RetryLog()
    let error = try await runStream(
      ResponsesTransport(endpoint: endpoint(server)), cancel: cancel, log: log, sink: sink)
    try await server.shutdown()

    #expect(error == .cancelled)
    #expect(sink.calls.count == 2)
    #expect(!sink.bodyText.contains("response.completed"))
  }

  @Test func aRefusedConnectionIsRetriedThenReportedAsConnectionFailed() async throws {
    let refusing = try RefusingPort()
    let log = RetryLog()
    var transport = ResponsesTransport(
      endpoint: ModelEndpoint(
        providerID: "cairn", providerName: "Cairn scripted server",
        responsesURL: "http://127.0.0.1:\(refusing.port)/v1/responses", headers: [],
        apiKey: APIKey("sk-test-000"), requestMaxRetries: 4,
        streamIdleTimeoutMilliseconds: 10_000, connectTimeoutMilliseconds: 5_000))
    transport.retryPolicy = quickPolicy(maxRetries: 2)
    let error = try await runStream(transport, log: log, sink: RecordingSink())

    guard case .connectionFailed(let reason)? = error else {
      Issue.record("expected connectionFailed, got \(String(describing: error))")
      return
    }
    #expect(reason.contains("127.0.0.1"))
    #expect(log.attempts == [1, 2])
    #expect(log.reasons.allSatisfy { $0.hasPrefix("connection failed: ") })
    withExtendedLifetime(refusing) {}
  }

  @Test func theServerSeesCodexHeaders() async throws {
    let server = try await startServer(
      #"{"responses": [{"output": [{"type": "message", "text": "ok"}]}]}"#)
    let provider = [HTTPHeader(name: "X-Provider-Header", value: "from-config")]
    let transport = ResponsesTransport(endpoint: endpoint(server, headers: provider))
    let userAgent = CodexRequestHeaders.userAgent(
      cairnVersion: "0.1.0", operatingSystem: "Debian GNU/Linux 12", architecture: "x86_64",
      terminal: "xterm")
    let headers = CodexRequestHeaders.make(
      apiKey: transport.endpoint.apiKey, threadID: "thread-1", windowID: "thread-1:0",
      userAgent: userAgent, turnMetadataJSON: #"{"turn_id":"t1"}"#)
    let error = try await runStream(
      transport, headers: headers, log: RetryLog(), sink: RecordingSink())
    let requests = server.requests
    try await server.shutdown()

    #expect(error == nil)
    let request = try #require(requests.first)
    #expect(request.method == "POST")
    #expect(request.path == "/v1/responses")
    // The server's record keeps only the scheme of a credential.
    #expect(request.header("authorization") == "Bearer [REDACTED]")
    #expect(request.header("originator") == "codex_exec")
    #expect(request.header("accept") == "text/event-stream")
    #expect(request.header("content-type") == "application/json")
    #expect(request.header("session-id") == "thread-1")
    #expect(request.header("thread-id") == "thread-1")
    #expect(request.header("x-client-request-id") == "thread-1")
    #expect(request.header("x-codex-window-id") == "thread-1:0")
    #expect(request.header("x-codex-turn-metadata") == #"{"turn_id":"t1"}"#)
    #expect(request.header("x-provider-header") == "from-config")
    #expect(
      request.header("user-agent")
        == "cairn/0.1.0 (Debian GNU/Linux 12; x86_64) xterm (codex_exec; 0.147.0)")
    #expect(request.header("expect") == nil)
    #expect(request.headers.filter { $0.name == "authorization" }.count == 1)
    #expect(String(decoding: request.body, as: UTF8.self).hasPrefix(#"{"model":"gpt-5.5""#))
  }

  @Test func aSinkCanStopTheTransferWithoutAnError() async throws {
    let server = try await startServer(
      #"{"responses": [{"event_delay_ms": 5000, "output": [{"type": "message", "text": "x"}]}]}"#
    )
    let sink = RecordingSink { _ in false }
    let error = try await offPool { () -> ModelTransportError? in
      do throws(ModelTransportError) {
        try CurlHTTPClient().post(
          url: server.baseURL + "/responses", headers: [], body: Array("{}".utf8),
          connectTimeoutMilliseconds: 5_000, idleTimeoutMilliseconds: 60_000,
          cancel: CancellationFlag(), sink: sink)
        return nil
      } catch { return error }
    }
    try await server.shutdown()

    #expect(error == nil)
    #expect(sink.calls.count == 2)
  }
}

extension ResponsesTransportTests {
  @Test func tlsToAPlainHTTPServerFailsAsTLSAndIsNotRetried() async throws {
    let server = try await startServer(#"{"responses": [{"repeat": true, "output": []}]}"#)
    var secure = endpoint(server)
    secure.responsesURL = "https://127.0.0.1:\(server.port)/v1/responses"
    let log = RetryLog()
    let transport = ResponsesTransport(endpoint: secure, retryPolicy: quickPolicy(maxRetries: 3))
    let error = try await runStream(transport, log: log, sink: RecordingSink())
    try await server.shutdown()

    guard case .tls(let reason)? = error else {
      Issue.record("expected a TLS failure, got \(String(describing: error))")
      return
    }
    #expect(reason.contains("https://127.0.0.1"))
    #expect(log.attempts.isEmpty)
  }

  @Test func aHeaderWithALineBreakIsRefusedBeforeSending() async throws {
    let server = try await startServer(#"{"responses": [{"output": []}]}"#)
    let transport = ResponsesTransport(endpoint: endpoint(server))
    let error = try await runStream(
      transport, headers: [HTTPHeader(name: "x-injected", value: "a\r\nx-evil: 1")],
      log: RetryLog(), sink: RecordingSink())
    let count = server.requests.count
    try await server.shutdown()

    #expect(error == .other("the request header `x-injected` holds a line break or a colon"))
    #expect(count == 0)
  }
}

extension ResponsesTransportTests {
  @Test func theIdleTimeoutDoesNotLimitTheTotalDuration() async throws {
    // About twenty events 100 ms apart: two seconds in all, never 1.5 s of silence.
    let deltas = (0..<14).map { "\"d\($0) \"" }.joined(separator: ", ")
    let text = (0..<14).map { "d\($0) " }.joined()
    let server = try await startServer(
      #"{"responses": [{"event_delay_ms": 100, "output": [{"type": "message", "text": ""#
        + text + #"", "deltas": ["# + deltas + "]}]}]}")
    let sink = RecordingSink()
    let clock = ContinuousClock()
    let started = clock.now
    let error = try await runStream(
      ResponsesTransport(endpoint: endpoint(server, idleMilliseconds: 1_500)), log: RetryLog(),
      sink: sink)
    let elapsed = clock.now - started
    try await server.shutdown()

    #expect(error == nil)
    #expect(sink.bodyText.contains("event: response.completed"))
    // The premise: the whole stream outlasted the idle limit.
    #expect(elapsed > .milliseconds(1_500))
  }
}
