import CairnProtocol

#if canImport(Glibc)
  import Glibc
#endif

/// The MCP servers of one session: started together when the session starts (each on a
/// thread of its own, each bounded by its startup timeout), their tools offered under
/// Codex's names, calls routed to the right server, and every server stopped when the
/// session ends. A server that fails to start, or dies later, is reported and the session
/// goes on without it. docs/MCP.md, "MCP servers as tools".
public final class MCPToolHost: @unchecked Sendable {
  /// One tool as the model is offered it.
  public struct Entry: Sendable, Equatable {
    /// `mcp__SERVER__TOOL`, as Codex names it.
    public var qualifiedName: String
    public var server: String
    public var tool: MCPTool
    public var timeoutMilliseconds: Int

    /// The function tool the model is offered: the tool's description (or its title) and
    /// its input schema as the parameters.
    public var responseTool: ResponseTool {
      .function(
        name: qualifiedName, description: tool.description ?? tool.title ?? "",
        parameters: tool.inputSchema, strict: false)
    }
  }

  private let lock = ConditionLock()
  private var clients: [String: MCPClient]
  /// Ordered by server name, then as each server listed them.
  public let entries: [Entry]
  private let byName: [String: Entry]
  private var failed: [MCPServerFailure]
  /// Called (on the calling thread) when a running server is found gone, once per server.
  public var onServerFailure: (@Sendable (MCPServerFailure) -> Void)?

  /// A host with no servers.
  public static let empty = MCPToolHost(clients: [:], entries: [], failures: [])

  init(clients: [String: MCPClient], entries: [Entry], failures: [MCPServerFailure]) {
    self.clients = clients
    self.entries = entries
    self.failed = failures
    var byName: [String: Entry] = [:]
    for entry in entries { byName[entry.qualifiedName] = entry }
    self.byName = byName
  }

  deinit {
    for client in clients.values { client.close() }
  }

  /// The servers that failed so far, in the order they were found.
  public var failures: [MCPServerFailure] { lock.withLock { failed } }

  /// The servers that started.
  public var runningServers: [String] { lock.withLock { clients.keys.sorted() } }

  /// Starts every enabled server of `specs` in parallel and returns when each is ready or
  /// has failed (at most the longest startup timeout). `workingDirectory` is where a stdio
  /// server without its own `cwd` runs; `environment` is Cairn's, for passthrough
  /// variables and tokens.
  public static func start(
    _ specs: [MCPServerSpec], workingDirectory: String, environment: [String: String],
    clientVersion: String
  ) -> MCPToolHost {
    let enabled = specs.filter(\.enabled).sorted { $0.name < $1.name }
    guard !enabled.isEmpty else { return .empty }
    let results = StartResults(count: enabled.count)
    for (index, spec) in enabled.enumerated() {
      DetachedThread.run {
        let outcome: Result<(client: MCPClient, tools: [MCPTool]), MCPClientError>
        if MCPToolName.isValidServerName(spec.name) {
          outcome = Result { () throws(MCPClientError) in
            try MCPClient.start(
              spec, workingDirectory: workingDirectory, environment: environment,
              clientVersion: clientVersion)
          }
        } else {
          outcome = .failure(
            .configuration(
              "Invalid MCP server name '\(spec.name)': must match pattern ^[a-zA-Z0-9_-]+$"))
        }
        results.store(outcome, at: index)
      }
    }
    let outcomes = results.waitForAll()
    var clients: [String: MCPClient] = [:]
    var entries: [Entry] = []
    var used: Set<String> = []
    var failures: [MCPServerFailure] = []
    for (spec, outcome) in zip(enabled, outcomes) {
      switch outcome {
      case .success(let started):
        clients[spec.name] = started.client
        for tool in started.tools where spec.offers(tool: tool.name) {
          let name = MCPToolName.qualified(server: spec.name, tool: tool.name)
          // Codex skips a second tool that ends up with the same name.
          guard used.insert(name).inserted else { continue }
          entries.append(
            Entry(
              qualifiedName: name, server: spec.name, tool: tool,
              timeoutMilliseconds: spec.toolTimeoutMilliseconds))
        }
      case .failure(let error):
        failures.append(
          .startup(
            server: spec.name, error: error, timeoutMilliseconds: spec.startupTimeoutMilliseconds))
      }
    }
    return MCPToolHost(clients: clients, entries: entries, failures: failures)
  }

  /// The tool the model calls `name`, if it is one of these servers'.
  public func entry(named name: String) -> Entry? { byName[name] }

  /// Calls `entry`'s tool with `arguments` (the model's JSON text). Never throws: a failed
  /// call is a result with `isError` and Codex's text (`tool call error: …`), and a server
  /// found dead is reported through `onServerFailure` and dropped.
  public func call(_ entry: Entry, arguments: String) -> MCPToolResult {
    let trimmed = arguments.drop { $0.isWhitespace }
    var raw: RawJSON?
    if !trimmed.isEmpty {
      do {
        raw = try RawJSON(validating: arguments)
      } catch {
        return .error("err: \(error)")
      }
    }
    guard let client = lock.withLock({ clients[entry.server] }) else {
      return .error("tool call error: unknown MCP server '\(entry.server)'")
    }
    do {
      return try client.callTool(
        entry.tool.name, arguments: raw, timeoutMilliseconds: entry.timeoutMilliseconds)
    } catch {
      if client.isGone { dropDead(entry.server, error: error) }
      return .error(
        "tool call error: tool call failed for `\(entry.server)/\(entry.tool.name)`: \(error)")
    }
  }

  /// Stops every server (the stdio ones' process groups are killed). Idempotent.
  public func shutdown() {
    let all = lock.withLock {
      let all = Array(clients.values)
      clients = [:]
      return all
    }
    for client in all { client.close() }
  }

  private func dropDead(_ server: String, error: MCPClientError) {
    let failure = MCPServerFailure(
      server: server, message: "MCP server `\(server)` stopped: \(error)")
    let removed = lock.withLock { () -> MCPClient? in
      guard let client = clients.removeValue(forKey: server) else { return nil }
      failed.append(failure)
      return client
    }
    guard let removed else { return }
    removed.close()
    onServerFailure?(failure)
  }
}

/// The outcomes of the parallel starts, filled by their threads.
private final class StartResults: @unchecked Sendable {
  private let lock = ConditionLock()
  private var outcomes: [Result<(client: MCPClient, tools: [MCPTool]), MCPClientError>?]
  private var remaining: Int

  init(count: Int) {
    outcomes = Array(repeating: nil, count: count)
    remaining = count
  }

  func store(
    _ outcome: Result<(client: MCPClient, tools: [MCPTool]), MCPClientError>, at index: Int
  ) {
    lock.withLock {
      outcomes[index] = outcome
      remaining -= 1
      lock.broadcast()
    }
  }

  func waitForAll() -> [Result<(client: MCPClient, tools: [MCPTool]), MCPClientError>] {
    lock.withLock {
      while remaining > 0 { lock.wait(untilNanoseconds: nil) }
      return outcomes.map { $0! }
    }
  }
}
