import CairnCodex
import CairnCore
import CairnEngine
import Foundation

/// The threads one server process hosts (`cairn mcp-server`, `cairn app-server`), keyed by
/// thread id, which is the Cairn session id (a UUID string): every thread is a native
/// session in the Cairn home, so it resumes and replays as any other.
///
/// API (stable; additions only):
/// - `init(codexHome:cairnHome:request:)`: the homes and the server's own config request
///   (its `-c`, `--enable`, `--disable`, profile).
/// - `start(_ settings:) throws -> HostedThread`: a new session with `ThreadSettings`.
/// - `resume(_ id:settings:) throws -> HostedThread`: the loaded thread, else the session
///   opened from the Cairn home (a Codex rollout must be imported first: `cairn import
///   codex`); `ThreadHostError.invalidID` / `.notFound` otherwise.
/// - `thread(_ id:) -> HostedThread?`, `loadedThreads`: what is loaded now.
/// - `unload(_ id:)`, `interruptAll()`, `waitUntilIdle()`, `closeAll()`.
/// On a `HostedThread`: `startTurn(prompt:turnID:callbacks:) -> TurnID` (callbacks:
/// `onEnvelope`, `onApproval`, `onEnd`, all on the turn's thread), `answer(_:_:)`,
/// `interrupt()`, `runningTurn`, `pendingApprovals`, `waitUntilIdle()`, `engine.state`,
/// `settings`, `directory`.
final class ThreadHost: @unchecked Sendable {
  let codexHome: CodexHome
  let cairnHome: CairnHome
  /// The server's config request; each thread adds its own overrides to it.
  let request: ConfigRequest
  private let lock = NSLock()
  private var threads: [String: HostedThread] = [:]
  private var order: [String] = []

  init(codexHome: CodexHome, cairnHome: CairnHome, request: ConfigRequest) {
    self.codexHome = codexHome
    self.cairnHome = cairnHome
    self.request = request
  }

  /// Creates a session with `settings` and loads it. An `ephemeral` thread's session lives
  /// in a private temporary home, removed when the thread closes: it is never listed and
  /// cannot be resumed once unloaded, as Codex's ephemeral threads.
  func start(_ wanted: ThreadSettings, ephemeral: Bool = false) throws(ThreadHostError)
    -> HostedThread
  {
    let (config, settings) = try resolve(wanted, session: nil)
    var ids = UUIDv7Generator()
    let thread: HostedThread
    var temporaryHome: String?
    do {
      if ephemeral { temporaryHome = try EphemeralDirectory.make() }
      let engine = try SessionEngine.create(
        home: temporaryHome.map { CairnHome(root: $0) } ?? cairnHome,
        SessionCreated(
          sessionID: SessionID(ids.next(unixNanoseconds: wallClockNanoseconds())),
          cwd: settings.cwd, model: settings.model, provider: settings.providerID,
          approvalPolicy: settings.approvalPolicy, sandboxMode: settings.sandboxMode),
        clock: wallClockNanoseconds)
      thread = try HostedThread(
        engine: engine, settings: settings, config: config, codexHome: codexHome,
        baseInstructions: wanted.baseInstructions,
        developerInstructions: wanted.developerInstructions)
      thread.temporaryHome = temporaryHome
    } catch {
      if let temporaryHome { EphemeralDirectory.remove(temporaryHome) }
      throw .failed("cannot create the session: \(error)")
    }
    lock.withLock {
      threads[thread.id.rawValue] = thread
      order.append(thread.id.rawValue)
    }
    return thread
  }

  /// The thread `id`: loaded already (then `settings` is ignored), or opened from the
  /// Cairn home, its recorded settings overridden by the non-nil fields of `settings`.
  func resume(_ id: String, settings wanted: ThreadSettings = ThreadSettings())
    throws(ThreadHostError) -> HostedThread
  {
    guard Self.isThreadID(id) else { throw .invalidID(id) }
    if let loaded = thread(id) { return loaded }
    // Opening holds the host's lock: two clients resuming one id get one engine.
    lock.lock()
    defer { lock.unlock() }
    if let loaded = threads[id] { return loaded }
    let engine: SessionEngine
    do {
      engine = try SessionEngine.open(
        home: cairnHome, sessionID: SessionID(id), clock: wallClockNanoseconds)
    } catch EngineError.noSuchSession {
      throw .notFound(id)
    } catch {
      throw .failed("cannot open session \(id): \(error)")
    }
    let thread: HostedThread
    do {
      // A turn left open by a Cairn that was killed ends as interrupted, as exec resume.
      if let open = engine.state.turns.current {
        try engine.send(
          .endTurn(
            EndTurn(
              turnID: open.turnID, outcome: .interrupted(reason: "Cairn stopped while it ran"))))
      }
      let (config, settings) = try resolve(wanted, session: engine.state.session)
      try settings.apply(to: engine)
      thread = try HostedThread(
        engine: engine, settings: settings, config: config, codexHome: codexHome,
        baseInstructions: wanted.baseInstructions,
        developerInstructions: wanted.developerInstructions)
    } catch let error as ThreadHostError {
      try? engine.close()
      throw error
    } catch {
      try? engine.close()
      throw .failed("cannot open session \(id): \(error)")
    }
    threads[id] = thread
    order.append(id)
    return thread
  }

