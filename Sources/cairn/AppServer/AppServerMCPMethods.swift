import CairnCodex
import CairnCore
import CairnProtocol
import CairnTools
import Foundation

/// The MCP methods of the app server: `mcpServerStatus/list`, `mcpServer/tool/call`,
/// `mcpServer/resource/read` and `config/mcpServer/reload`. With a `threadId` they use
/// that loaded thread's servers; without one, the configured servers are started for the
/// request and stopped after it. docs/APP_SERVER.md, docs/MCP.md.
enum AppServerMCPMethods {
  /// The most servers one `mcpServerStatus/list` page holds.
  static let pageMax = 1000

  // MARK: mcpServerStatus/list

  static func statusList(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let params = request.params
    let start = try cursorOffset(try params.string("cursor"))
    let limit = min(max(try params.count("limit") ?? pageMax, 1), pageMax)
    let detail = try params.string("detail") ?? "full"
    guard detail == "full" || detail == "toolsAndAuthOnly" else {
      throw .malformed(
        "unknown variant `\(detail)`, expected `full` or `toolsAndAuthOnly`")
    }
    let (host, temporary) = try servers(request, threadID: try params.string("threadId"))
    defer { if temporary { host.shutdown() } }
    host.waitUntilStarted()
    let specs = host.serverSpecs
    let page = specs.dropFirst(start).prefix(limit)
    var data: [JSONValue] = []
    for spec in page {
      data.append(status(of: spec, in: host, full: detail == "full"))
    }
    let end = start + page.count
    return AppServerReply(
      result: .object([
        ("data", .array(data)),
        ("nextCursor", end < specs.count ? .string(String(end)) : .null),
      ]))
  }

  /// One server as Codex lists it: its `serverInfo`, its tools by name, its resources and
  /// resource templates (with `full` detail), and how it authenticates.
  static func status(of spec: MCPServerSpec, in host: MCPToolHost, full: Bool) -> JSONValue {
    let client = host.client(spec.name)
    var tools: [(String, JSONValue)] = []
    for tool in host.tools(of: spec.name) ?? [] where spec.offers(tool: tool.name) {
      tools.append((tool.name, tool.definition.flatMap { MCPJSON.value($0.text) } ?? .null))
    }
    var resources: [JSONValue] = []
    var templates: [JSONValue] = []
    if full, let client, client.offersResources {
      let timeout = spec.toolTimeoutMilliseconds
      resources =
        ((try? client.listResources(timeoutMilliseconds: timeout)) ?? []).compactMap {
          MCPJSON.value($0.text)
        }
      templates =
        ((try? client.listResources(templates: true, timeoutMilliseconds: timeout)) ?? [])
        .compactMap { MCPJSON.value($0.text) }
    }
    return .object([
      ("name", .string(spec.name)),
      ("serverInfo", serverInfo(client?.serverInfo)),
      ("tools", .object(tools)),
      ("resources", .array(resources)),
      ("resourceTemplates", .array(templates)),
      ("authStatus", .string(authStatus(spec))),
    ])
  }

  /// Codex's `McpServerInfo`: every field present, null where the server gave none.
  static func serverInfo(_ raw: RawJSON?) -> JSONValue {
    guard let raw, case .object(let members)? = MCPJSON.value(raw.text) else { return .null }
    func member(_ key: String) -> JSONValue {
      members.first { $0.0 == key }?.1 ?? .null
    }
    return .object([
      ("name", member("name")), ("title", member("title")), ("version", member("version")),
      ("description", member("description")), ("icons", member("icons")),
      ("websiteUrl", member("websiteUrl")),
    ])
  }

  /// A stdio server has no auth; an HTTP one uses its bearer token when it names one (Cairn
  /// keeps no OAuth logins).
  static func authStatus(_ spec: MCPServerSpec) -> String {
    switch spec.transport {
    case .stdio: return "unsupported"
    case .streamableHTTP(_, _, _, let tokenVariable):
      return tokenVariable == nil ? "unsupported" : "bearerToken"
    }
  }

  static func cursorOffset(_ cursor: String?) throws(AppServerError) -> Int {
    guard let cursor else { return 0 }
    guard let offset = Int(cursor), offset >= 0 else {
      throw .invalid("invalid cursor: \(cursor)")
    }
    return offset
  }

  // MARK: mcpServer/tool/call

