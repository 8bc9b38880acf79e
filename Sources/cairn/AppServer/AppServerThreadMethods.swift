import CairnCodex
import CairnCore
import CairnEngine
import CairnStore
import Foundation

/// The `thread/*` methods. Threads are Cairn sessions in the Cairn home: listing reads the
/// catalog (one file for all threads), reading and resuming read the session's log.
enum AppServerThreadMethods {
  // MARK: Settings

  /// `thread/start`'s settings params as the host's `ThreadSettings`.
  static func settings(_ params: AppServerParams) throws(AppServerError) -> ThreadSettings {
    var settings = ThreadSettings()
    settings.cwd = try params.string("cwd")
    settings.model = try params.string("model")
    settings.modelProvider = try params.string("modelProvider")
    if let policy = try params.string("approvalPolicy") {
      guard let parsed = ApprovalPolicy(rawValue: policy) else {
        throw .malformed(
          "unknown variant `\(policy)`, expected one of `untrusted`, `on-failure`, `on-request`, "
            + "`never`")
      }
      settings.approvalPolicy = parsed
    }
    if let sandbox = try params.string("sandbox") {
      guard let parsed = SandboxMode(rawValue: sandbox) else {
        throw .malformed(
          "unknown variant `\(sandbox)`, expected one of `read-only`, `workspace-write`, "
            + "`danger-full-access`")
      }
      settings.sandboxMode = parsed
    }
    if let config = try params.object("config"), case .object(let members) = config.json {
      settings.configOverrides = ThreadSettings.overrides(fromJSON: members)
    }
    settings.baseInstructions = try params.string("baseInstructions")
    settings.developerInstructions = try params.string("developerInstructions")
    return settings
  }

  static func hostError(_ error: ThreadHostError) -> AppServerError {
    switch error {
    case .invalidID(let id):
      return .invalid("invalid thread id: \(AppServerUUID.problem(id) ?? id)")
    case .notFound(let id): return .invalid("thread not found: \(id)")
    case .busy(let id): return .invalid("thread \(id) is running a turn already")
    case .settings(let text): return .invalid(text)
    case .failed(let text): return .internal(text)
    }
  }

  /// The sandbox as Codex's `SandboxPolicy` object.
  static func sandboxJSON(_ mode: SandboxMode) -> JSONValue {
    switch mode {
    case .readOnly:
      return .object([("type", .string("readOnly")), ("networkAccess", .bool(false))])
    case .workspaceWrite:
      return .object([
        ("type", .string("workspaceWrite")), ("writableRoots", .array([])),
        ("networkAccess", .bool(false)), ("excludeTmpdirEnvVar", .bool(false)),
        ("excludeSlashTmp", .bool(false)),
      ])
    case .dangerFullAccess: return .object([("type", .string("dangerFullAccess"))])
    }
  }

  /// The thread object of a loaded thread.
  static func threadJSON(_ thread: AppServerLoadedThread, preview: String, turns: [JSONValue] = [])
    -> JSONValue
  {
    let hosted = thread.hosted
    let state = hosted.engine.state
    var json = AppServerThreadJSON(
      state: state, id: thread.id, preview: preview, status: thread.status,
      path: thread.ephemeral ? nil : hosted.directory,
      updatedAtNanoseconds: thread.hub.clock(), ephemeral: thread.ephemeral)
    json.modelProvider = hosted.settings.providerID
    json.turns = turns
    return json.json
  }

  /// thread/start, thread/resume and thread/fork answer the thread and its settings.
  static func threadResult(
    _ thread: AppServerLoadedThread, threadJSON: JSONValue, extra: [(String, JSONValue)] = []
  ) -> JSONValue {
    let settings = thread.hosted.settings
    return .object(
      [
        ("thread", threadJSON), ("model", .string(settings.model)),
        ("modelProvider", .string(settings.providerID)), ("serviceTier", .null),
        ("cwd", .string(settings.cwd)), ("runtimeWorkspaceRoots", .array([.string(settings.cwd)])),
        ("instructionSources", .array([])),
        ("approvalPolicy", .string(settings.approvalPolicy.codexName)),
        ("approvalsReviewer", .string("user")), ("sandbox", sandboxJSON(settings.sandboxMode)),
        ("activePermissionProfile", .null),
        ("reasoningEffort", settings.reasoningEffort.map { .string($0) } ?? .null),
        ("multiAgentMode", .string("explicitRequestOnly")),
      ] + extra)
  }

