import CairnCore
import CairnProtocol

#if canImport(Glibc)
  import Glibc
#endif

/// The MCP servers of one session: started together when the session starts (each on a
/// thread of its own, each bounded by its startup timeout), their tools offered under
/// Codex's names, calls routed to the right server, and every server stopped when the
/// session ends. A server that fails to start, or dies later, is reported (a status change
/// to `failed` or `exited`, which the shell records in the session's log) and the session
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

  /// What a call gave: the result the model gets, and when no result came from the
  /// server, why (`failure`, the message after Codex's `tool call error: `).
  public struct CallOutcome: Sendable, Equatable {
    public var result: MCPToolResult
    public var failure: String?
  }

  /// How often a running stdio server is checked for having exited between calls.
  static let exitProbeMilliseconds = 200

  private let lock = ConditionLock()
  /// Serializes the delivery of status changes, so none is delivered after `shutdown`.
  private let delivery = ConditionLock()
  private let specs: [MCPServerSpec]
  private var clients: [String: MCPClient] = [:]
  /// The tools of every server that became ready, as listed; a dead server's stay so that
  /// a call to one gets a clear error.
  private var toolsByServer: [String: [MCPTool]] = [:]
  private var entryList: [Entry] = []
  private var byName: [String: Entry] = [:]
  private var failed: [MCPServerFailure] = []
  private var history: [MCPServerStatusChanged] = []
  private var listeners: [@Sendable (MCPServerStatusChanged) -> Void] = []
  private var startsPending = 0
  private var stopped = false
  private var watching = false
  /// Called when a running server is found gone, once per server (on the finding thread).
  public var onServerFailure: (@Sendable (MCPServerFailure) -> Void)?

  /// A host with no servers.
  public static var empty: MCPToolHost { MCPToolHost(specs: []) }

  init(specs: [MCPServerSpec]) {
    self.specs = specs
  }

  deinit {
    for client in clients.values { client.close() }
  }

  /// The enabled servers this host runs, by name.
  public var serverSpecs: [MCPServerSpec] { specs }

  /// The tools offered: ordered by server name, then as each server listed them.
  public var entries: [Entry] { lock.withLock { entryList } }

  /// The servers that failed so far, in the order they were found.
  public var failures: [MCPServerFailure] { lock.withLock { failed } }

  /// The servers that started and still run.
  public var runningServers: [String] { lock.withLock { clients.keys.sorted() } }

  /// Every status change so far, in order.
  public var statusHistory: [MCPServerStatusChanged] { lock.withLock { history } }

  /// The latest status of each server, by name.
  public var latestStatuses: [MCPServerStatusChanged] {
    lock.withLock {
      var latest: [String: MCPServerStatusChanged] = [:]
      for change in history { latest[change.server] = change }
      return latest.values.sorted { $0.server < $1.server }
    }
  }

  /// Whether some server is still starting.
  public var isStarting: Bool { lock.withLock { startsPending > 0 } }

  /// The tools of `server` as it listed them (nil until it is ready).
  public func tools(of server: String) -> [MCPTool]? { lock.withLock { toolsByServer[server] } }

  /// The running client of `server`, for calls outside a turn (app-server).
  public func client(_ server: String) -> MCPClient? { lock.withLock { clients[server] } }

  /// Starts every enabled server of `specs` in parallel and returns when each is ready or
  /// has failed (at most the longest startup timeout). `workingDirectory` is where a stdio
  /// server without its own `cwd` runs; `environment` is Cairn's, for passthrough
  /// variables and tokens.
  public static func start(
    _ specs: [MCPServerSpec], workingDirectory: String, environment: [String: String],
    clientVersion: String
  ) -> MCPToolHost {
    let host = startInBackground(
      specs, workingDirectory: workingDirectory, environment: environment,
      clientVersion: clientVersion)
    host.waitUntilStarted()
    return host
  }

  /// Starts every enabled server of `specs` in parallel and returns at once: each server's
  /// tools are offered once it is ready (`waitUntilStarted` waits for all).
  public static func startInBackground(
    _ specs: [MCPServerSpec], workingDirectory: String, environment: [String: String],
    clientVersion: String
  ) -> MCPToolHost {
    let enabled = specs.filter(\.enabled).sorted { $0.name < $1.name }
    let host = MCPToolHost(specs: enabled)
    guard !enabled.isEmpty else { return host }
    host.lock.withLock { host.startsPending = enabled.count }
    for spec in enabled {
      host.report(
        MCPServerStatusChanged(server: spec.name, status: .starting, toolCount: 0, message: nil))
    }
    for spec in enabled {
      DetachedThread.run {
        host.startOne(
          spec, workingDirectory: workingDirectory, environment: environment,
          clientVersion: clientVersion)
      }
    }
    return host
  }

  /// Blocks until every server is ready or has failed.
  public func waitUntilStarted() {
    lock.withLock {
      while startsPending > 0 { lock.wait(untilNanoseconds: nil) }
    }
  }

  /// Calls `listener` with every status change so far, then with each later one (on the
  /// thread that finds it) until `shutdown`.
  public func observeStatus(_ listener: @escaping @Sendable (MCPServerStatusChanged) -> Void) {
    delivery.withLock {
      let past = lock.withLock { () -> [MCPServerStatusChanged] in
        listeners.append(listener)
        return history
      }
      for change in past { listener(change) }
    }
  }

  /// The tool the model calls `name`, if it is one of these servers'.
  public func entry(named name: String) -> Entry? { lock.withLock { byName[name] } }

  /// Calls `entry`'s tool with `arguments` (the model's JSON text). Never throws: a failed
  /// call is a result with `isError` and Codex's text (`tool call error: …`).
  public func call(_ entry: Entry, arguments: String) -> MCPToolResult {
    callWithOutcome(entry, arguments: arguments).result
  }

  /// Calls `entry`'s tool; a server found dead is reported (status `exited`) and dropped,
  /// and a call to a server that is no longer running says so.
  public func callWithOutcome(_ entry: Entry, arguments: String) -> CallOutcome {
    let trimmed = arguments.drop { $0.isWhitespace }
    var raw: RawJSON?
    if !trimmed.isEmpty {
      do {
        raw = try RawJSON(validating: arguments)
      } catch {
        let message = "err: \(error)"
        return CallOutcome(result: .error(message), failure: message)
      }
    }
    return call(
      server: entry.server, tool: entry.tool.name, arguments: raw,
      timeoutMilliseconds: entry.timeoutMilliseconds)
  }

  /// Calls `tool` of `server` with `arguments` (a JSON object's text, or nil), as
  /// `callWithOutcome` does.
  public func call(
    server: String, tool: String, arguments: RawJSON?, timeoutMilliseconds: Int
  ) -> CallOutcome {
    func failure(_ message: String) -> CallOutcome {
      CallOutcome(result: .error("tool call error: \(message)"), failure: message)
    }
    let (client, gone) = lock.withLock {
      (clients[server], failed.last { $0.server == server })
    }
    guard let client else {
      if let gone {
        return failure("MCP server `\(server)` is not running: \(gone.message)")
      }
      return failure("unknown MCP server '\(server)'")
    }
    do {
      let result = try client.callTool(
        tool, arguments: arguments, timeoutMilliseconds: timeoutMilliseconds)
      return CallOutcome(result: result, failure: nil)
    } catch {
      if client.isGone { dropDead(server, error: error) }
      return failure("tool call failed for `\(server)/\(tool)`: \(error)")
    }
  }

  /// Stops every server (the stdio ones' process groups are killed); no status change is
  /// delivered once it returns. Idempotent.
  public func shutdown() {
    let all = lock.withLock {
      stopped = true
      let all = Array(clients.values)
      clients = [:]
      lock.broadcast()
      return all
    }
    // Waits for a delivery in progress, and stops later ones.
    delivery.withLock { lock.withLock { listeners = [] } }
    for client in all { client.close() }
  }

  private func startOne(
    _ spec: MCPServerSpec, workingDirectory: String, environment: [String: String],
    clientVersion: String
  ) {
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
    switch outcome {
    case .success(let started):
      let offered = started.tools.filter { spec.offers(tool: $0.name) }
      let kept = lock.withLock { () -> Bool in
        guard !stopped else { return false }
        clients[spec.name] = started.client
        toolsByServer[spec.name] = started.tools
        rebuildEntries()
        return true
      }
      guard kept else {
        started.client.close()
        finishStart()
        return
      }
      report(
        MCPServerStatusChanged(
          server: spec.name, status: .ready, toolCount: UInt32(clamping: offered.count),
          message: nil))
      if case .stdio = spec.transport { startWatching() }
    case .failure(let error):
      let failure = MCPServerFailure.startup(
        server: spec.name, error: error, timeoutMilliseconds: spec.startupTimeoutMilliseconds)
      lock.withLock { failed.append(failure) }
      report(
        MCPServerStatusChanged(
          server: spec.name, status: .failed, toolCount: 0, message: failure.message))
    }
    finishStart()
  }

  private func finishStart() {
    lock.withLock {
      startsPending -= 1
      lock.broadcast()
    }
  }

  /// Rebuilds the offered tools from every server that became ready, by server name; a
  /// second tool that ends up with the same name is skipped, as Codex does. Under the lock.
  private func rebuildEntries() {
    var entries: [Entry] = []
    var used: Set<String> = []
    for spec in specs {
      guard let tools = toolsByServer[spec.name] else { continue }
      for tool in tools where spec.offers(tool: tool.name) {
        let name = MCPToolName.qualified(server: spec.name, tool: tool.name)
        guard used.insert(name).inserted else { continue }
        entries.append(
          Entry(
            qualifiedName: name, server: spec.name, tool: tool,
            timeoutMilliseconds: spec.toolTimeoutMilliseconds))
      }
    }
    entryList = entries
    byName = Dictionary(entries.map { ($0.qualifiedName, $0) }, uniquingKeysWith: { a, _ in a })
  }

  /// Records `change` and hands it to the listeners.
  private func report(_ change: MCPServerStatusChanged) {
    delivery.withLock {
      let current = lock.withLock { () -> [@Sendable (MCPServerStatusChanged) -> Void]? in
        guard !stopped else { return nil }
        history.append(change)
        return listeners
      }
      for listener in current ?? [] { listener(change) }
    }
  }

  private func dropDead(_ server: String, error: MCPClientError) {
    let failure = MCPServerFailure(
      server: server, message: "MCP server `\(server)` stopped: \(error)")
    let removed = lock.withLock { () -> MCPClient? in
      guard !stopped, let client = clients.removeValue(forKey: server) else { return nil }
      failed.append(failure)
      return client
    }
    guard let removed else { return }
    removed.close()
    report(
      MCPServerStatusChanged(
        server: server, status: .exited, toolCount: 0, message: failure.message))
    onServerFailure?(failure)
  }

  /// Starts the thread that finds stdio servers whose process exited between calls (once).
  private func startWatching() {
    let start = lock.withLock { () -> Bool in
      guard !watching, !stopped else { return false }
      watching = true
      return true
    }
    guard start else { return }
    // Weakly held: a host dropped without `shutdown` ends its watcher too.
    DetachedThread.run { [weak self] in
      while let host = self, host.watchOnce() {}
    }
  }

  /// Waits one probe interval, then probes every running server; false once stopped.
  private func watchOnce() -> Bool {
    let running = lock.withLock { () -> [(String, MCPClient)]? in
      guard !stopped else { return nil }
      lock.wait(
        untilNanoseconds: monotonicClockNanoseconds()
          &+ UInt64(Self.exitProbeMilliseconds) &* 1_000_000)
      guard !stopped else { return nil }
      return clients.map { ($0.key, $0.value) }
    }
    guard let running else { return false }
    for (server, client) in running {
      if let error = client.probeEnded() { dropDead(server, error: error) }
    }
    return true
  }
}