  /// Whether `id` is a UUID in its text form (8-4-4-4-12 hex digits), as thread ids are.
  static func isThreadID(_ id: String) -> Bool {
    let bytes = Array(id.utf8)
    guard bytes.count == 36 else { return false }
    for (index, byte) in bytes.enumerated() {
      if [8, 13, 18, 23].contains(index) {
        guard byte == UInt8(ascii: "-") else { return false }
      } else {
        let hex =
          (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46)
          || (byte >= 0x61 && byte <= 0x66)
        guard hex else { return false }
      }
    }
    return true
  }

  /// The loaded thread `id`, if any.
  func thread(_ id: String) -> HostedThread? {
    lock.withLock { threads[id] }
  }

  /// The loaded threads, in the order they were loaded.
  var loadedThreads: [HostedThread] {
    lock.withLock { order.compactMap { threads[$0] } }
  }

  /// Closes thread `id` once its turn ended; false when it is not loaded.
  @discardableResult
  func unload(_ id: String) -> Bool {
    let thread: HostedThread? = lock.withLock {
      order.removeAll { $0 == id }
      return threads.removeValue(forKey: id)
    }
    guard let thread else { return false }
    thread.interrupt()
    thread.waitUntilIdle()
    thread.close()
    return true
  }

  /// Interrupts every running turn.
  func interruptAll() {
    for thread in loadedThreads { thread.interrupt() }
  }

  /// Blocks until no thread runs a turn.
  func waitUntilIdle() {
    for thread in loadedThreads { thread.waitUntilIdle() }
  }

  /// Interrupts, waits and closes every thread (a server's shutdown).
  func closeAll() {
    interruptAll()
    let all: [HostedThread] = lock.withLock {
      defer {
        threads = [:]
        order = []
      }
      return order.compactMap { threads[$0] }
    }
    for thread in all {
      thread.waitUntilIdle()
      thread.close()
    }
  }

  /// The effective config and settings of a thread: the server's request plus the
  /// thread's overrides; a resumed session's recorded settings stand in for what is not
  /// asked.
  private func resolve(_ wanted: ThreadSettings, session: SessionProjection?)
    throws(ThreadHostError)
    -> (CodexConfig, ExecSettings)
  {
    var request = request
    request.overrides += wanted.configOverrides
    if let provider = wanted.modelProvider {
      request.overrides.append("model_provider=" + ThreadSettings.toml(.string(provider)))
    }
    if let profile = wanted.profile { request.profile = profile }
    let config: CodexConfig
    do {
      config = try ExecSettings.load(request, ignoreUserConfig: false, catalog: .embedded)
    } catch {
      throw .settings("\(error)")
    }
    var directory: String?
    if let cwd = wanted.cwd ?? session?.cwd {
      let base = FileManager.default.currentDirectoryPath
      let path = ExecSettings.absolute(cwd, in: base)
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
        isDirectory.boolValue
      else {
        throw .settings("the working directory \(path) does not exist or is not a directory")
      }
      directory = path
    }
    do {
      // The flags' values go in directly: no argument parsing on a thread's way in.
      var settings = try ExecSettings(
        config: config, cd: directory, model: wanted.model ?? session?.model,
        sandbox: wanted.sandboxMode ?? session?.sandboxMode)
      var policy: ApprovalPolicy =
        switch config.approvalPolicy {
        case .untrusted: .untrusted
        case .onFailure: .onFailure
        case .never: .never
        // Granular policies are Codex's per-category switches: asking is the safe reading.
        case .onRequest, .granular, nil: .onRequest
        }
      if let recorded = session?.approvalPolicy { policy = recorded }
      if let asked = wanted.approvalPolicy { policy = asked }
      settings.approvalPolicy = policy
      return (config, settings)
    } catch {
      throw .settings("\(error)")
    }
  }
}
