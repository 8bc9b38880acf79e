import CairnCore
import CairnLogFormat
import CairnStore

/// A live session: commands in, events appended to the log, state folded, effects out.
/// The one writer of its session's log (DESIGN.md §1). Commands are serialized: a turn's
/// thread and the terminal's may both send, and each reads the state as of a whole command.
public final class SessionEngine: @unchecked Sendable {
  public let home: CairnHome
  public let sessionID: SessionID
  public let directory: String
  public let options: EngineOptions
  /// The state after the last command, read under the engine's lock.
  public var state: SessionState { lock.withLock { folded } }
  private var folded: SessionState
  private let lock = RecursiveLock()
  /// What opening found: the checkpoint used and the tail replayed.
  public let resume: ResumeReport
  private let writer: LogWriter
  private let checkpoints: CheckpointStore
  private let clock: () -> Int64
  private let redactor = SecretRedactor()
  private var eventsSinceCheckpoint = 0
  private var bytesSinceCheckpoint = 0
  private var closed = false
  /// Sees every envelope right after it is appended and folded: live renderers (exec's
  /// event stream) and the model-history fold follow the log this way, never the state.
  public var observer: ((Envelope) -> Void)?

  private init(
    home: CairnHome, sessionID: SessionID, options: EngineOptions, writer: LogWriter,
    state: SessionState, resume: ResumeReport, clock: @escaping () -> Int64
  ) {
    self.home = home
    self.sessionID = sessionID
    self.directory = home.sessionDirectory(sessionID)
    self.options = options
    self.writer = writer
    self.folded = state
    self.resume = resume
    self.checkpoints = CheckpointStore(logDirectory: home.sessionDirectory(sessionID))
    self.clock = clock
  }

  deinit {
    if !closed { try? close() }
  }

  /// Creates a session: its log directory and its first event.
  public static func create(
    home: CairnHome, _ create: SessionCreated, options: EngineOptions = EngineOptions(),
    clock: @escaping () -> Int64
  ) throws -> SessionEngine {
    let id = try create.sessionID.validated()
    let directory = home.sessionDirectory(id)
    if try LogReader.segmentFileCount(directory: directory) > 0 {
      throw EngineError.sessionExists(id)
    }
    let writer = try LogWriter(directory: directory, options: options.log)
    let empty = SessionState()
    let engine = SessionEngine(
      home: home, sessionID: id, options: options, writer: writer, state: empty,
      resume: ResumeReport(
        checkpointSeq: nil, eventsReplayed: 0, payloadBytesReplayed: 0, lastSeq: .none,
        digest: empty.digest), clock: clock)
    _ = try engine.send(.createSession(create))
    try engine.commit()
    return engine
  }

  /// Opens an existing session for writing: recovers its log, then resumes its state from
  /// the newest checkpoint and the tail after it.
  public static func open(
    home: CairnHome, sessionID: SessionID, options: EngineOptions = EngineOptions(),
    clock: @escaping () -> Int64
  ) throws -> SessionEngine {
    let id = try sessionID.validated()
    let directory = home.sessionDirectory(id)
    guard try LogReader.segmentFileCount(directory: directory) > 0 else {
      throw EngineError.noSuchSession(id)
    }
    let writer = try LogWriter(directory: directory, options: options.log)
    let (state, report) = try SessionResume.load(
      sessionID: id, directory: directory, through: Seq(writer.nextSeq.rawValue - 1))
    return SessionEngine(
      home: home, sessionID: id, options: options, writer: writer, state: state, resume: report,
      clock: clock)
  }

  /// Decides the command, appends its events, folds them and returns their effects.
  /// Commits at the boundaries a crash must not lose: turn ends, approvals, tool starts and
  /// exits, and session metadata; streamed deltas and output wait for the next boundary.
  @discardableResult
  public func send(_ command: Command, causation: Seq = .none) throws -> [Effect] {
    try lock.withLock { try locked(send: command, causation: causation) }
  }

