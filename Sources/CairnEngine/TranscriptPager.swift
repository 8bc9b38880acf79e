import CairnCore
import CairnLogFormat
import CairnStore

/// Pages older transcript items in from the log: the state keeps only a window of recent
/// items and the sequence numbers of the rest, so a view that scrolls back asks for a
/// page, and each item costs one indexed block read, never a scan of the session.
public struct TranscriptPager {
  private let reader: LogReader
  private let sessionID: SessionID

  public init(sessionID: SessionID, directory: String) throws {
    self.sessionID = sessionID
    reader = try LogReader(directory: directory)
  }

  /// The events that created the `count` items before `index` in the full list of item
  /// seqs (older ones then the window), oldest first.
  public func page(_ state: SessionState, endingBefore index: Int, count: Int) throws
    -> [Envelope]
  {
    let seqs = state.transcript.olderItemSeqs.all
    let end = min(max(index, 0), seqs.count)
    let start = max(0, end - max(count, 0))
    return try seqs[start..<end].map { seq in
      guard let record = try reader.record(at: seq) else {
        throw EngineError.undecodableEvent(
          session: sessionID, seq: seq.rawValue, cause: .truncated(offset: 0, needed: 1))
      }
      return try record.payload.withUnsafeBytes { payload throws(EngineError) in
        do throws(DecodeError) {
          return Envelope(
            seq: record.seq, recordedAtNanoseconds: record.recordedAtNanoseconds,
            causation: record.causation,
            event: try Event.decode(
              kind: record.kind, schemaVersion: record.schemaVersion, payload: payload))
        } catch {
          throw EngineError.undecodableEvent(session: sessionID, seq: seq.rawValue, cause: error)
        }
      }
    }
  }
}