  // MARK: start

  static func start(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let wanted = try settings(request.params)
    let ephemeral = try request.params.bool("ephemeral") ?? false
    let hosted: HostedThread
    do {
      hosted = try request.hub.host.start(wanted, ephemeral: ephemeral)
    } catch {
      throw hostError(error)
    }
    let thread = AppServerLoadedThread(hosted: hosted, hub: request.hub, ephemeral: ephemeral)
    thread.subscribe(request.connection.id)
    request.hub.register(thread)
    let json = threadJSON(thread, preview: "")
    return AppServerReply(result: threadResult(thread, threadJSON: json)) {
      for connection in request.hub.initializedConnections() {
        connection.notify(AppServerNotification("thread/started", [("thread", json)]))
      }
    }
  }

  // MARK: list

  static func list(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let params = request.params
    let limit = min(max(try params.count("limit") ?? 25, 1), 1000)
    let archived = try params.bool("archived") ?? false
    let cwd = try params.string("cwd")
    let search = try params.string("searchTerm")?.lowercased()
    let sortKey = try params.string("sortKey") ?? "created_at"
    let ascending = (try params.string("sortDirection") ?? "desc") == "asc"
    let cursor = try params.string("cursor").map {
      text throws(AppServerError) -> AppServerThreadCursor in
      guard let parsed = AppServerThreadCursor(text) else {
        throw .invalid("invalid cursor: \(text)")
      }
      return parsed
    }
    let entries: [SessionCatalog.Entry]
    do {
      entries = try request.hub.threadIndex.snapshot()
    } catch {
      throw .internal("cannot list threads: \(error)")
    }
    let byUpdate = sortKey == "updated_at"
    func key(_ entry: SessionCatalog.Entry) -> AppServerThreadCursor {
      AppServerThreadCursor(
        time: byUpdate
          ? max(entry.updatedAtNanoseconds, entry.createdAtNanoseconds)
          : entry.createdAtNanoseconds, id: entry.sessionID)
    }
    // Ascending order, made once per catalog version; descending walks it backwards.
    let order = request.hub.threadIndex.order(name: sortKey, entries, by: key)
    var position: Int
    if let cursor {
      // The first entry after the cursor in the listing's direction (binary search).
      var low = 0
      var high = order.count
      while low < high {
        let middle = (low + high) / 2
        if key(entries[order[middle]]) < cursor
          || (ascending && key(entries[order[middle]]) == cursor)
        {
          low = middle + 1
        } else {
          high = middle
        }
      }
      position = ascending ? low : low - 1
    } else {
      position = ascending ? 0 : order.count - 1
    }
    var page: [(SessionCatalog.Entry, AppServerThreadHistory.Summary)] = []
    var more = false
    while position >= 0, position < order.count {
      let entry = entries[order[position]]
      position += ascending ? 1 : -1
      guard entry.archived == archived else { continue }
      if let cwd, entry.cwd != cwd { continue }
      if page.count == limit {
        more = true
        break
      }
      // A thread loaded here may have had its first message since the catalog saw it.
      let summary =
        entry.summary?.preview.isEmpty ?? true && request.hub.loadedThread(entry.sessionID) != nil
        ? Self.summary(request.hub, entry.sessionID) : request.hub.threadIndex.summary(entry)
      if let search {
        let haystack = (entry.title + "\n" + summary.preview).lowercased()
        guard haystack.contains(search) else { continue }
      }
      page.append((entry, summary))
    }
    request.hub.threadIndex.saveLearnedSummaries(whenMany: true)
    let data: [JSONValue] = page.map { entry, summary in
      let loaded = request.hub.loadedThread(entry.sessionID)
      return AppServerThreadJSON(
        entry: entry, provider: summary.provider, preview: summary.preview,
        status: loaded?.status ?? AppServerTurnRenderer.status("notLoaded"),
        path: request.hub.cairnHome.sessionDirectory(SessionID(entry.sessionID)),
        loaded: loaded != nil
      ).json
    }
    return AppServerReply(
      result: .object([
        ("data", .array(data)),
        ("nextCursor", more && !page.isEmpty ? .string(key(page.last!.0).text) : .null),
        (
          "backwardsCursor",
          cursor != nil && !page.isEmpty ? .string(key(page.first!.0).text) : .null
        ),
      ]))
  }

