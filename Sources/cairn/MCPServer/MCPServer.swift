import CairnCore
import CairnEngine
import CairnServer
import Foundation

/// `cairn mcp-server`: MCP over stdio (JSON-RPC 2.0, one object per line), answering as
/// Codex 0.147's `codex mcp-server` does (docs/MCP.md, "`cairn mcp-server`"). The reader
/// (the caller's thread) dispatches each line; each `tools/call` runs a turn on the
/// thread host, whose callbacks stream `codex/event` notifications, ask approvals as
/// `elicitation/create` requests and send the call's result at the turn's end.
final class MCPServer: @unchecked Sendable {
  /// Lines longer than this are skipped (with a note on stderr), not buffered.
  static let lineBytesMax = 16 << 20

  let host: ThreadHost
  let writer: MCPWriter
  private let lock = NSLock()
  private var nextRequestID: Int64 = 0
  /// Our elicitation requests awaiting a reply, by id.
  private var elicitations: [Int64: (thread: HostedThread, callID: CallID, call: String)] = [:]
  /// Running tools/call requests, by the JSON text of their id.
  private var calls: [String: ActiveCall] = [:]
  private var clientInfo: (name: String, version: String)?
  private var inputClosed = false

  init(host: ThreadHost, writer: MCPWriter = MCPWriter()) {
    self.host = host
    self.writer = writer
  }

  /// Serves until stdin ends, then lets running turns finish (approvals they still wait
  /// for are aborted: no one is left to answer), closes every thread and returns 0.
  func serve(descriptor: Int32 = 0) -> Int32 {
    var reader = BoundedLineReader(descriptor: descriptor, lineBytesMax: Self.lineBytesMax)
    reading: while true {
      switch reader.next() {
      case .line(let line): handle(line)
      case .tooLong(let bytes):
        StandardError.write(
          "cairn mcp-server: skipped a line of \(bytes) bytes (more than \(Self.lineBytesMax))\n")
      case .end: break reading
      }
    }
    let waiting: [HostedThread] = lock.withLock {
      inputClosed = true
      defer { elicitations = [:] }
      return elicitations.values.map(\.thread)
    }
    for thread in waiting { thread.interrupt() }
    host.waitUntilIdle()
    host.closeAll()
    return 0
  }

  // MARK: - Dispatch

  func handle(_ line: [UInt8]) {
    if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
    let message: ParsedJSON
    do {
      message = try ParsedJSON.parse(line)
    } catch {
      StandardError.write(
        "cairn mcp-server: Failed to deserialize JSON-RPC message: \(error.reason) at byte "
          + "\(error.offset); ignored\n")
      return
    }
    guard case .object = message.kind, message["jsonrpc"]?.stringValue == "2.0" else {
      StandardError.write(
        "cairn mcp-server: Failed to deserialize JSON-RPC message: not a JSON-RPC 2.0 object "
          + "(no \"jsonrpc\":\"2.0\"); ignored\n")
      return
    }
    if let method = message["method"]?.stringValue {
      if let id = message["id"], Self.isID(id) {
        request(id: id.jsonValue, method: method, params: message["params"])
      } else {
        notification(method: method, params: message["params"])
      }
    } else if let id = message["id"], message["result"] != nil || message["error"] != nil {
      response(id: id, message: message)
    } else {
      StandardError.write(
        "cairn mcp-server: Failed to deserialize JSON-RPC message: neither a request, a "
          + "notification nor a response; ignored\n")
    }
  }

  private static func isID(_ value: ParsedJSON) -> Bool {
    switch value.kind {
    case .string, .number: return true
    default: return false
    }
  }

  private func request(id: JSONValue, method: String, params: ParsedJSON?) {
    switch method {
    case "initialize": initialize(id: id, params: params)
    case "ping": respond(id, .object([]))
    case "tools/list": respond(id, MCPServerTools.list)
    case "tools/call": toolsCall(id: id, params: params)
    default:
      // resources/*, prompts/* and the rest: not offered (no capability says so), so
      // method not found, where Codex never answers them.
      respondError(
        id, code: -32601, message: "method not found: \(method)",
        data: .object([("method", .string(method))]))
    }
  }