  private func locked(send command: Command, causation: Seq) throws -> [Effect] {
    let events: [Event]
    switch folded.decide(command) {
    case .success(let decided): events = decided
    case .failure(let rejection): throw EngineError.rejected(rejection)
    }
    var effects: [Effect] = []
    var boundary = false
    var turnEnded = false
    for decided in events {
      // Secrets never reach the log: the state folds the same redacted event the log
      // holds, so live and replayed states agree.
      let event = decided.redacted(by: redactor)
      let now = clock()
      let draft = Envelope.draft(event, recordedAtNanoseconds: now, causation: causation)
      let seq = try writer.append(draft)
      let envelope = Envelope(
        seq: seq, recordedAtNanoseconds: now, causation: causation, event: event)
      effects += SessionState.evolve(&folded, envelope)
      observer?(envelope)
      eventsSinceCheckpoint += 1
      bytesSinceCheckpoint += draft.payload.count
      switch event.kind {
      case .turnCompleted, .turnFailed, .turnInterrupted:
        boundary = true
        turnEnded = true
      case .sessionCreated, .settingsChanged, .turnStarted, .approvalRequested, .approvalDecided,
        .toolCallPlanned, .toolStarted, .toolExited, .sessionRenamed, .sessionArchived,
        .sessionUnarchived, .compactionArtifactRecorded, .toolResultRecorded, .fileChanged,
        .turnsRolledBack:
        // A file change already happened on disk: it must not be lost.
        boundary = true
      case .userMessageAdded, .modelResponseStarted, .outputTextAppended,
        .reasoningSummaryAppended, .messageCompleted, .reasoningCompleted,
        .functionCallCompleted, .customToolCallCompleted, .toolOutputReceived,
        .toolOutputOmitted, .toolStdinWritten, .toolResized, .toolSignalled, .tokenUsageRecorded,
        .terminalResized,
        .focusChanged, .transcriptScrolled, .paletteOpened, .paletteClosed, .composerEdited,
        .overlayChanged, .selectionMoved,
        .contextMessageAdded, .modelRequestRetried,
        // A server's status need not wait on a commit (the TUI records them before its first
        // frame); a call's answer is followed by its `tool_exited`, which commits.
        .mcpServerStatusChanged, .mcpToolResultReceived:
        break
      }
    }
    if boundary { try commit() }
    if (turnEnded && eventsSinceCheckpoint >= options.checkpointTurnEndEventsMin)
      || eventsSinceCheckpoint >= options.checkpointEventsInterval
      || bytesSinceCheckpoint >= options.checkpointBytesInterval
    {
      try checkpoint()
    }
    return effects
  }

  /// Makes everything appended so far durable under the log's policy.
  public func commit() throws {
    try lock.withLock { try writer.commit() }
  }

  /// Commits, then stores the state as a checkpoint at the last sequence number.
  public func checkpoint() throws {
    try lock.withLock { try lockedCheckpoint() }
  }

  private func lockedCheckpoint() throws {
    try writer.commit()
    try checkpoints.put(
      seq: state.lastSeq, schemaVersion: SessionState.schemaVersion, bytes: state.encoded())
    eventsSinceCheckpoint = 0
    bytesSinceCheckpoint = 0
    try checkpoints.prune(keepingLatest: options.checkpointsKept)
  }

  /// Commits, checkpoints what is new, updates the home's catalog and releases the log.
  public func close() throws {
    try lock.withLock { try lockedClose() }
  }

  private func lockedClose() throws {
    guard !closed else { return }
    closed = true
    if eventsSinceCheckpoint > 0 { try checkpoint() }
    try writer.close()
    var entry = catalogEntry()
    try SessionCatalog.update(
      home: home.root, rebuild: { try SessionStore(home: home).rebuildCatalog() }
    ) {
      entry.summary = SessionStore.summary(
        directory: directory, known: $0.entry(sessionID.rawValue)?.summary)
      $0.upsert(entry)
    }
  }

  func catalogEntry() -> SessionCatalog.Entry {
    SessionStore.catalogEntry(sessionID: sessionID, state: state, updatedAt: clock())
  }
}
