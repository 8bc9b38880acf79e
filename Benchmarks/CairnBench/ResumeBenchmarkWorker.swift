import CairnCore
import CairnEngine
import CairnLogFormat
import CairnStore

#if canImport(Glibc)
  import Glibc
#endif

/// The fixtures of `cairn bench resume`, made in a process of their own: a child's peak
/// RSS as `wait4` reports it includes the RSS of the process that spawned it (exec records
/// the vfork'd parent's high-water mark), so the benchmark's own process must stay small,
/// and generating a gigabyte session in it would not. Each task reuses what is already
/// complete and makes only what is missing, and returns named figures.
public enum ResumeBenchmarkWorker {
  public enum Task: String, CaseIterable, Sendable {
    /// One seeded `SessionFixture` session in a home.
    case session
    /// A home of many small sessions and its catalog.
    case list
  }

  /// Makes sure `home` holds the fixture session `sessionID` of at least `events` events,
  /// generating it (seeded, so byte-identical every time) unless a complete one is there.
  public static func ensureSession(
    home root: String, sessionID: String, events: Int, toolChunkBytesMean: Int, seed: UInt64,
    progress: (String) -> Void
  ) throws -> [(String, Double)] {
    let home = CairnHome(root: root)
    let id = SessionID(sessionID)
    let directory = home.sessionDirectory(id)
    var generated = 0.0
    if !isComplete(home: home, id, events: events) {
      BenchFiles.removeTree(directory)
      progress("generating \(sessionID): \(events) events")
      let tenth = max(events / 10, 1)
      var reported = 0
      _ = try SessionFixture.generate(
        home: home, sessionID: id,
        options: SessionFixture.Options(
          events: events, seed: seed, toolChunkBytesMean: toolChunkBytesMean)
      ) { done in
        if done - reported >= tenth {
          reported = done
          progress("generating \(sessionID): \(done) of \(events) events")
        }
      }
      generated = 1
    }
    let stats = try LogStats.collect(directory: directory)
    let checkpoints = try CheckpointStore(logDirectory: directory).all(
      schemaVersion: SessionState.schemaVersion)
    return [
      ("generated", generated), ("records", Double(stats.records)),
      ("last_seq", Double(stats.lastSeq.rawValue)), ("raw_bytes", Double(stats.rawBytes)),
      (
        "payload_bytes",
        Double(stats.rawBytes - stats.records * UInt64(RecordFrame.headerByteCount))
      ),
      ("stored_bytes", Double(stats.storedBytes)), ("segments", Double(stats.segments)),
      ("checkpoints", Double(checkpoints.count)),
    ]
  }

  /// A session is complete when its log holds enough records without a torn tail, its
  /// newest checkpoint decodes under this build's state schema at the log's last record
  /// (a session made by an older build would resume by a long replay), and the home's
  /// catalog has its final entry (written by `close`, the generator's last step).
  private static func isComplete(home: CairnHome, _ id: SessionID, events: Int) -> Bool {
    let directory = home.sessionDirectory(id)
    guard BenchFiles.exists(directory), let stats = try? LogStats.collect(directory: directory),
      stats.records >= UInt64(events), stats.tornTail == nil,
      let checkpoint = try? CheckpointStore(logDirectory: directory).latest(
        atOrBefore: stats.lastSeq, schemaVersion: SessionState.schemaVersion),
      let state = try? checkpoint.bytes.withUnsafeBytes({ try SessionState.decode($0) }),
      state.lastSeq == stats.lastSeq,
      let catalog = SessionCatalog.load(home: home.root)
    else { return false }
    return catalog.entries.contains {
      $0.sessionID == id.rawValue && $0.lastSeq == stats.lastSeq.rawValue
    }
  }

  /// Makes sure `home` holds the sessions `list-00000` … and a catalog listing exactly
  /// them. Each missing session is created through the real engine in a staging home
  /// of its own and renamed in, so that no close pays for rewriting a catalog of
  /// thousands of entries; the catalog is then rebuilt once from the logs.
  public static func ensureListHome(
    home root: String, sessions: Int, progress: (String) -> Void
  ) throws -> [(String, Double)] {
    let home = CairnHome(root: root)
    try BenchFiles.makeDirectory(home.root)
    try BenchFiles.makeDirectory(home.sessionsDirectory)
    let present = Set(try SessionStore(home: home).sessionIDs().map(\.rawValue))
    let wanted = (0..<sessions).map { index in (index, listSessionID(index)) }
    let missing = wanted.filter { !present.contains($0.1) }
    let staging = CairnHome(root: home.root + ".staging")
    BenchFiles.removeTree(staging.root)
    defer { BenchFiles.removeTree(staging.root) }
    if !missing.isEmpty {
      progress("creating \(missing.count) small sessions for `session list`")
    }
    for (done, (index, id)) in missing.enumerated() {
      try createSmallSession(staging: staging, index: index, id: id)
      let from = staging.sessionDirectory(SessionID(id))
      let to = home.sessionDirectory(SessionID(id))
      guard rename(from, to) == 0 else { throw BenchmarkError.system("rename \(from)", errno) }
      // The next close then rebuilds a catalog of one session instead of growing this one.
      unlink(staging.root + "/" + SessionCatalog.fileName)
      if (done + 1) % 1000 == 0 {
        progress("created \(done + 1) of \(missing.count) small sessions")
      }
    }
    var rebuilt = 0.0
    let catalogCount = SessionCatalog.load(home: home.root)?.entries.count
    if !missing.isEmpty || catalogCount != present.count + missing.count {
      progress("rebuilding the catalog of \(present.count + missing.count) sessions")
      unlink(home.root + "/" + SessionCatalog.fileName)
      _ = try SessionStore(home: home).list()
      rebuilt = 1
    }
    let listed = SessionCatalog.load(home: home.root)?.entries.count ?? 0
    return [
      ("created", Double(missing.count)), ("catalog_rebuilt", rebuilt),
      ("sessions", Double(listed)),
    ]
  }

  static func listSessionID(_ index: Int) -> String {
    let digits = String(index)
    return "list-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
  }

  /// A session as `cairn session create` and `rename` leave it: two events, a checkpoint
  /// and a catalog entry. Times are seeded by the index, a minute apart.
  private static func createSmallSession(staging: CairnHome, index: Int, id: String) throws {
    let createdAt: Int64 = 1_767_225_600_000_000_000 + Int64(index) * 60_000_000_000
    let engine = try SessionEngine.create(
      home: staging,
      SessionCreated(
        sessionID: SessionID(id), cwd: "/work/project-\(index % 97)", model: "gpt-5-codex",
        provider: "openai", approvalPolicy: .onRequest, sandboxMode: .workspaceWrite),
      options: EngineOptions(log: LogOptions(durability: .buffered)),
      clock: { createdAt })
    try engine.send(.renameSession(SessionRenamed(title: "bench session \(index)")))
    try engine.close()
  }
}