  private func notification(method: String, params: ParsedJSON?) {
    switch method {
    case "notifications/cancelled":
      guard let requestID = params?["requestId"] else { return }
      let call = lock.withLock { calls[requestID.jsonValue.text] }
      guard let call else { return }
      call.cancelled = true
      call.thread.interrupt()
    default:
      break  // notifications/initialized and others need nothing
    }
  }

  private func response(id: ParsedJSON, message: ParsedJSON) {
    guard case .number(let text) = id.kind, let number = Int64(text) else { return }
    let pending = lock.withLock { elicitations.removeValue(forKey: number) }
    guard let pending else { return }  // not ours, or already settled (interrupt): ignored
    let answer: ApprovalAnswer
    if let error = message["error"] {
      StandardError.write(
        "cairn mcp-server: the client answered elicitation \(number) with an error: "
          + "\(error.jsonValue.text); the call is rejected\n")
      answer = ApprovalAnswer(.denied, rejection: MCPApprovals.failedRequest)
    } else {
      answer = MCPApprovals.answer(result: message["result"])
      if answer.rejection == MCPApprovals.failedRequest {
        StandardError.write(
          "cairn mcp-server: elicitation \(number) got no {\"decision\": …} at the top of its "
            + "result; the call is rejected\n")
      }
    }
    pending.thread.answer(pending.callID, answer)
  }

  // MARK: - Methods

  private func initialize(id: JSONValue, params: ParsedJSON?) {
    let name = params?["clientInfo"]?["name"]?.stringValue ?? "unknown"
    let version = params?["clientInfo"]?["version"]?.stringValue ?? "unknown"
    lock.withLock { clientInfo = (name, version) }
    let cairnVersion = CairnVersionOption.version.split(separator: " ").last.map(String.init) ?? "0"
    respond(
      id,
      .object([
        ("protocolVersion", params?["protocolVersion"]?.jsonValue ?? .string("2025-06-18")),
        ("capabilities", .object([("tools", .object([("listChanged", .bool(true))]))])),
        (
          "serverInfo",
          .object([
            ("name", .string("cairn-mcp-server")), ("title", .string("Cairn")),
            ("version", .string(cairnVersion)),
            ("user_agent", .string(Self.userAgent(client: name, version: version))),
          ])
        ),
      ]))
  }

  /// Cairn's user agent with the client named at its end, as Codex's `user_agent`.
  static func userAgent(client: String, version: String) -> String {
    var agent = CairnUserAgent.value
    if let open = agent.range(of: " (codex_exec;", options: .backwards) {
      agent = String(agent[..<open.lowerBound])
    }
    return agent + " (\(client); \(version))"
  }

  private func toolsCall(id: JSONValue, params: ParsedJSON?) {
    let name = params?["name"]?.stringValue ?? ""
    switch name {
    case MCPServerTools.codex:
      switch MCPToolArguments.codex(params?["arguments"]) {
      case .failure(let failure): respondToolError(id, failure.text)
      case .success(let arguments): startCodex(id: id, arguments)
      }
    case MCPServerTools.codexReply:
      switch MCPToolArguments.reply(params?["arguments"]) {
      case .failure(let failure): respondToolError(id, failure.text)
      case .success(let arguments): startReply(id: id, arguments)
      }
    default:
      respondToolError(id, "Unknown tool '\(name)'")
    }
  }

  private func startCodex(id: JSONValue, _ arguments: MCPToolArguments.Codex) {
    let thread: HostedThread
    do {
      thread = try host.start(arguments.settings)
    } catch {
      respondToolError(id, "Failed to start Codex session: \(error)")
      return
    }
    let meta = Self.meta(id, thread)
    writer.send(Self.event(meta, turn: "", msg: Self.sessionConfigured(thread)))
    writer.send(
      Self.event(
        meta, turn: "",
        msg: .object([
          ("type", .string("mcp_startup_complete")), ("ready", .array([])),
          ("failed", .array([])), ("cancelled", .array([])),
        ])))
    runTurn(id: id, thread: thread, prompt: arguments.prompt)
  }