  /// The preview and provider of a stored thread, read once and kept.
  static func summary(_ hub: AppServerHub, _ id: String) -> AppServerThreadHistory.Summary {
    if let cached = hub.cachedSummary(id) { return cached }
    // A loaded thread's log may live elsewhere (an ephemeral thread's temporary home).
    let summary = AppServerThreadHistory.summary(
      directory: hub.loadedThread(id)?.hosted.directory
        ?? hub.cairnHome.sessionDirectory(SessionID(id)))
    if !summary.preview.isEmpty { hub.cacheSummary(id, summary) }
    return summary
  }

  // MARK: read

  /// The catalog entry of a stored thread, or Codex's error for an unknown one.
  static func storedEntry(_ hub: AppServerHub, _ id: String, missing: String) throws(AppServerError)
    -> SessionCatalog.Entry
  {
    let entries: [SessionCatalog.Entry]
    do {
      entries = try SessionStore(home: hub.cairnHome).list()
    } catch {
      throw .internal("cannot list threads: \(error)")
    }
    guard let entry = entries.first(where: { $0.sessionID == id }) else { throw .invalid(missing) }
    return entry
  }

  static func read(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let id = try request.params.threadID()
    let includeTurns = try request.params.bool("includeTurns") ?? false
    let hub = request.hub
    if let loaded = hub.loadedThread(id) {
      let turns =
        includeTurns
        ? try AppServerThreadHistory.turns(
          threadID: id, directory: loaded.hosted.directory, cwd: loaded.hosted.settings.cwd) : []
      return AppServerReply(
        result: .object([
          ("thread", threadJSON(loaded, preview: summary(hub, id).preview, turns: turns))
        ]))
    }
    let entry = try storedEntry(hub, id, missing: "thread not loaded: \(id)")
    let directory = hub.cairnHome.sessionDirectory(SessionID(id))
    let info = summary(hub, id)
    var json = AppServerThreadJSON(
      entry: entry, provider: info.provider, preview: info.preview,
      status: AppServerTurnRenderer.status("notLoaded"), path: directory, loaded: false)
    if includeTurns {
      json.turns = try AppServerThreadHistory.turns(
        threadID: id, directory: directory, cwd: entry.cwd)
    }
    return AppServerReply(result: .object([("thread", json.json)]))
  }

  // MARK: resume and fork

