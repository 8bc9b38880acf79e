import CairnCore
import CairnModel
import CairnProtocol

/// A client session with one MCP server: the handshake (`initialize`, then
/// `notifications/initialized`), `tools/list` (every page) and `tools/call`, over either
/// transport. Calls are serialized: one request at a time per server.
/// docs/MCP.md, "MCP servers as tools".
public final class MCPClient: @unchecked Sendable {
  /// The protocol revision Cairn asks for (Codex asks for the same).
  public static let protocolVersion = "2025-06-18"
  /// The most `tools/list` pages read; a server that keeps giving cursors is cut off.
  static let toolPagesMax = 100

  /// The server's table name.
  public let serverName: String
  let transport: any MCPTransport
  private let lock = ConditionLock()
  private var nextID: Int64 = 0
  /// The `serverInfo` and `capabilities` of the server's `initialize` answer (compacted).
  public private(set) var serverInfo: RawJSON?
  public private(set) var capabilities: RawJSON?

  init(serverName: String, transport: any MCPTransport) {
    self.serverName = serverName
    self.transport = transport
  }

  /// Whether the server is known to be gone (its process exited).
  public var isGone: Bool { transport.isGone }

  /// The pid of a stdio server's process (which leads its process group); nil over HTTP.
  public var processID: Int32? { (transport as? MCPStdioTransport)?.processID }

  /// Starts the server of `spec` (its process, or nothing for HTTP), runs the handshake
  /// and lists its tools, all within the spec's startup timeout. Blocks: call it from a
  /// thread of its own.
  public static func start(
    _ spec: MCPServerSpec, workingDirectory: String, environment: [String: String],
    clientVersion: String
  ) throws(MCPClientError) -> (client: MCPClient, tools: [MCPTool]) {
    let deadline =
      monotonicClockNanoseconds() &+ UInt64(max(spec.startupTimeoutMilliseconds, 1)) &* 1_000_000
    let transport: any MCPTransport
    switch spec.transport {
    case .stdio(let command, let arguments, let variables, let passthrough, let directory):
      transport = try MCPStdioTransport(
        command: command, arguments: arguments, environment: variables,
        passthrough: passthrough, workingDirectory: directory ?? workingDirectory,
        parentEnvironment: environment)
    case .streamableHTTP(let url, let headers, let fromEnvironment, let tokenVariable):
      transport = MCPHTTPTransport(
        url: url,
        headers: try httpHeaders(
          server: spec.name, headers: headers, fromEnvironment: fromEnvironment,
          tokenVariable: tokenVariable, environment: environment))
    }
    let client = MCPClient(serverName: spec.name, transport: transport)
    do {
      try client.initialize(clientVersion: clientVersion, deadline: deadline)
      let tools = try client.listTools(deadline: deadline)
      return (client, tools)
    } catch {
      transport.close()
      if case .timedOut = error {
        throw .timedOut(method: "the handshake", milliseconds: spec.startupTimeoutMilliseconds)
      }
      throw error
    }
  }

  /// The headers of an HTTP server: the configured ones, those read from the environment,
  /// and the bearer token. A variable that is named but not set (or empty) is an error, as
  /// in Codex.
  static func httpHeaders(
    server: String, headers: [String: String], fromEnvironment: [String: String],
    tokenVariable: String?, environment: [String: String]
  ) throws(MCPClientError) -> [HTTPHeader] {
    var all = headers.sorted { $0.key < $1.key }.map { HTTPHeader(name: $0.key, value: $0.value) }
    for (name, variable) in fromEnvironment.sorted(by: { $0.key < $1.key }) {
      // Codex skips a header whose variable is unset rather than failing the server.
      if let value = environment[variable], !value.isEmpty {
        all.append(HTTPHeader(name: name, value: value))
      }
    }
    if let tokenVariable {
      guard let token = environment[tokenVariable] else {
        throw .configuration(
          "Environment variable \(tokenVariable) for MCP server '\(server)' is not set")
      }
      guard !token.isEmpty else {
        throw .configuration(
          "Environment variable \(tokenVariable) for MCP server '\(server)' is empty")
      }
      all.append(HTTPHeader(name: "Authorization", value: "Bearer \(token)"))
    }
    return all
  }

