import CairnCore
import CairnLogFormat
import CairnStore

/// A session's states at any of its events, for the timeline (`cairn replay tui`): the
/// state after record N is the newest checkpoint at or before N plus the records after it,
/// and a step forward folds one more record onto the state in hand, so scrubbing costs a
/// checkpoint interval at most, however long the session.
public final class SessionTimeline {
  public let sessionID: SessionID
  public let directory: String
  public let lastSeq: Seq
  private let reader: LogReader
  private var current: SessionState?
  private var turnStartsCache: [Seq]?
  /// How far forward a step folds records onto the state in hand before it reloads from a
  /// checkpoint instead.
  static let foldForwardMax: UInt64 = 4096

  public init(home: CairnHome, sessionID: SessionID) throws {
    self.sessionID = try sessionID.validated()
    directory = home.sessionDirectory(self.sessionID)
    guard try LogReader.segmentFileCount(directory: directory) > 0 else {
      throw EngineError.noSuchSession(self.sessionID)
    }
    reader = try LogReader(directory: directory)
    lastSeq = reader.lastSeq
  }

  /// The state right after record `seq` (clamped to the log).
  public func state(at seq: Seq) throws -> SessionState {
    let target = Seq(min(max(seq.rawValue, 1), lastSeq.rawValue))
    if let current, current.lastSeq <= target,
      target.rawValue - current.lastSeq.rawValue <= Self.foldForwardMax
    {
      var state = current
      try reader.scan(from: current.lastSeq.next, through: target) { record in
        _ = SessionState.evolve(&state, try decode(record))
        return true
      }
      self.current = state
      return state
    }
    let (state, _) = try SessionResume.load(
      sessionID: sessionID, directory: directory, through: target)
    current = state
    return state
  }

  /// The event of record `seq`.
  public func envelope(at seq: Seq) throws -> Envelope? {
    var found: Envelope?
    try reader.scan(from: seq, through: seq) { record in
      found = try decode(record)
      return false
    }
    return found
  }

  /// The records that started a turn, in order (one scan of the log, kept).
  public func turnStarts() throws -> [Seq] {
    if let turnStartsCache { return turnStartsCache }
    var starts: [Seq] = []
    try reader.scan { record in
      if record.kind == EventKind.turnStarted.rawValue { starts.append(record.seq) }
      return true
    }
    turnStartsCache = starts
    return starts
  }

  private func decode(_ record: RecordView) throws -> Envelope {
    do throws(DecodeError) {
      return try Envelope(record: record)
    } catch {
      throw EngineError.undecodableEvent(session: sessionID, seq: record.seq.rawValue, cause: error)
    }
  }
}
