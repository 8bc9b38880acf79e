import CairnCore
import CairnLogFormat
import CairnStore

/// The result of replaying a session from its first record.
public struct ReplayReport: Equatable, Sendable {
  public var state: SessionState
  public var eventsReplayed: UInt64
  /// Checkpoints whose digest was compared with the replayed state (with `verify`).
  public var checkpointsVerified: Int
  /// Checkpoints whose state differed from the replay: (seq, checkpoint digest, replay digest).
  public var mismatches: [Mismatch]

  public struct Mismatch: Equatable, Sendable {
    public var seq: Seq
    public var checkpointDigest: String
    public var replayDigest: String
  }
}

/// Replays a session from scratch in one pass, optionally checking that the state at every
/// checkpoint's sequence number has that checkpoint's digest.
public enum SessionReplay {
  public static func run(
    sessionID: SessionID, directory: String, until: Seq? = nil, verify: Bool
  ) throws -> ReplayReport {
    let reader = try LogReader(directory: directory)
    let end = min(until ?? reader.lastSeq, reader.lastSeq)
    var pending: [(Seq, String)] = []
    if verify {
      pending = try CheckpointStore(logDirectory: directory)
        .all(schemaVersion: SessionState.schemaVersion)
        .filter { $0.seq <= end }
        .compactMap { checkpoint in
          guard
            let state = try? checkpoint.bytes.withUnsafeBytes({ try SessionState.decode($0) })
          else { return (checkpoint.seq, "undecodable") }
          return (checkpoint.seq, state.digest)
        }
    }
    var state = SessionState()
    var events: UInt64 = 0
    var verified = 0
    var mismatches: [ReplayReport.Mismatch] = []
    var next = 0
    func check() {
      while next < pending.count, pending[next].0 <= state.lastSeq {
        if pending[next].0 == state.lastSeq {
          verified += 1
          let digest = state.digest
          if digest != pending[next].1 {
            mismatches.append(
              ReplayReport.Mismatch(
                seq: pending[next].0, checkpointDigest: pending[next].1, replayDigest: digest))
          }
        }
        next += 1
      }
    }
    check()
    // The sequence number of the next checkpoint to compare, so that an event before it
    // costs one integer comparison rather than a call into `check`.
    var nextCheckSeq = next < pending.count ? pending[next].0.rawValue : UInt64.max
    try reader.scanAhead(from: .first, through: end) { record in
      let envelope: Envelope
      do throws(DecodeError) {
        envelope = try Envelope(record: record)
      } catch {
        throw EngineError.undecodableEvent(
          session: sessionID, seq: record.seq.rawValue, cause: error)
      }
      _ = SessionState.evolve(&state, envelope)
      events += 1
      if state.lastSeq.rawValue >= nextCheckSeq {
        check()
        nextCheckSeq = next < pending.count ? pending[next].0.rawValue : UInt64.max
      }
      return true
    }
    return ReplayReport(
      state: state, eventsReplayed: events, checkpointsVerified: verified, mismatches: mismatches)
  }
}
