import CairnCore
import CairnServer
import Foundation

/// One client of the app server: it receives the client's messages one at a time (one
/// line on stdio, one text frame on a WebSocket) and sends its own through `sink`, one
/// JSON text per message. Initialization is per connection; threads are the hub's.
final class AppServerConnection: @unchecked Sendable {
  /// Messages longer than this are dropped unread (with a line on stderr), never buffered
  /// further: a hostile peer cannot make the server hold more.
  static let messageBytesMax = 32 << 20

  let id: Int
  let hub: AppServerHub
  private let sink: @Sendable (String) -> Void
  private let sendLock = NSLock()
  private let stateLock = NSLock()
  private var initializedStorage = false
  private var optedOut: Set<String> = []
  private var clientNameStorage = ""

  init(id: Int, hub: AppServerHub, sink: @escaping @Sendable (String) -> Void) {
    self.id = id
    self.hub = hub
    self.sink = sink
  }

  var isInitialized: Bool { stateLock.withLock { initializedStorage } }

  // MARK: Receiving

  func receive(_ text: String) { receive(bytes: Array(text.utf8)) }

  func receive(bytes: [UInt8]) {
    guard bytes.count <= Self.messageBytesMax else {
      StandardError.write(
        "cairn app-server: dropped a message of \(bytes.count) bytes (the limit is "
          + "\(Self.messageBytesMax))\n")
      return
    }
    switch AppServerMessage.parse(bytes) {
    case .ignored:
      // Codex drops what it cannot read and keeps the connection.
      return
    case .notification:
      // `initialized` needs no answer; unknown client notifications are ignored.
      return
    case .response(let id, let result, let error):
      let answer: AppServerHub.ParsedJSONResult =
        error.map { .error($0.jsonValue) } ?? .result(result?.jsonValue ?? .null)
      hub.deliverResponse(from: self.id, id: id, result: answer)
    case .request(let id, let method, let params):
      handle(id: id, method: method, params: params)
    }
  }

  /// The transport ended: the connection's subscriptions and pending requests go.
  func closed() { hub.disconnect(self) }

  private func handle(id: AppServerRequestID, method: String, params: ParsedJSON?) {
    let reply: AppServerReply
    do {
      reply = try dispatch(method: method, params: params, id: id)
    } catch {
      send(.object([("error", error.json), ("id", id.json)]))
      return
    }
    if let result = reply.result { send(.object([("id", id.json), ("result", result)])) }
    for action in reply.then { action() }
  }

  private func dispatch(method: String, params: ParsedJSON?, id: AppServerRequestID)
    throws(AppServerError) -> AppServerReply
  {
    guard AppServerMethodNames.allRequestSet.contains(method) else {
      throw .malformed(
        "unknown variant `\(method)`, expected one of "
          + AppServerMethodNames.knownRequests.map { "`\($0)`" }.joined(separator: ", "))
    }
    if params == nil && !AppServerMethods.paramlessMethods.contains(method) {
      throw .malformed("missing field `params`")
    }
    let reader = try AppServerParams(params, method: method)
    if method == "initialize" { return try initialize(reader) }
    guard isInitialized else { throw .invalid("Not initialized") }
    let request = AppServerRequest(
      connection: self, hub: hub, params: reader, id: id, method: method)
    return try AppServerMethods.handle(request)
  }

  private func initialize(_ params: AppServerParams) throws(AppServerError) -> AppServerReply {
    guard let client = try params.object("clientInfo") else {
      throw AppServerParams.missing("clientInfo")
    }
    let name = try client.requiredString("name")
    let version = try client.requiredString("version")
    let optOut = try params.object("capabilities")?.strings("optOutNotificationMethods") ?? []
    let already = stateLock.withLock {
      if initializedStorage { return true }
      initializedStorage = true
      optedOut = Set(optOut)
      clientNameStorage = name
      return false
    }
    if already { throw .invalid("Already initialized") }
    let result = JSONValue.object([
      ("userAgent", .string(AppServerEnvironment.userAgent(client: name, version: version))),
      ("codexHome", .string(hub.configRequest.home.path)), ("platformFamily", .string("unix")),
      ("platformOs", .string("linux")),
    ])
    return AppServerReply(result: result) { [self] in
      notify(AppServerEnvironment.remoteControlStatus())
    }
  }

  // MARK: Sending

  /// Sends one message. The lock keeps messages whole and in the order they were sent.
  func send(_ message: JSONValue) {
    let text = message.text
    sendLock.withLock { sink(text) }
  }

  func notify(_ notification: AppServerNotification) {
    guard isInitialized, !stateLock.withLock({ optedOut.contains(notification.method) }) else {
      return
    }
    send(
      .object([
        ("method", .string(notification.method)), ("params", notification.params),
        ("emittedAtMs", .int(hub.clock() / 1_000_000)),
      ]))
  }

  func sendRequest(id: AppServerRequestID, method: String, params: JSONValue) {
    send(.object([("method", .string(method)), ("id", id.json), ("params", params)]))
  }
}

/// What a method answers: the result to send (nil when the method answers later by
/// itself), then actions to run after the answer is sent (the notifications that follow it).
struct AppServerReply {
  var result: JSONValue?
  var then: [() -> Void]

  init(result: JSONValue?, then: @escaping () -> Void) {
    self.result = result
    self.then = [then]
  }

  init(result: JSONValue?, then: [() -> Void] = []) {
    self.result = result
    self.then = then
  }
}

/// One request being handled: who asked, and its params.
struct AppServerRequest {
  let connection: AppServerConnection
  let hub: AppServerHub
  let params: AppServerParams
  let id: AppServerRequestID
  let method: String
}
