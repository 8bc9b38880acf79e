import CairnCore
import CairnLogFormat
import Testing

/// Records a golden scenario from commands, as a live session would: each command goes
/// through `SessionState.decide`, its events get the next sequence numbers and a fixed
/// clock's times, and `SessionState.evolve` folds them and returns their effects. Every
/// command makes a mark. No engine and no files: the log is the list of envelopes.
struct ScenarioRecorder {
  /// 2026-01-01T00:00:00Z: when a scenario's clock starts.
  static let startNanoseconds: Int64 = 1_767_225_600_000_000_000
  /// How far the clock moves for each record.
  static let tickNanoseconds: Int64 = 10_000_000

  private(set) var state = SessionState()
  private(set) var log: GoldenLog
  private(set) var nowNanoseconds: Int64
  private var checkpoint: (seq: Seq, bytes: [UInt8])?

  init(subdirectory: String = "", startNanoseconds: Int64 = Self.startNanoseconds) {
    log = GoldenLog(subdirectory: subdirectory, sharedPrefix: [], envelopes: [], marks: [])
    nowNanoseconds = startNanoseconds
  }

  /// Every record of the session, shared prefix first.
  var allEnvelopes: [Envelope] { log.sharedPrefix + log.envelopes }

  /// Moves the clock on, as time passes between records (a tool runs, a process restarts).
  mutating func wait(seconds: Int64) {
    nowNanoseconds += seconds * 1_000_000_000
  }

  /// Decides `command` and logs and folds its events; records a mark. A rejection is a
  /// bug in the scenario: it is reported and nothing is logged. Returns the new records'
  /// sequence numbers, for the causation of later ones.
  @discardableResult
  mutating func send(
    _ command: Command, causation: Seq = .none, sourceLocation: SourceLocation = #_sourceLocation
  ) -> [Seq] {
    switch state.decide(command) {
    case .failure(let rejection):
      Issue.record(
        "the scenario's command was rejected: \(rejection)", sourceLocation: sourceLocation)
      return []
    case .success(let events):
      return append(events, causation: causation, mark: .command(command))
    }
  }

  /// Sends a command `decide` must refuse, and records the refusal as a mark.
  mutating func reject(_ command: Command, sourceLocation: SourceLocation = #_sourceLocation) {
    switch state.decide(command) {
    case .success(let events):
      Issue.record(
        "the scenario expected a rejection, but decide answered \(events)",
        sourceLocation: sourceLocation)
    case .failure(let rejection):
      log.marks.append(
        GoldenMark(
          kind: .rejected(command, rejection), seq: state.lastSeq, effects: [], state: state))
    }
  }

  /// Stores the state as a checkpoint would: its canonical encoding at the last record.
  mutating func takeCheckpoint() {
    checkpoint = (state.lastSeq, state.encoded())
  }

  /// The process dies here (a mark of what is in flight); then a new process resumes the
  /// session as the engine does: it decodes the latest checkpoint, folds the tail of the
  /// log after it (effects dropped) and goes on from that state, not the one that died.
  mutating func crashAndResume(
    downtimeSeconds: Int64, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    log.marks.append(GoldenMark(kind: .crash, seq: state.lastSeq, effects: [], state: state))
    let checkpoint = try #require(
      checkpoint, "take a checkpoint before the crash", sourceLocation: sourceLocation)
    var resumed = try checkpoint.bytes.withUnsafeBytes { bytes in
      try SessionState.decode(bytes)
    }
    let tail = allEnvelopes.filter { $0.seq > checkpoint.seq }
    for envelope in tail { _ = SessionState.evolve(&resumed, envelope) }
    state = resumed
    wait(seconds: downtimeSeconds)
    log.marks.append(
      GoldenMark(
        kind: .resume(
          checkpointSeq: checkpoint.seq, checkpointBytes: checkpoint.bytes.count,
          tailEvents: tail.count),
        seq: state.lastSeq, effects: [], state: state))
  }

  /// A fork of `parent` after its record `forkSeq`, as `SessionFork` makes one: the child
  /// reads the parent's records through the fork point (a mark of that state), then sends
  /// `forkSession` with the parent's settings, a new id and the origin. Its own log starts
  /// with the `sessionCreated` that records it, the fork point's next sequence number.
  static func fork(
    of parent: ScenarioRecorder, at forkSeq: Seq, child childID: SessionID,
    subdirectory: String = "child", startNanoseconds: Int64
  ) -> ScenarioRecorder {
    var child = ScenarioRecorder(subdirectory: subdirectory, startNanoseconds: startNanoseconds)
    child.log.sharedPrefix = parent.allEnvelopes.filter { $0.seq <= forkSeq }
    for envelope in child.log.sharedPrefix { _ = SessionState.evolve(&child.state, envelope) }
    let session = child.state.session!
    let origin = SessionOrigin(parent: session.sessionID, forkSeq: forkSeq)
    child.log.marks.append(
      GoldenMark(kind: .forkPoint(origin), seq: forkSeq, effects: [], state: child.state))
    child.send(
      .forkSession(
        SessionCreated(
          sessionID: childID, cwd: session.cwd, model: session.model,
          provider: session.provider, approvalPolicy: session.approvalPolicy,
          sandboxMode: session.sandboxMode, origin: origin)))
    return child
  }

  @discardableResult
  private mutating func append(_ events: [Event], causation: Seq, mark: GoldenMark.Kind) -> [Seq] {
    var effects: [Effect] = []
    var seqs: [Seq] = []
    for event in events {
      nowNanoseconds += Self.tickNanoseconds
      let envelope = Envelope(
        seq: state.lastSeq.next, recordedAtNanoseconds: nowNanoseconds, causation: causation,
        event: event)
      log.envelopes.append(envelope)
      effects += SessionState.evolve(&state, envelope)
      seqs.append(envelope.seq)
    }
    log.marks.append(GoldenMark(kind: mark, seq: state.lastSeq, effects: effects, state: state))
    return seqs
  }
}
