import CairnModel
import CairnProtocol

/// MCP's streamable HTTP transport: each message is POSTed to the server's URL; a request
/// is answered with `application/json` (the answer itself) or `text/event-stream` (events
/// whose data are messages, the answer among them). The `Mcp-Session-Id` the server gives
/// at initialize goes back on every later POST, with `MCP-Protocol-Version`. Through the
/// model's libcurl layer (`CurlHTTPClient`). docs/MCP.md, "MCP servers as tools".
final class MCPHTTPTransport: MCPTransport, @unchecked Sendable {
  /// The longest answer body accepted.
  static let bodyBytesMax = 64 << 20
  static let connectTimeoutMilliseconds = 10_000

  let url: String
  /// The configured headers, the bearer token's among them (never printed).
  private let headers: [HTTPHeader]
  private let client = CurlHTTPClient()
  private let cancel = CancellationFlag()
  private let lock = ConditionLock()
  private var sessionID: String?
  private var protocolVersion: String?
  private var closed = false
  /// A request could not reach the server at all (connection refused, reset, DNS): it is
  /// treated as gone, as a stdio server whose process exited.
  private var unreachable = false

  init(url: String, headers: [HTTPHeader]) {
    self.url = url
    self.headers = headers
  }

  var isGone: Bool { lock.withLock { closed || unreachable } }

  /// An HTTP server is found gone by a request that cannot reach it, not by a probe.
  func probeEnded() -> MCPClientError? { nil }

  /// Set after initialize: sent as `MCP-Protocol-Version` from then on.
  func negotiated(protocolVersion: String) {
    lock.withLock { self.protocolVersion = protocolVersion }
  }

  func request(id: Int64, method: String, message: [UInt8], deadlineNanoseconds: UInt64)
    throws(MCPClientError) -> Result<[UInt8], MCPMessage.RPCError>
  {
    let sink = AnswerSink(id: id, deadlineNanoseconds: deadlineNanoseconds)
    try post(message, sink: sink, method: method, deadlineNanoseconds: deadlineNanoseconds)
    sink.finish()
    if let session = sink.headers.value(named: "Mcp-Session-Id") {
      lock.withLock { if sessionID == nil { sessionID = session } }
    }
    if let answer = sink.answer { return answer }
    if sink.timedOut { throw .timedOut(method: method, milliseconds: 0) }
    guard (200..<300).contains(sink.status) else {
      throw .http(
        "POST \(CurlHTTPClientRedaction.url(url)) answered HTTP \(sink.status)"
          + Self.excerpt(sink.body))
    }
    if let failure = sink.failure { throw .malformed(failure) }
    throw .malformed("the HTTP answer to \(method) held no JSON-RPC response")
  }

  func notify(_ message: [UInt8], deadlineNanoseconds: UInt64) throws(MCPClientError) {
    let sink = AnswerSink(id: nil, deadlineNanoseconds: deadlineNanoseconds)
    try post(
      message, sink: sink, method: "a notification", deadlineNanoseconds: deadlineNanoseconds)
    guard (200..<300).contains(sink.status) else {
      throw .http("POST \(CurlHTTPClientRedaction.url(url)) answered HTTP \(sink.status)")
    }
  }

  func close() {
    lock.withLock { closed = true }
    cancel.cancel()
  }

  private func post(
    _ message: [UInt8], sink: AnswerSink, method: String, deadlineNanoseconds: UInt64
  ) throws(MCPClientError) {
    guard !isGone else { throw .closed }
    var all = headers
    all.append(HTTPHeader(name: "Content-Type", value: "application/json"))
    all.append(HTTPHeader(name: "Accept", value: "application/json, text/event-stream"))
    let (session, version) = lock.withLock { (sessionID, protocolVersion) }
    if let session { all.append(HTTPHeader(name: "Mcp-Session-Id", value: session)) }
    if let version { all.append(HTTPHeader(name: "MCP-Protocol-Version", value: version)) }
    let now = monotonicClockNanoseconds()
    guard now < deadlineNanoseconds else { throw .timedOut(method: method, milliseconds: 0) }
    let leftMilliseconds = Int((deadlineNanoseconds - now) / 1_000_000) + 1
    do {
      try client.post(
        url: url, headers: all, body: message,
        connectTimeoutMilliseconds: min(Self.connectTimeoutMilliseconds, leftMilliseconds),
        idleTimeoutMilliseconds: leftMilliseconds, cancel: cancel, sink: sink)
    } catch {
      switch error {
      case .idleTimeout: throw .timedOut(method: method, milliseconds: 0)
      case .cancelled: throw .closed
      default:
        lock.withLock { unreachable = true }
        throw .http("\(error)")
      }
    }
  }

  static func excerpt(_ body: [UInt8]) -> String {
    let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingSuffixWhitespace
    return text.isEmpty ? "" : ": \(text)"
  }
}

/// The URL as it may appear in a report: without its query.
enum CurlHTTPClientRedaction {
  static func url(_ url: String) -> String {
    guard let question = url.firstIndex(of: "?") else { return url }
    return String(url[..<question]) + "?…"
  }
}

/// Reads one HTTP answer: the head, then a JSON body or an event stream, until the
/// response to `id` is in (the transfer is stopped there) or the deadline passes.
private final class AnswerSink: HTTPResponseSink {
  let id: Int64?
  let deadlineNanoseconds: UInt64
  var status = 0
  var headers: [HTTPHeader] = []
  var body: [UInt8] = []
  var answer: Result<[UInt8], MCPMessage.RPCError>?
  var failure: String?
  var timedOut = false
  private var eventStream = false
  private var decoder = SSEDecoder(maxEventBytes: MCPHTTPTransport.bodyBytesMax)

  init(id: Int64?, deadlineNanoseconds: UInt64) {
    self.id = id
    self.deadlineNanoseconds = deadlineNanoseconds
  }

  /// Reads a JSON body (not an event stream) once the transfer has ended.
  func finish() {
    guard answer == nil, !eventStream, (200..<300).contains(status), let id, !body.isEmpty
    else { return }
    do {
      if case .response(id, let result) = try MCPMessage.parse(body[...]) { answer = result }
    } catch {
      failure = "\(error)"
    }
  }

  func receiveHead(status: Int, headers: [HTTPHeader]) {
    self.status = status
    self.headers = headers
    let type = headers.value(named: "Content-Type") ?? ""
    eventStream = type.lowercased().hasPrefix("text/event-stream")
  }

  func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
    if monotonicClockNanoseconds() >= deadlineNanoseconds {
      timedOut = true
      return false
    }
    guard (200..<300).contains(status), let id else {
      if body.count < 4096 { body += bytes.prefix(4096 - body.count) }
      return true
    }
    if !eventStream {
      body += bytes
      guard body.count <= MCPHTTPTransport.bodyBytesMax else {
        failure = "an answer larger than \(MCPHTTPTransport.bodyBytesMax) bytes"
        return false
      }
      // The whole body is one message, read when the transfer ends (`finish`).
      return true
    }
    do {
      try decoder.feed(bytes) { event in
        guard answer == nil, !event.data.isEmpty,
          let message = try? MCPMessage.parse(event.data[...]),
          case .response(id, let result) = message
        else { return }
        answer = result
      }
    } catch {
      failure = "\(error)"
      return false
    }
    // Stop reading once the answer is in: the stream may stay open for later messages.
    return answer == nil
  }
}