  private func startReply(id: JSONValue, _ arguments: MCPToolArguments.Reply) {
    let thread: HostedThread
    do {
      thread = try host.resume(arguments.threadID)
    } catch .notFound, .invalidID {
      let text = "Session not found for thread_id: \(arguments.threadID)"
      respond(
        id,
        .object([
          ("isError", .bool(true)),
          ("content", .array([Self.text(text)])),
          (
            "structuredContent",
            .object([("threadId", .string(arguments.threadID)), ("content", .string(text))])
          ),
        ]))
      return
    } catch {
      respondToolError(id, "\(error)")
      return
    }
    runTurn(id: id, thread: thread, prompt: arguments.prompt)
  }

  private func runTurn(id: JSONValue, thread: HostedThread, prompt: String) {
    var ids = UUIDv7Generator()
    let turnID = TurnID(ids.next(unixNanoseconds: wallClockNanoseconds()))
    let call = ActiveCall(
      id: id, thread: thread, turnID: turnID,
      mapper: CodexEventMapper(
        threadID: thread.id.rawValue, contextWindow: thread.settings.contextWindow,
        total: thread.engine.state.usage.cumulative))
    let key = id.text
    let registered = lock.withLock {
      guard calls[key] == nil else { return false }
      calls[key] = call
      return true
    }
    guard registered else {
      respondError(id, code: -32600, message: "request id \(key) is already in use")
      return
    }
    var callbacks = TurnCallbacks()
    let writer = writer
    callbacks.onEnvelope = { envelope in
      for msg in call.mapper.messages(for: envelope) {
        writer.send(Self.event(call.meta, turn: turnID.rawValue, msg: msg))
      }
    }
    callbacks.onApproval = { [weak self] question in
      guard let self else { return ApprovalAnswer(.aborted) }
      return self.elicit(question, call: call)
    }
    callbacks.onEnd = { [weak self] end in self?.finish(call, end) }
    do {
      try thread.startTurn(prompt: prompt, turnID: turnID, callbacks: callbacks)
    } catch {
      lock.withLock { _ = calls.removeValue(forKey: key) }
      respondToolError(id, "\(error)")
    }
  }

  private func elicit(_ question: ApprovalQuestion, call: ActiveCall) -> ApprovalAnswer? {
    let requestID: Int64? = lock.withLock {
      guard !inputClosed else { return nil }
      let next = nextRequestID
      nextRequestID += 1
      elicitations[next] = (call.thread, question.callID, call.id.text)
      return next
    }
    guard let requestID else { return ApprovalAnswer(.aborted) }
    writer.send(
      Self.event(
        call.meta, turn: question.turnID.rawValue,
        msg: MCPApprovals.requestEvent(
          question, nowMilliseconds: wallClockNanoseconds() / 1_000_000)))
    let toolCallID = call.id.stringValue ?? call.id.text
    writer.send(
      MCPWriter.message([
        ("id", .int(requestID)), ("method", .string("elicitation/create")),
        ("params", MCPApprovals.params(question, toolCallID: toolCallID)),
      ]))
    return nil
  }

