import CairnCore
import CairnLogFormat
import CairnStore

/// Forks and deletes. A fork shares its parent's sealed segments up to the fork point
/// instead of copying them (a `PREFIX` link), copies only the parent's records after the
/// last shared segment, and starts its own history with a `session_created` that names the
/// parent and the fork point. docs/SESSION_STORE.md, "Forks".
public enum SessionFork {
  /// Forks `parent` after its record `at` (default: its last) into a new session `child`.
  public static func fork(
    home: CairnHome, parent: SessionID, at forkPoint: Seq? = nil, child: SessionID,
    options: EngineOptions = EngineOptions(), clock: @escaping () -> Int64
  ) throws -> SessionEngine {
    let parentID = try parent.validated()
    let childID = try child.validated()
    let parentDirectory = home.sessionDirectory(parentID)
    let childDirectory = home.sessionDirectory(childID)
    guard try LogReader.segmentFileCount(directory: parentDirectory) > 0 else {
      throw EngineError.noSuchSession(parentID)
    }
    if FileSystemProbe.exists(childDirectory) { throw EngineError.sessionExists(childID) }
    let reader = try LogReader(directory: parentDirectory)
    let forkSeq = forkPoint ?? reader.lastSeq
    guard forkSeq >= .first, forkSeq <= reader.lastSeq else {
      throw EngineError.rejected(
        .invalidArgument(
          "fork point \(forkSeq) is outside the parent's records (1–\(reader.lastSeq))"))
    }
    // Share every sealed segment that ends at or before the fork point.
    let shared = reader.segmentSummaries.prefix { $0.sealed && $0.lastSeq <= forkSeq }
    var copyFrom = Seq.first
    if let last = shared.last {
      try LogPrefix(
        parentDirectory: "../\(parentID.rawValue)", sharedThrough: last.lastSeq,
        chainChecksum: last.lastChecksum
      ).save(directory: childDirectory)
      copyFrom = last.lastSeq.next
    }
    let writer = try LogWriter(directory: childDirectory, options: options.log)
    if copyFrom <= forkSeq {
      try reader.scan(from: copyFrom, through: forkSeq) { record in
        _ = try writer.append(
          payload: record.payload, recordedAtNanoseconds: record.recordedAtNanoseconds,
          kind: record.kind, schemaVersion: record.schemaVersion, flags: record.flags,
          causation: record.causation)
        return true
      }
    }
    try writer.close()
    // The parent's newest checkpoint at or before the fork point spares the child a replay.
    if let checkpoint = try CheckpointStore(logDirectory: parentDirectory).latest(
      atOrBefore: forkSeq, schemaVersion: SessionState.schemaVersion)
    {
      try CheckpointStore(logDirectory: childDirectory).put(
        seq: checkpoint.seq, schemaVersion: checkpoint.schemaVersion, bytes: checkpoint.bytes)
    }
    let engine = try SessionEngine.open(
      home: home, sessionID: childID, options: options, clock: clock)
    guard let session = engine.state.session else {
      throw EngineError.noSuchSession(parentID)
    }
    try engine.send(
      .forkSession(
        SessionCreated(
          sessionID: childID, cwd: session.cwd, model: session.model,
          provider: session.provider, approvalPolicy: session.approvalPolicy,
          sandboxMode: session.sandboxMode,
          origin: SessionOrigin(parent: parentID, forkSeq: forkSeq))))
    try engine.checkpoint()
    return engine
  }

  /// The sessions whose logs share segments with `parent`.
  public static func children(home: CairnHome, of parent: SessionID) throws -> [SessionID] {
    try SessionStore(home: home).sessionIDs().filter { id in
      guard id != parent,
        let prefix = try? LogPrefix.load(directory: home.sessionDirectory(id))
      else { return false }
      return prefix.parentDirectory == "../\(parent.rawValue)"
    }
  }

  /// Deletes a session. A session whose segments forks share is refused unless `force`;
  /// forcing first copies the shared segments into each fork, so no fork loses a record.
  /// Returns the forks that were made independent.
  @discardableResult
  public static func delete(home: CairnHome, _ id: SessionID, force: Bool) throws -> [SessionID] {
    let sessionID = try id.validated()
    let directory = home.sessionDirectory(sessionID)
    guard FileSystemProbe.exists(directory) else { throw EngineError.noSuchSession(sessionID) }
    let forks = try children(home: home, of: sessionID)
    if !forks.isEmpty && !force {
      throw EngineError.rejected(
        .invalidArgument(
          "session \(sessionID) has forks that share its segments ("
            + forks.map(\.rawValue).joined(separator: ", ")
            + "): delete them first, or use --force to copy the shared segments into them"))
    }
    // Taking the writer lock refuses to delete a session someone is writing to.
    let lock = try LogWriter(directory: directory, options: LogOptions(durability: .fsync))
    for fork in forks {
      let forkDirectory = home.sessionDirectory(fork)
      guard let prefix = try LogPrefix.load(directory: forkDirectory) else { continue }
      for segment in try LogReader(directory: directory).segmentSummaries
      where segment.lastSeq <= prefix.sharedThrough {
        try FileCopy.copyDurably(from: segment.path, to: forkDirectory + "/" + segment.fileName)
      }
      try LogPrefix.remove(directory: forkDirectory)
    }
    try lock.close()
    try FileCopy.removeTree(directory)
    try SessionCatalog.update(
      home: home.root, rebuild: { try SessionStore(home: home).rebuildCatalog() }
    ) {
      $0.remove(sessionID: sessionID.rawValue)
    }
    return forks
  }
}
