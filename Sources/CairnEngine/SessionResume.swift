import CairnCore
import CairnLogFormat
import CairnStore

/// What a resume read: the checkpoint it started from and the tail it replayed.
public struct ResumeReport: Equatable, Sendable {
  /// The checkpoint used, or nil for a replay from the first record.
  public var checkpointSeq: Seq?
  public var eventsReplayed: UInt64
  public var payloadBytesReplayed: UInt64
  public var lastSeq: Seq
  public var digest: String
}

/// Resume = the newest valid checkpoint of this reducer schema version at or before the
/// log's end, plus a replay of the tail: time and memory flat in session length.
public enum SessionResume {
  public static func load(
    sessionID: SessionID, directory: String, through lastSeq: Seq? = nil
  ) throws -> (SessionState, ResumeReport) {
    let reader = try LogReader(directory: directory)
    let end = min(lastSeq ?? reader.lastSeq, reader.lastSeq)
    var state = SessionState()
    var checkpointSeq: Seq?
    if let checkpoint = try CheckpointStore(logDirectory: directory).latest(
      atOrBefore: end, schemaVersion: SessionState.schemaVersion),
      let decoded = try? checkpoint.bytes.withUnsafeBytes({ try SessionState.decode($0) }),
      decoded.lastSeq == checkpoint.seq
    {
      state = decoded
      checkpointSeq = checkpoint.seq
    }
    var events: UInt64 = 0
    var bytes: UInt64 = 0
    try reader.scan(from: state.lastSeq.next, through: end) { record in
      let envelope: Envelope
      do throws(DecodeError) {
        envelope = try Envelope(record: record)
      } catch {
        throw EngineError.undecodableEvent(
          session: sessionID, seq: record.seq.rawValue, cause: error)
      }
      _ = SessionState.evolve(&state, envelope)
      events += 1
      bytes += UInt64(record.payload.count)
      return true
    }
    return (
      state,
      ResumeReport(
        checkpointSeq: checkpointSeq, eventsReplayed: events, payloadBytesReplayed: bytes,
        lastSeq: state.lastSeq, digest: state.digest)
    )
  }
}
