import CairnCore

/// `turn/start`, `turn/steer`, `turn/interrupt`. A turn runs on the host's thread; the
/// answer goes out first, then the turn's notifications as its envelopes are appended.
enum AppServerTurnMethods {
  /// The text of `input` items (`{type:"text", text}`); other kinds are refused for now.
  static func inputText(_ params: AppServerParams) throws(AppServerError) -> String {
    guard let items = try params.array("input") else { throw AppServerParams.missing("input") }
    var texts: [String] = []
    for item in items {
      let reader = try AppServerParams(item, method: "")
      let type = try reader.requiredString("type")
      guard type == "text" else {
        throw .notSupported("turn/start", reason: "input items of type `\(type)` (only `text`)")
      }
      texts.append(try reader.requiredString("text"))
    }
    return texts.joined(separator: "\n")
  }

  static func loaded(_ request: AppServerRequest) throws(AppServerError) -> AppServerLoadedThread {
    let id = try request.params.threadID()
    guard let thread = request.hub.loadedThread(id) else {
      throw .invalid("thread not found: \(id)")
    }
    return thread
  }

  static func start(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let thread = try loaded(request)
    let text = try inputText(request.params)
    thread.subscribe(request.connection.id)
    // The answer must precede turn/started: the turn is launched after it is sent.
    var turnID = ""
    let launch = AppServerTurnLauncher(
      thread: thread, text: text, connectionID: request.connection.id)
    turnID = launch.reserveID()
    return AppServerReply(
      result: .object([("turn", AppServerTurnRenderer.pendingTurnJSON(id: turnID))])
    ) {
      launch.run()
    }
  }

  static func steer(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let thread = try loaded(request)
    let expected = try request.params.requiredString("expectedTurnId")
    let text = try inputText(request.params)
    guard let running = thread.runningTurnID else { throw .invalid("no active turn to steer") }
    guard running == expected else {
      throw .invalid("expected active turn id `\(expected)` but found `\(running)`")
    }
    thread.steer(text, turnID: running)
    return AppServerReply(result: .object([("turnId", .string(running))]))
  }

  static func interrupt(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let thread = try loaded(request)
    _ = try request.params.string("turnId")
    guard thread.runningTurnID != nil else { throw .invalid("no active turn to interrupt") }
    // The turn stops on its own thread; its turn/completed follows this answer.
    thread.interrupt()
    return AppServerReply(result: .object([]))
  }
}

/// A turn accepted by `turn/start`: its id is fixed before the answer, and it starts
/// running after the answer is sent.
final class AppServerTurnLauncher: @unchecked Sendable {
  let thread: AppServerLoadedThread
  let text: String
  let connectionID: Int
  private var turnID: TurnID?

  init(thread: AppServerLoadedThread, text: String, connectionID: Int) {
    self.thread = thread
    self.text = text
    self.connectionID = connectionID
  }

  func reserveID() -> String {
    let id = thread.newTurnID()
    turnID = id
    return id.rawValue
  }

  func run() {
    guard let turnID else { return }
    thread.startTurn(turnID: turnID, prompt: text)
  }
}