  static func toolCall(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let params = request.params
    let threadID = try params.threadID()
    let server = try params.requiredString("server")
    let tool = try params.requiredString("tool")
    var arguments: RawJSON?
    if case .object(let members) = params.json,
      let value = members.first(where: { $0.0 == "arguments" })?.1, value != .null
    {
      arguments = try? RawJSON(validating: value.text)
    }
    let (host, _) = try servers(request, threadID: threadID)
    host.waitUntilStarted()
    guard let spec = host.serverSpecs.first(where: { $0.name == server }) else {
      throw .invalid("unknown MCP server '\(server)'")
    }
    let outcome = host.call(
      server: server, tool: tool, arguments: arguments,
      timeoutMilliseconds: spec.toolTimeoutMilliseconds)
    if let failure = outcome.failure { throw .internal(failure) }
    var result: [(String, JSONValue)] = [
      ("content", MCPJSON.value(outcome.result.content.text) ?? .array([]))
    ]
    if let structured = outcome.result.structuredContent {
      result.append(("structuredContent", MCPJSON.value(structured.text) ?? .null))
    }
    result.append(("isError", .bool(outcome.result.isError)))
    return AppServerReply(result: .object(result))
  }

  // MARK: mcpServer/resource/read

  static func resourceRead(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let params = request.params
    let server = try params.requiredString("server")
    let uri = try params.requiredString("uri")
    let (host, temporary) = try servers(request, threadID: try params.string("threadId"))
    defer { if temporary { host.shutdown() } }
    host.waitUntilStarted()
    guard let spec = host.serverSpecs.first(where: { $0.name == server }) else {
      throw .invalid("unknown MCP server '\(server)'")
    }
    guard let client = host.client(server) else {
      let why = host.failures.last { $0.server == server }?.message ?? "it is not running"
      throw .internal("MCP server `\(server)` is not running: \(why)")
    }
    let read: RawJSON
    do {
      read = try client.readResource(uri: uri, timeoutMilliseconds: spec.toolTimeoutMilliseconds)
    } catch {
      throw .internal("resources/read failed for `\(server)`: \(error)")
    }
    guard case .object(let members)? = MCPJSON.value(read.text) else {
      throw .internal("resources/read: the server's answer is not an object")
    }
    let contents = members.first { $0.0 == "contents" }?.1 ?? .array([])
    return AppServerReply(result: .object([("contents", contents)]))
  }

  // MARK: config/mcpServer/reload

  /// Reads `mcp_servers` again and restarts the servers of every loaded thread that is not
  /// running a turn (a busy thread keeps its servers until a later reload).
  static func reload(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let specs = try configuredSpecs(request.hub)
    for id in request.hub.loadedThreadIDs() {
      guard let thread = request.hub.loadedThread(id), thread.hosted.runningTurn == nil else {
        continue
      }
      let hosted = thread.hosted
      let replacement = MCPToolHost.startInBackground(
        specs, workingDirectory: hosted.settings.cwd, environment: ProcessEnvironment.current,
        clientVersion: AgentRuntime.mcpClientVersion)
      let engine = hosted.engine
      replacement.observeStatus { change in
        _ = try? engine.send(.recordMCPServerStatus(change))
      }
      thread.observeMCPStatus(of: replacement)
      let previous = hosted.tools.mcp
      hosted.tools.mcp = replacement
      previous.shutdown()
    }
    return AppServerReply(result: .object([]))
  }

  // MARK: Servers

  /// The servers a request uses: the loaded thread's (not to be stopped), or the
  /// configured ones started for it (`temporary`: the caller stops them).
  static func servers(_ request: AppServerRequest, threadID: String?)
    throws(AppServerError) -> (host: MCPToolHost, temporary: Bool)
  {
    if let threadID {
      guard let thread = request.hub.loadedThread(threadID.lowercased()) else {
        throw .invalid("thread not found: \(threadID)")
      }
      return (thread.hosted.tools.mcp, false)
    }
    let specs = try configuredSpecs(request.hub)
    let host = MCPToolHost.start(
      specs, workingDirectory: FileManager.default.currentDirectoryPath,
      environment: ProcessEnvironment.current, clientVersion: AgentRuntime.mcpClientVersion)
    return (host, true)
  }

  static func configuredSpecs(_ hub: AppServerHub) throws(AppServerError) -> [MCPServerSpec] {
    do {
      let config = CodexConfig(try ConfigLoader.load(hub.configRequest, catalog: .embedded))
      return try config.mcpServerSpecs()
    } catch {
      throw .internal("failed to read the config: \(error)")
    }
  }
}