  static func resume(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let id = try request.params.threadID()
    let hub = request.hub
    let thread: AppServerLoadedThread
    if let loaded = hub.loadedThread(id) {
      thread = loaded
    } else {
      let wanted = try settings(request.params)
      let hosted: HostedThread
      do {
        hosted = try hub.host.resume(id, settings: wanted)
      } catch {
        if case .notFound = error { throw .invalid("no rollout found for thread id \(id)") }
        throw hostError(error)
      }
      thread = AppServerLoadedThread(hosted: hosted, hub: hub, ephemeral: false)
      hub.register(thread)
    }
    thread.subscribe(request.connection.id)
    request.connection.notify(thread.statusChangedNotification())
    let state = thread.hosted.engine.state
    let (start, older) = AppServerThreadHistory.startOfLatestTurns(
      state, count: AppServerThreadHistory.resumeTurnsMax)
    let turns = try AppServerThreadHistory.turns(
      threadID: id, directory: thread.hosted.directory, cwd: thread.hosted.settings.cwd, from: start
    )
    let json = threadJSON(thread, preview: summary(hub, id).preview, turns: turns)
    let result = threadResult(
      thread, threadJSON: json,
      extra: [
        ("initialTurnsPage", .null),
        ("turnsBackwardsCursor", older ? .string(String(start.rawValue)) : .null),
        ("itemsBackwardsCursor", .null),
      ])
    return AppServerReply(result: result) {
      if let usage = thread.replayedUsage() { request.connection.notify(usage) }
      request.connection.notify(
        AppServerNotification("thread/goal/cleared", [("threadId", .string(id))]))
    }
  }

  static func fork(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let parentID = try request.params.threadID()
    let hub = request.hub
    _ = try storedEntry(hub, parentID, missing: "no rollout found for thread id \(parentID)")
    var ids = UUIDv7Generator()
    let childID = SessionID(ids.next(unixNanoseconds: hub.clock()))
    let parentName = hub.loadedThread(parentID)?.hosted.engine.state.session?.title
    do {
      // The parent may be open for writing here: fork reads its sealed and copied records.
      let engine = try SessionFork.fork(
        home: hub.cairnHome, parent: SessionID(parentID), child: childID, clock: hub.clock)
      if let title = parentName ?? engine.state.session?.title, !title.isEmpty {
        try engine.send(.renameSession(SessionRenamed(title: title)))
      }
      try engine.close()
    } catch {
      throw .internal("cannot fork thread \(parentID): \(error)")
    }
    let wanted = try settings(request.params)
    let hosted: HostedThread
    do {
      hosted = try hub.host.resume(childID.rawValue, settings: wanted)
    } catch {
      throw hostError(error)
    }
    let thread = AppServerLoadedThread(hosted: hosted, hub: hub, ephemeral: false)
    hub.register(thread)
    thread.subscribe(request.connection.id)
    let turns = try AppServerThreadHistory.turns(
      threadID: childID.rawValue, directory: hosted.directory, cwd: hosted.settings.cwd)
    let json = threadJSON(thread, preview: summary(hub, parentID).preview, turns: turns)
    return AppServerReply(result: threadResult(thread, threadJSON: json)) {
      if let usage = thread.replayedUsage() { request.connection.notify(usage) }
      for connection in hub.initializedConnections() {
        connection.notify(AppServerNotification("thread/started", [("thread", json)]))
      }
    }
  }

  // MARK: name, archive, delete

  /// Sends `command` to the thread's session: through the loaded engine, or by opening it.
  static func send(_ command: Command, to id: String, _ hub: AppServerHub) throws(AppServerError) {
    do {
      if let loaded = hub.loadedThread(id) {
        try loaded.hosted.engine.send(command)
        return
      }
      let engine = try SessionEngine.open(
        home: hub.cairnHome, sessionID: SessionID(id), clock: hub.clock)
      defer { try? engine.close() }
      try engine.send(command)
    } catch EngineError.noSuchSession {
      throw .invalid("thread not found: \(id)")
    } catch {
      throw .internal("\(error)")
    }
  }

  static func setName(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let id = try request.params.threadID()
    let name = try request.params.requiredString("name")
    try send(.renameSession(SessionRenamed(title: name)), to: id, request.hub)
    return AppServerReply(result: .object([])) {
      for connection in request.hub.initializedConnections() {
        connection.notify(
          AppServerNotification(
            "thread/name/updated", [("threadId", .string(id)), ("threadName", .string(name))]))
      }
    }
  }