  /// Calls `tool` with `arguments` (a JSON object's text, or nil for none) and waits up to
  /// `timeoutMilliseconds` for the result. A JSON-RPC error is thrown; a tool's own failure
  /// is a result with `isError`.
  public func callTool(_ tool: String, arguments: RawJSON?, timeoutMilliseconds: Int)
    throws(MCPClientError) -> MCPToolResult
  {
    let deadline =
      monotonicClockNanoseconds() &+ UInt64(max(timeoutMilliseconds, 1)) &* 1_000_000
    var params = #"{"name":"# + JSONValue.quoted(tool)
    if let arguments { params += #","arguments":"# + arguments.text }
    params += "}"
    let result: [UInt8]
    do {
      result = try request("tools/call", params: params, deadline: deadline)
    } catch {
      if case .timedOut = error {
        throw .timedOut(method: "tools/call", milliseconds: timeoutMilliseconds)
      }
      throw error
    }
    do {
      return try MCPToolResult.parse(result)
    } catch {
      throw .malformed("tools/call: \(error)")
    }
  }

  /// Whether the server said it has resources (`capabilities.resources`).
  public var offersResources: Bool {
    guard let capabilities, let fields = try? MCPJSON.members(Array(capabilities.text.utf8)[...])
    else { return false }
    return fields[member: "resources"] != nil
  }

  /// Every entry of `resources/list` (`key` "resources") or `resources/templates/list`
  /// ("resourceTemplates"), each compacted, all pages read.
  public func listResources(templates: Bool = false, timeoutMilliseconds: Int)
    throws(MCPClientError) -> [RawJSON]
  {
    let method = templates ? "resources/templates/list" : "resources/list"
    let key = templates ? "resourceTemplates" : "resources"
    let deadline =
      monotonicClockNanoseconds() &+ UInt64(max(timeoutMilliseconds, 1)) &* 1_000_000
    var all: [RawJSON] = []
    var cursor: String?
    for _ in 0..<Self.toolPagesMax {
      let params = cursor.map { #"{"cursor":"# + JSONValue.quoted($0) + "}" } ?? "{}"
      let result = try request(method, params: params, deadline: deadline)
      do {
        let fields = try MCPJSON.members(result[...])
        for entry in try fields[member: key].map(MCPJSON.elements) ?? [] {
          all.append(try MCPJSON.compact(entry))
        }
        guard let next = fields[member: "nextCursor"].flatMap(MCPJSON.string), !next.isEmpty,
          next != cursor
        else { return all }
        cursor = next
      } catch {
        throw .malformed("\(method): \(error)")
      }
    }
    return all
  }

  /// `resources/read` of `uri`: the result object as the server wrote it (compacted).
  public func readResource(uri: String, timeoutMilliseconds: Int) throws(MCPClientError)
    -> RawJSON
  {
    let deadline =
      monotonicClockNanoseconds() &+ UInt64(max(timeoutMilliseconds, 1)) &* 1_000_000
    let result = try request(
      "resources/read", params: #"{"uri":"# + JSONValue.quoted(uri) + "}", deadline: deadline)
    do {
      return try MCPJSON.compact(result[...])
    } catch {
      throw .malformed("resources/read: \(error)")
    }
  }

  /// Whether the server went away since the last request (its process exited), and how.
  /// Waits for a call in progress to end first.
  public func probeEnded() -> MCPClientError? {
    lock.withLock { transport.probeEnded() }
  }

  /// Ends the session: the server's process group is killed (stdio).
  public func close() {
    transport.close()
  }

  private func initialize(clientVersion: String, deadline: UInt64) throws(MCPClientError) {
    let params =
      #"{"protocolVersion":"# + JSONValue.quoted(Self.protocolVersion)
      + #","capabilities":{},"clientInfo":{"name":"cairn","title":"Cairn","version":"#
      + JSONValue.quoted(clientVersion) + "}}"
    let result = try request("initialize", params: params, deadline: deadline)
    let fields: [(String, ArraySlice<UInt8>)]
    do {
      fields = try MCPJSON.members(result[...])
    } catch {
      throw .malformed("initialize: \(error)")
    }
    guard let version = fields[member: "protocolVersion"].flatMap(MCPJSON.string) else {
      throw .malformed("initialize: the result names no protocolVersion")
    }
    if let info = fields[member: "serverInfo"], MCPJSON.kind(info) == .object {
      serverInfo = try? MCPJSON.compact(info)
    }
    if let offered = fields[member: "capabilities"], MCPJSON.kind(offered) == .object {
      capabilities = try? MCPJSON.compact(offered)
    }
    (transport as? MCPHTTPTransport)?.negotiated(protocolVersion: version)
    try transport.notify(
      Array(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#.utf8),
      deadlineNanoseconds: deadline)
  }

  private func listTools(deadline: UInt64) throws(MCPClientError) -> [MCPTool] {
    var tools: [MCPTool] = []
    var cursor: String?
    for _ in 0..<Self.toolPagesMax {
      let params = cursor.map { #"{"cursor":"# + JSONValue.quoted($0) + "}" } ?? "{}"
      let result = try request("tools/list", params: params, deadline: deadline)
      do {
        let fields = try MCPJSON.members(result[...])
        guard let list = fields[member: "tools"] else {
          throw MCPJSON.Malformed(reason: "the result has no tools")
        }
        for entry in try MCPJSON.elements(list) { tools.append(try MCPTool.parse(entry)) }
        let next = fields[member: "nextCursor"].flatMap(MCPJSON.string)
        guard let next, !next.isEmpty else { return tools }
        guard next != cursor else {
          throw MCPJSON.Malformed(reason: "the same cursor twice")
        }
        cursor = next
      } catch {
        throw .malformed("tools/list: \(error)")
      }
    }
    throw .malformed("tools/list: more than \(Self.toolPagesMax) pages")
  }

  /// Sends a request and returns its result's raw text; a JSON-RPC error is thrown.
  private func request(_ method: String, params: String, deadline: UInt64)
    throws(MCPClientError) -> [UInt8]
  {
    lock.lock()
    defer { lock.unlock() }
    nextID += 1
    let id = nextID
    let message =
      #"{"jsonrpc":"2.0","id":\#(id),"method":"# + JSONValue.quoted(method) + #","params":"#
      + params + "}"
    switch try transport.request(
      id: id, method: method, message: Array(message.utf8), deadlineNanoseconds: deadline)
    {
    case .success(let result): return result
    case .failure(let error):
      throw .rpc(method: method, code: error.code, message: error.message)
    }
  }
}
