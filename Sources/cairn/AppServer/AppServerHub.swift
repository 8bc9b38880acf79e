import CairnCodex
import CairnCore
import CairnEngine
import CairnTools
import Foundation

/// What every connection of one `cairn app-server` process shares: the homes, the loaded
/// threads and the server-to-client requests in flight. A transport makes one connection
/// per client with `accept(sink:)` (stdio makes exactly one); threads started on one
/// connection are visible to all, as in Codex (README §2, Transports).
final class AppServerHub: @unchecked Sendable {
  let cairnHome: CairnHome
  let configRequest: ConfigRequest
  /// The shared thread host: sessions, turn runners, approvals (Sources/cairn/Servers).
  let host: ThreadHost
  /// The catalog, its sort orders and the threads' previews, for `thread/list`.
  let threadIndex: AppServerThreadIndex
  let clock: @Sendable () -> Int64

  private let lock = NSLock()
  private var connections: [Int: AppServerConnection] = [:]
  private var nextConnectionID = 0
  private var nextServerRequestID: Int64 = 0
  private var pendingServerRequests: [AppServerRequestID: PendingServerRequest] = [:]
  /// Threads loaded in this process, by id.
  private var loadedThreads: [String: AppServerLoadedThread] = [:]
  /// First user messages and providers of listed threads (they never change once written).
  private var summaries: [String: AppServerThreadHistory.Summary] = [:]

  struct PendingServerRequest {
    var connectionID: Int
    var threadID: String
    var answer: (ParsedJSONResult) -> Void
  }

  /// A client's answer to a server request: its `result`, or its `error`.
  enum ParsedJSONResult {
    case result(JSONValue)
    case error(JSONValue)
  }

  init(cairnHome: CairnHome, configRequest: ConfigRequest, clock: @escaping @Sendable () -> Int64) {
    self.cairnHome = cairnHome
    self.configRequest = configRequest
    threadIndex = AppServerThreadIndex(home: cairnHome)
    host = ThreadHost(codexHome: configRequest.home, cairnHome: cairnHome, request: configRequest)
    self.clock = clock
  }

  /// A new client: `sink` receives each outgoing message as one JSON text (no newline).
  /// The transport calls `receive(_:)` for each message and `closed()` at the end.
  func accept(sink: @escaping @Sendable (String) -> Void) -> AppServerConnection {
    lock.lock()
    defer { lock.unlock() }
    let id = nextConnectionID
    nextConnectionID += 1
    let connection = AppServerConnection(id: id, hub: self, sink: sink)
    connections[id] = connection
    return connection
  }

  func disconnect(_ connection: AppServerConnection) {
    lock.lock()
    connections[connection.id] = nil
    let orphaned = pendingServerRequests.filter { $0.value.connectionID == connection.id }
    for key in orphaned.keys { pendingServerRequests[key] = nil }
    let threads = Array(loadedThreads.values)
    lock.unlock()
    for thread in threads { thread.unsubscribe(connection.id) }
    AppServerLiveCommands.connectionClosed(connection.id)
    AppServerFileWatches.connectionClosed(connection.id)
    // A turn waiting on this client's answer is told no (Codex: the request fails).
    for pending in orphaned.values {
      pending.answer(.error(.object([("message", .string("connection closed"))])))
    }
  }

  /// Every initialized connection, for notifications that concern all clients.
  func initializedConnections() -> [AppServerConnection] {
    lock.lock()
    defer { lock.unlock() }
    return connections.values.filter(\.isInitialized).sorted { $0.id < $1.id }
  }

  func connection(_ id: Int) -> AppServerConnection? {
    lock.lock()
    defer { lock.unlock() }
    return connections[id]
  }

  // MARK: Server requests

  /// Sends a request to the client on `connectionID` and registers `answer` for its reply.
  /// Ids count from 0 per process, as Codex's.
  @discardableResult
  func sendServerRequest(
    to connectionID: Int, threadID: String, method: String, params: JSONValue,
    answer: @escaping (ParsedJSONResult) -> Void
  ) -> AppServerRequestID? {
    lock.lock()
    guard let connection = connections[connectionID] else {
      lock.unlock()
      return nil
    }
    let id = AppServerRequestID.number(nextServerRequestID)
    nextServerRequestID += 1
    pendingServerRequests[id] = PendingServerRequest(
      connectionID: connectionID, threadID: threadID, answer: answer)
    lock.unlock()
    connection.sendRequest(id: id, method: method, params: params)
    return id
  }

  /// Routes a client's response; answers to ids never issued (or already resolved) are
  /// ignored, as Codex does.
  func deliverResponse(from connectionID: Int, id: AppServerRequestID, result: ParsedJSONResult) {
    lock.lock()
    guard let pending = pendingServerRequests[id], pending.connectionID == connectionID else {
      lock.unlock()
      return
    }
    pendingServerRequests[id] = nil
    lock.unlock()
    pending.answer(result)
  }

  /// Withdraws a server request (its turn ended): a late answer is then ignored.
  func withdrawServerRequest(_ id: AppServerRequestID) -> Bool {
    lock.lock()
    defer { lock.unlock() }
    return pendingServerRequests.removeValue(forKey: id) != nil
  }

  // MARK: command/exec

  private var commands: [String: ProcessCancellation] = [:]

  /// Registers a running `command/exec` by its client's process id; false when one with
  /// that id runs already for this connection.
  func registerCommand(connection: Int, processID: String, _ cancellation: ProcessCancellation)
    -> Bool
  {
    lock.withLock {
      let key = "\(connection)\u{0}\(processID)"
      guard commands[key] == nil else { return false }
      commands[key] = cancellation
      return true
    }
  }

  func unregisterCommand(connection: Int, processID: String) {
    _ = lock.withLock { commands.removeValue(forKey: "\(connection)\u{0}\(processID)") }
  }

  func command(connection: Int, processID: String) -> ProcessCancellation? {
    lock.withLock { commands["\(connection)\u{0}\(processID)"] }
  }

  // MARK: Threads

  func loadedThread(_ id: String) -> AppServerLoadedThread? {
    lock.lock()
    defer { lock.unlock() }
    return loadedThreads[id]
  }

  func register(_ thread: AppServerLoadedThread) {
    lock.lock()
    loadedThreads[thread.id] = thread
    lock.unlock()
  }

  @discardableResult
  func unload(_ id: String) -> AppServerLoadedThread? {
    lock.lock()
    let thread = loadedThreads.removeValue(forKey: id)
    lock.unlock()
    host.unload(id)
    return thread
  }

  func loadedThreadIDs() -> [String] {
    lock.lock()
    defer { lock.unlock() }
    return loadedThreads.keys.sorted()
  }

  func cachedSummary(_ id: String) -> AppServerThreadHistory.Summary? {
    lock.lock()
    defer { lock.unlock() }
    return summaries[id]
  }

  func cacheSummary(_ id: String, _ summary: AppServerThreadHistory.Summary) {
    lock.lock()
    summaries[id] = summary
    lock.unlock()
  }

  /// Closes every loaded thread (the process is ending).
  func shutdown() {
    lock.lock()
    loadedThreads = [:]
    lock.unlock()
    host.closeAll()
    threadIndex.saveLearnedSummaries()
  }
}