  /// Unloads a thread before an archive or delete, telling its subscribers it is gone.
  private static func unloadForStorageChange(_ id: String, _ hub: AppServerHub) {
    guard let loaded = hub.loadedThread(id) else { return }
    loaded.publish(loaded.statusChangedNotification(AppServerTurnRenderer.status("notLoaded")))
    hub.unload(id)
  }

  static func archive(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let id = try request.params.threadID()
    _ = try storedEntry(request.hub, id, missing: "thread not found: \(id)")
    unloadForStorageChange(id, request.hub)
    try send(.archiveSession, to: id, request.hub)
    return AppServerReply(result: .object([])) {
      for connection in request.hub.initializedConnections() {
        connection.notify(AppServerNotification("thread/archived", [("threadId", .string(id))]))
      }
    }
  }

  static func unarchive(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let id = try request.params.threadID()
    _ = try storedEntry(request.hub, id, missing: "thread not found: \(id)")
    try send(.unarchiveSession, to: id, request.hub)
    let entry = try storedEntry(request.hub, id, missing: "thread not found: \(id)")
    let info = summary(request.hub, id)
    let json = AppServerThreadJSON(
      entry: entry, provider: info.provider, preview: info.preview,
      status: AppServerTurnRenderer.status("notLoaded"),
      path: request.hub.cairnHome.sessionDirectory(SessionID(id)), loaded: false)
    return AppServerReply(result: .object([("thread", json.json)])) {
      for connection in request.hub.initializedConnections() {
        connection.notify(AppServerNotification("thread/unarchived", [("threadId", .string(id))]))
      }
    }
  }

  static func delete(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let id = try request.params.threadID()
    _ = try storedEntry(request.hub, id, missing: "thread not found: \(id)")
    unloadForStorageChange(id, request.hub)
    do {
      // Forks of this thread get their shared records copied first (force).
      _ = try SessionFork.delete(home: request.hub.cairnHome, SessionID(id), force: true)
    } catch {
      throw .internal("cannot delete thread \(id): \(error)")
    }
    return AppServerReply(result: .object([])) {
      for connection in request.hub.initializedConnections() {
        connection.notify(AppServerNotification("thread/deleted", [("threadId", .string(id))]))
      }
    }
  }

  static func unsubscribe(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let id = try request.params.threadID()
    guard let loaded = request.hub.loadedThread(id) else {
      return AppServerReply(result: .object([("status", .string("notLoaded"))]))
    }
    guard loaded.unsubscribe(request.connection.id) else {
      return AppServerReply(result: .object([("status", .string("notSubscribed"))]))
    }
    guard loaded.subscriberIDs.isEmpty && loaded.runningTurnID == nil else {
      return AppServerReply(result: .object([("status", .string("unsubscribed"))]))
    }
    // The last subscriber left: the thread is unloaded, then every client hears
    // `thread/closed` after the answer, as Codex sends it.
    let hub = request.hub
    hub.unload(id)
    return AppServerReply(result: .object([("status", .string("unsubscribed"))])) {
      let closed = AppServerNotification("thread/closed", [("threadId", .string(id))])
      for connection in hub.initializedConnections() { connection.notify(closed) }
    }
  }

  static func loadedList(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    AppServerReply(
      result: .object([
        ("data", .array(request.hub.loadedThreadIDs().map { .string($0) })), ("nextCursor", .null),
      ]))
  }
}

/// A position in a thread listing: the sort time and the id (ties broken by id), as text
/// `<nanoseconds>:<id>`.
struct AppServerThreadCursor: Comparable {
  var time: Int64
  var id: String

  init(time: Int64, id: String) {
    self.time = time
    self.id = id
  }

  init?(_ text: String) {
    let parts = text.split(separator: ":", maxSplits: 1)
    guard parts.count == 2, let time = Int64(parts[0]) else { return nil }
    self.time = time
    id = String(parts[1])
  }

  var text: String { "\(time):\(id)" }

  static func < (lhs: Self, rhs: Self) -> Bool {
    lhs.time != rhs.time ? lhs.time < rhs.time : lhs.id < rhs.id
  }
}
