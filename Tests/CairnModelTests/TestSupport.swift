import CairnModel
import CairnServer
import Foundation

/// Runs blocking work (a libcurl transfer) on its own thread rather than on the cooperative
/// pool, which has only two threads here.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
  try await withCheckedThrowingContinuation { continuation in
    Thread { continuation.resume(with: Result { try body() }) }.start()
  }
}

/// Starts the scripted server on 127.0.0.1 with a JSON script.
func startServer(_ json: String) async throws -> ResponsesServer {
  let script = try ResponsesScript.parse(Array(json.utf8))
  return try await ResponsesServer.start(script: script)
}

/// An endpoint at the scripted server, with tiny timeouts left to each test.
func endpoint(
  _ server: ResponsesServer, apiKey: APIKey? = APIKey("sk-test-000"),
  headers: [HTTPHeader] = [], requestMaxRetries: Int = 4, idleMilliseconds: Int = 10_000
) -> ModelEndpoint {
  ModelEndpoint(
    providerID: "cairn", providerName: "Cairn scripted server",
    responsesURL: server.baseURL + "/responses", headers: headers, apiKey: apiKey,
    requestMaxRetries: requestMaxRetries, streamIdleTimeoutMilliseconds: idleMilliseconds,
    connectTimeoutMilliseconds: 5_000)
}

/// A retry policy with millisecond waits, so a test with retries takes milliseconds.
func quickPolicy(maxRetries: Int) -> RetryPolicy {
  RetryPolicy(maxRetries: maxRetries, baseDelay: .milliseconds(1), jitterSpread: 0)
}

/// Everything a sink saw, in order, behind a lock (the transfer runs on another thread).
final class RecordingSink: HTTPResponseSink, @unchecked Sendable {
  enum Call: Equatable {
    case head(Int)
    case body(Int)
  }

  private let lock = NSLock()
  private var _calls: [Call] = []
  private var _body: [UInt8] = []
  private var _headers: [HTTPHeader] = []
  /// Called with each chunk after it is recorded; returns whether to go on.
  let onBody: @Sendable ([UInt8]) -> Bool

  init(onBody: @escaping @Sendable ([UInt8]) -> Bool = { _ in true }) { self.onBody = onBody }

  func receiveHead(status: Int, headers: [HTTPHeader]) {
    lock.withLock {
      _calls.append(.head(status))
      _headers = headers
    }
  }

  func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
    let chunk = Array(bytes)
    lock.withLock {
      _calls.append(.body(chunk.count))
      _body += chunk
    }
    return onBody(chunk)
  }

  var calls: [Call] { lock.withLock { _calls } }
  var bodyText: String { lock.withLock { String(decoding: _body, as: UTF8.self) } }
  var headers: [HTTPHeader] { lock.withLock { _headers } }
}

/// What `onRetry` was called with.
final class RetryLog: @unchecked Sendable {
  private let lock = NSLock()
  private var _entries: [(attempt: Int, reason: String, delay: Duration)] = []

  func record(_ attempt: Int, _ reason: String, _ delay: Duration) {
    lock.withLock { _entries.append((attempt, reason, delay)) }
  }

  var attempts: [Int] { lock.withLock { _entries.map(\.attempt) } }
  var reasons: [String] { lock.withLock { _entries.map(\.reason) } }
  var delays: [Duration] { lock.withLock { _entries.map(\.delay) } }
}

/// Runs `transport.stream` off the pool; the error, if any, comes back as a value.
func runStream(
  _ transport: ResponsesTransport, headers: [HTTPHeader] = [], cancel: CancellationFlag = .init(),
  log: RetryLog, sink: RecordingSink
) async throws -> ModelTransportError? {
  try await offPool { () -> ModelTransportError? in
    do throws(ModelTransportError) {
      try transport.stream(
        body: Array(#"{"model":"gpt-5.5","input":[],"stream":true}"#.utf8), headers: headers,
        cancel: cancel, onRetry: { log.record($0, $1, $2) }, sink: sink)
      return nil
    } catch {
      return error
    }
  }
}