  private func finish(_ call: ActiveCall, _ end: TurnEnd) {
    lock.withLock {
      calls[call.id.text] = nil
      elicitations = elicitations.filter { $0.value.call != call.id.text }
    }
    // A cancelled request gets no response (MCP: the receiver should not answer it).
    guard !call.cancelled else { return }
    let threadID = JSONValue.string(call.thread.id.rawValue)
    switch end.outcome {
    case .completed(let last):
      let text = last ?? ""
      respond(
        call.id,
        .object([
          ("structuredContent", .object([("threadId", threadID), ("content", .string(text))])),
          ("content", .array([Self.text(text)])),
        ]))
    case .failed(let message):
      respond(
        call.id,
        .object([
          ("isError", .bool(true)), ("content", .array([Self.text(message)])),
          ("structuredContent", .object([("threadId", threadID), ("content", .string(message))])),
        ]))
    case .interrupted:
      // Codex never answers a call whose turn an `abort` ended; Cairn does, so clients do
      // not wait forever, with an error result that still names the thread.
      let text = "The turn was interrupted."
      respond(
        call.id,
        .object([
          ("isError", .bool(true)), ("content", .array([Self.text(text)])),
          ("structuredContent", .object([("threadId", threadID), ("content", .string(text))])),
        ]))
    }
  }

  // MARK: - Messages

  private func respond(_ id: JSONValue, _ result: JSONValue) {
    writer.send(MCPWriter.message([("id", id), ("result", result)]))
  }

  private func respondError(_ id: JSONValue, code: Int64, message: String, data: JSONValue? = nil) {
    var error: [(String, JSONValue)] = [("code", .int(code)), ("message", .string(message))]
    if let data { error.append(("data", data)) }
    writer.send(MCPWriter.message([("id", id), ("error", .object(error))]))
  }

  private func respondToolError(_ id: JSONValue, _ text: String) {
    respond(id, .object([("isError", .bool(true)), ("content", .array([Self.text(text)]))]))
  }

  static func text(_ text: String) -> JSONValue {
    .object([("type", .string("text")), ("text", .string(text))])
  }

  static func meta(_ id: JSONValue, _ thread: HostedThread) -> JSONValue {
    .object([("requestId", id), ("threadId", .string(thread.id.rawValue))])
  }

  static func event(_ meta: JSONValue, turn: String, msg: JSONValue) -> JSONValue {
    MCPWriter.message([
      ("method", .string("codex/event")),
      ("params", .object([("_meta", meta), ("msg", msg), ("id", .string(turn))])),
    ])
  }

  static func sessionConfigured(_ thread: HostedThread) -> JSONValue {
    let settings = thread.settings
    let profile: String =
      switch settings.sandboxMode {
      case .readOnly: ":read-only"
      case .workspaceWrite: ":workspace"
      case .dangerFullAccess: ":danger-full-access"
      }
    return .object([
      ("type", .string("session_configured")), ("session_id", .string(thread.id.rawValue)),
      ("thread_id", .string(thread.id.rawValue)), ("model", .string(settings.model)),
      ("model_provider_id", .string(settings.providerID)),
      ("approval_policy", .string(settings.approvalPolicy.codexName)),
      ("approvals_reviewer", .string("user")),
      ("active_permission_profile", .object([("id", .string(profile))])),
      ("cwd", .string(settings.cwd)), ("rollout_path", .string(thread.directory)),
    ])
  }
}

/// One running tools/call: its request id, thread and turn, and the event mapping state
/// (touched only on the turn's thread).
final class ActiveCall: @unchecked Sendable {
  let id: JSONValue
  let thread: HostedThread
  let turnID: TurnID
  var mapper: CodexEventMapper
  let meta: JSONValue
  /// Set by `notifications/cancelled`: the call ends without a response.
  var cancelled: Bool {
    get { lock.withLock { cancelledFlag } }
    set { lock.withLock { cancelledFlag = newValue } }
  }
  private var cancelledFlag = false
  private let lock = NSLock()

  init(id: JSONValue, thread: HostedThread, turnID: TurnID, mapper: CodexEventMapper) {
    self.id = id
    self.thread = thread
    self.turnID = turnID
    self.meta = MCPServer.meta(id, thread)
    var mapper = mapper
    mapper.begin(turnID: turnID.rawValue)
    self.mapper = mapper
  }
}

extension JSONValue {
  /// The string of a `.string` value.
  fileprivate var stringValue: String? {
    if case .string(let text) = self { return text }
    return nil
  }
}
