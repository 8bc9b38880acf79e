import CairnLogFormat
import CairnProtocol

/// The metadata of every rollout of a Codex home, cached in one file under the Cairn home
/// and kept in step with the rollouts by (path, size, modification time): a refresh lists
/// the rollout directories, stats each file, and re-reads the head of only those that are
/// new or changed. A missing cache is built; a damaged one is rebuilt and reported, never
/// trusted. docs/CODEX_COMPAT.md, "Sessions and ids".
public struct CodexSessionIndex: Sendable, Equatable {
  /// The Codex home the entries belong to (absolute).
  public var codexHome: String
  /// One entry per rollout file, in path order.
  public var entries: [CodexSessionEntry]

  public init(codexHome: String, entries: [CodexSessionEntry] = []) {
    self.codexHome = codexHome
    self.entries = entries.sorted { $0.path < $1.path }
  }

  /// What a refresh did, for warnings and the benchmark.
  public struct RefreshReport: Sendable, Equatable {
    public var filesSeen = 0
    /// Rollouts whose head was read because they were new or changed.
    public var filesRead = 0
    /// Cached entries whose file is gone.
    public var filesDropped = 0
    /// Why the cache file was not used, when it existed but was damaged.
    public var cacheProblem: DecodeProblem?
    public var cacheWritten = false
    /// Set when the refreshed cache could not be written (the listing is still right).
    public var saveError: CodexSessionError?

    public init() {}
  }

  /// The cache file for a Codex home: `CAIRN_HOME/codex/sessions-<xxh3 of the home path>.index`,
  /// one per Codex home so that switching `CODEX_HOME` does not thrash one file.
  public static func cachePath(cairnHome: String, codexHome: String) -> String {
    let hash = String(Checksum.xxh3(Array(codexHome.utf8)), radix: 16)
    let padded = String(repeating: "0", count: 16 - hash.count) + hash
    return cairnHome + "/codex/sessions-" + padded + ".index"
  }

  /// Loads the cache at `cachePath`: nil without a problem when it is missing, nil with the
  /// problem when it is damaged or describes another home.
  public static func load(cachePath: String, codexHome: String) -> (
    CodexSessionIndex?, DecodeProblem?
  ) {
    guard let bytes = CodexSmallFile.read(cachePath, bytesMax: 1 << 30) else { return (nil, nil) }
    switch decode(bytes) {
    case .success(let index):
      guard index.codexHome == codexHome else { return (nil, .otherHome(index.codexHome)) }
      return (index, nil)
    case .failure(let problem):
      return (nil, problem)
    }
  }

  public func save(to cachePath: String) throws(CodexSessionError) {
    try CodexSmallFile.writeAtomically(encoded(), to: cachePath)
  }

  /// The index of `codexHome` in step with its files, from the cache at `cachePath`
  /// (written back when anything changed).
  public static func refreshed(codexHome: String, cachePath: String) -> (
    CodexSessionIndex, RefreshReport
  ) {
    var report = RefreshReport()
    let (cached, problem) = load(cachePath: cachePath, codexHome: codexHome)
    report.cacheProblem = problem
    var known: [String: CodexSessionEntry] = [:]
    if let cached {
      known.reserveCapacity(cached.entries.count)
      for entry in cached.entries { known[entry.path] = entry }
    }
    var entries: [CodexSessionEntry] = []
    let files = CodexSessionFiles.list(home: codexHome)
    entries.reserveCapacity(files.count)
    for file in files {
      guard let status = CodexFileStatus.of(file.path) else { continue }
      report.filesSeen += 1
      if let entry = known.removeValue(forKey: file.path), entry.fileBytes == status.bytes,
        entry.modifiedAtNanoseconds == status.modifiedAtNanoseconds
      {
        entries.append(entry)
        continue
      }
      report.filesRead += 1
      entries.append(entry(for: file, status: status))
    }
    report.filesDropped = known.count
    let index = CodexSessionIndex(codexHome: codexHome, entries: entries)
    if cached == nil || report.filesRead > 0 || report.filesDropped > 0 {
      do {
        try index.save(to: cachePath)
        report.cacheWritten = true
      } catch {
        report.saveError = error
      }
    }
    return (index, report)
  }

  /// A fresh entry for a new or changed rollout. A file whose head cannot be read is still
  /// listed, with what its name tells.
  static func entry(for file: CodexSessionFile, status: CodexFileStatus) -> CodexSessionEntry {
    let head = (try? CodexRolloutHead.read(path: file.path)) ?? CodexRolloutHead()
    let meta = head.meta
    let id = meta?.id.flatMap { $0.utf8.count == 36 ? $0 : nil } ?? file.sessionID
    return CodexSessionEntry(
      threadID: id, path: file.path, isArchived: file.isArchived, fileBytes: status.bytes,
      modifiedAtNanoseconds: status.modifiedAtNanoseconds,
      createdAtMilliseconds: head.createdAtMilliseconds
        ?? startMilliseconds(fileNameTime: file.startedAtText) ?? 0,
      cwd: meta?.cwd ?? "", modelProvider: meta?.modelProvider ?? "",
      cliVersion: meta?.cliVersion ?? "", source: meta?.source ?? "", preview: head.preview,
      rolloutName: head.name)
  }

  /// `2026-11-25T19-25-12` (a rollout name's start time, UTC) in milliseconds.
  static func startMilliseconds(fileNameTime text: String) -> Int64? {
    var bytes = Array(text.utf8)
    guard bytes.count == 19 else { return nil }
    bytes[13] = UInt8(ascii: ":")
    bytes[16] = UInt8(ascii: ":")
    return RolloutTimestamp.milliseconds(String(decoding: bytes, as: UTF8.self) + "Z")
  }

  /// Records that a rollout moved (archive, unarchive): a rename keeps size and
  /// modification time, so the entry stays fresh under its new path.
  public mutating func recordMove(from oldPath: String, to newPath: String, archived: Bool) {
    guard let position = entries.firstIndex(where: { $0.path == oldPath }) else { return }
    var entry = entries.remove(at: position)
    entry.path = newPath
    entry.isArchived = archived
    entries.append(entry)
    entries.sort { $0.path < $1.path }
  }

  /// Records that a rollout was deleted.
  public mutating func recordRemoval(path: String) {
    entries.removeAll { $0.path == path }
  }
}
