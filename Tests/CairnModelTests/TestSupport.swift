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

/// A loopback TCP port that refuses every connection for as long as this value lives.
///
/// The socket is bound but never listens, so the kernel answers each connect with a reset,
/// and no other test can bind the same port meanwhile — unlike a server that was shut down,
/// whose freed port another test's server may take.
final class RefusingPort: @unchecked Sendable {
  let port: UInt16
  private let descriptor: Int32

  init() throws {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
        bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
      }
    }
    guard bound else {
      let code = errno
      close(fd)
      throw POSIXError(.init(rawValue: code) ?? .EIO)
    }
    descriptor = fd
    port = UInt16(bigEndian: address.sin_port)
  }

  deinit { close(descriptor) }
}
