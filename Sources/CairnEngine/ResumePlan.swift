import CairnCore
import CairnLogFormat
import CairnStore

/// What a resume will read, computed without reading it: the checkpoint it will start
/// from and the blocks, events and bytes of the tail after it.
public struct ResumePlan: Equatable, Sendable {
  public var checkpointSeq: Seq?
  public var lastSeq: Seq
  public var events: UInt64
  public var blocks: [LogReader.BlockSpan]

  public var storedBytes: UInt64 { blocks.reduce(0) { $0 + $1.storedBytes } }

  public static func make(directory: String) throws -> ResumePlan {
    let reader = try LogReader(directory: directory)
    let last = reader.lastSeq
    var checkpointSeq: Seq?
    if let checkpoint = try CheckpointStore(logDirectory: directory).latest(
      atOrBefore: last, schemaVersion: SessionState.schemaVersion),
      let state = try? checkpoint.bytes.withUnsafeBytes({ try SessionState.decode($0) }),
      state.lastSeq == checkpoint.seq
    {
      checkpointSeq = checkpoint.seq
    }
    let first = (checkpointSeq ?? .none).next
    return ResumePlan(
      checkpointSeq: checkpointSeq, lastSeq: last,
      events: last >= first ? last.rawValue - first.rawValue + 1 : 0,
      blocks: last >= first ? try reader.blockSpans(from: first, through: last) : [])
  }
}
