import CairnCore
import CairnLogFormat
import CairnStore

/// Compaction handoff artifacts: what a model turn needs to continue without the raw
/// history. Each is a file in the session's `compactions/` and an event in its log.
public enum Compactions {
  public static let replaySeedKind = "replay-seed"
  public static let semanticSummaryKind = "semantic-summary"

  /// A replay seed: the state as of now (a checkpoint, kept with the artifact so that
  /// checkpoint retention never removes it) plus payload-free references to the event
  /// ranges it stands for — the session so far and each recent turn.
  @discardableResult
  public static func recordReplaySeed(_ engine: SessionEngine) throws -> CompactionArtifactRecorded
  {
    try engine.checkpoint()
    let state = engine.state
    var ranges = [SeqRange(first: .first, last: state.lastSeq)]
    for turn in state.turns.recent {
      ranges.append(SeqRange(first: turn.startedSeq, last: turn.endedSeq ?? state.lastSeq))
    }
    var writer = BinaryWriter()
    writer.uint(UInt64(SessionState.schemaVersion))
    writer.array(ranges) { $0.value($1) }
    writer.byteString(state.encoded())
    let name = try ArtifactStore(logDirectory: engine.directory).put(
      kind: replaySeedKind, seq: state.lastSeq, bytes: writer.bytes)
    let artifact = CompactionArtifactRecorded(
      artifactID: name, kind: .replaySeed, checkpointSeq: state.lastSeq, ranges: ranges,
      summary: nil)
    try engine.send(.recordCompactionArtifact(artifact))
    return artifact
  }

  /// A semantic summary: the summary text (from the model, in a later issue; from a file
  /// today) plus a reference to the range it summarizes.
  @discardableResult
  public static func recordSummary(_ engine: SessionEngine, text: String) throws
    -> CompactionArtifactRecorded
  {
    let state = engine.state
    let name = try ArtifactStore(logDirectory: engine.directory).put(
      kind: semanticSummaryKind, seq: state.lastSeq, bytes: Array(text.utf8))
    let artifact = CompactionArtifactRecorded(
      artifactID: name, kind: .semanticSummary, checkpointSeq: .none,
      ranges: [SeqRange(first: .first, last: state.lastSeq)], summary: text)
    try engine.send(.recordCompactionArtifact(artifact))
    return artifact
  }

  /// The artifact files beyond the newest `keep` of each kind: removed with `apply`,
  /// only listed without it. The log keeps its events; they then name removed files.
  public static func prune(directory: String, keepLatestPerKind keep: Int, apply: Bool) throws
    -> [String]
  {
    let store = ArtifactStore(logDirectory: directory)
    var doomed: [String] = []
    for kind in [replaySeedKind, semanticSummaryKind] {
      let files = try store.list(kind: kind)
      doomed += files.dropLast(max(keep, 0)).map(\.fileName)
    }
    if apply {
      for name in doomed { try store.remove(fileName: name) }
    }
    return doomed
  }
}
