import CairnCore
import Synchronization

/// What the server sends back for one request; the HTTP handler writes it.
enum PlannedReply: Sendable {
  /// A 200 `text/event-stream` body of these events, with a pause between two of them.
  case stream(events: [ServerSentEvent], delayMilliseconds: Int)
  /// A complete response with a fixed body.
  case fixed(status: Int, contentType: String, headers: [(String, String)], body: [UInt8])

  var status: Int {
    switch self {
    case .stream: return 200
    case .fixed(let status, _, _, _): return status
    }
  }
}

/// Routes requests, picks script entries and records every request. Shared by all
/// connections of a server; its state sits behind a lock.
final class ResponsesExchange: Sendable {
  private struct State: ~Copyable {
    var player: ScriptPlayer
    var log: RequestLogWriter?
    var requests: [RecordedRequest] = []
  }

  private let state: Mutex<State>
  private let diagnostics: (@Sendable (String) -> Void)?

  init(
    script: ResponsesScript, requestLogPath: String?,
    diagnostics: (@Sendable (String) -> Void)?
  ) throws(RequestLogWriter.Failure) {
    let log = try requestLogPath.map { path throws(RequestLogWriter.Failure) in
      try RequestLogWriter(path: path)
    }
    state = Mutex(State(player: ScriptPlayer(script: script), log: log))
    self.diagnostics = diagnostics
  }

  /// Every request received so far, in order.
  var requests: [RecordedRequest] { state.withLock { $0.requests } }

  /// Decides the reply to a complete request and records the request (in memory, and in
  /// the request log when there is one) before the reply is sent.
  func reply(method: String, target: String, headers: [(String, String)], body: [UInt8])
    -> PlannedReply
  {
    let route = ResponsesRoute(method: method, target: target)
    let facts = route == .responses ? RequestFacts(body: body) : RequestFacts()
    let recordedHeaders = headers.map {
      RecordedRequest.Header(
        name: $0.0.lowercased(), value: RecordedRequest.redacted($0.0, $0.1))
    }
    var message: String?
    let reply: PlannedReply = state.withLock { state in
      var reply: PlannedReply
      var entry: Int?
      switch route {
      case .responses:
        // The player counts POSTs to /responses only: its count makes the default ids.
        let (request, choice) = state.player.choose(for: facts)
        switch choice {
        case .entry(let index):
          entry = index
          reply = Self.reply(to: state.player.script.responses[index], request: request, facts)
        case .unmatched:
          let text = Self.unmatchedMessage(request: request, facts)
          message = text
          reply = Self.jsonError(
            ScriptedResponse.HTTPError.openAIStyle(
              status: 400, message: text, type: "invalid_request_error"))
        }
      case .models:
        reply = .fixed(
          status: 200, contentType: "application/json", headers: [],
          body: Array(Self.modelsBody.utf8))
      case .wrongMethod(let allowed):
        message = "\(method) \(target): method not allowed (use \(allowed))"
        reply = Self.jsonError(
          ScriptedResponse.HTTPError.openAIStyle(
            status: 405, message: message!, type: "invalid_request_error"),
          extraHeaders: [("allow", allowed)])
      case .unknown:
        message =
          "\(method) \(target): no such endpoint (served: POST /v1/responses, GET /v1/models)"
        reply = Self.jsonError(
          ScriptedResponse.HTTPError.openAIStyle(
            status: 404, message: message!, type: "invalid_request_error"))
      }
      let recorded = RecordedRequest(
        number: state.requests.count + 1, method: method, path: target, headers: recordedHeaders,
        body: body,
        status: reply.status, scriptEntry: entry)
      state.requests.append(recorded)
      if let log = state.log {
        do {
          try log.append(recorded)
        } catch {
          message = (message.map { $0 + "; " } ?? "") + "\(error)"
        }
      }
      return reply
    }
    if let message { diagnostics?("cairn test-server: \(message)\n") }
    return reply
  }

  /// An answer for `GET /v1/models`: an empty list in both the OpenAI shape (`data`) and
  /// Codex's own (`models`), so either kind of client reads "no models".
  static let modelsBody = #"{"object":"list","data":[],"models":[]}"#

  private static func reply(to entry: ScriptedResponse, request: Int, _ facts: RequestFacts)
    -> PlannedReply
  {
    if let error = entry.httpError { return jsonError(error) }
    var events = ResponseEventStream.events(for: entry, request: request, model: facts.model)
    if let cut = entry.cutAfterEvents { events = Array(events.prefix(cut)) }
    return .stream(events: events, delayMilliseconds: entry.eventDelayMilliseconds)
  }

  private static func jsonError(
    _ error: ScriptedResponse.HTTPError, extraHeaders: [(String, String)] = []
  ) -> PlannedReply {
    .fixed(
      status: error.status, contentType: error.contentType, headers: error.headers + extraHeaders,
      body: error.body)
  }

  private static func unmatchedMessage(request: Int, _ facts: RequestFacts) -> String {
    var text = "cairn test-server: no script entry is left for request \(request)"
    if let user = facts.lastUserText {
      text += " (last user text: \(JSONValue.quoted(String(user.prefix(80)))))"
    }
    if let type = facts.lastInputType { text += " (last input item: \(type))" }
    return text
  }
}
