import CairnCore
import CairnEngine
import CairnStore
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The thread listing's memory: the session catalog, read again only when `catalog.bin`
/// changed (its size or modification time), and the sort orders made from it. The catalog
/// holds each thread's preview and provider. An entry without them (written by a Cairn
/// before catalog version 2) has them read from the head of its log once; what a listing
/// learned that way is written back into the catalog, so the next process reads no log.
final class AppServerThreadIndex: @unchecked Sendable {
  let home: CairnHome
  private let lock = NSLock()
  private var stamp: (size: Int64, modified: Int64)?
  private var entries: [SessionCatalog.Entry] = []
  private var orders: [String: [Int]] = [:]
  /// Summaries read from logs: by id, with the whole first message.
  private var learned: [String: AppServerThreadHistory.Summary] = [:]
  /// Learned summaries the catalog does not hold yet.
  private var unsaved: [String: SessionCatalog.Summary] = [:]

  init(home: CairnHome) { self.home = home }

  /// The catalog's entries, and a cache key for orders made from them.
  func snapshot() throws -> [SessionCatalog.Entry] {
    lock.lock()
    defer { lock.unlock() }
    let path = home.root + "/" + SessionCatalog.fileName
    if let current = Self.stamp(path), let stamp, stamp == current { return entries }
    entries = try SessionStore(home: home).list()
    orders = [:]
    stamp = Self.stamp(path)
    return entries
  }

  private static func stamp(_ path: String) -> (Int64, Int64)? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return (
      Int64(info.st_size),
      Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
    )
  }

  /// Indexes into `snapshot()` sorted by `key`, made once per catalog version.
  func order(
    name: String, _ entries: [SessionCatalog.Entry],
    by key: (SessionCatalog.Entry) -> AppServerThreadCursor
  ) -> [Int] {
    if let cached = lock.withLock({ orders[name] }), cached.count == entries.count { return cached }
    let keys = entries.map(key)
    let sorted = keys.indices.sorted { keys[$0] < keys[$1] }
    lock.withLock { orders[name] = sorted }
    return sorted
  }

  /// The preview and provider of a stored thread: the catalog's, else read from its log
  /// once (a first message longer than the catalog keeps is read whole from the log).
  func summary(_ entry: SessionCatalog.Entry) -> AppServerThreadHistory.Summary {
    if let known = entry.summary, known.previewIsComplete {
      return AppServerThreadHistory.Summary(preview: known.preview, provider: known.provider)
    }
    if let cached = lock.withLock({ learned[entry.sessionID] }) { return cached }
    let summary = AppServerThreadHistory.summary(
      directory: home.sessionDirectory(SessionID(entry.sessionID)))
    lock.withLock {
      learned[entry.sessionID] = summary
      if entry.summary == nil {
        unsaved[entry.sessionID] = SessionCatalog.Summary(
          provider: summary.provider, firstMessage: summary.preview)
      }
    }
    return summary
  }

  /// How many learned summaries a listing lets wait before writing them to the catalog: a
  /// rewrite of a 10,000-entry catalog costs tens of milliseconds, too much for every page.
  static let unsavedSummariesMax = 2000

  /// Writes the summaries learned from logs into the catalog (under its lock, only into
  /// entries that still have none), so later listings read no log: when `unsavedSummariesMax`
  /// wait (`whenMany`), else all (the server is ending). Best effort: the catalog is a
  /// cache, and a listing must not fail for it.
  func saveLearnedSummaries(whenMany: Bool = false) {
    let pending: [String: SessionCatalog.Summary] = lock.withLock {
      guard !whenMany || unsaved.count >= Self.unsavedSummariesMax else { return [:] }
      defer { unsaved = [:] }
      return unsaved
    }
    guard !pending.isEmpty else { return }
    try? SessionCatalog.update(
      home: home.root, rebuild: { try SessionStore(home: home).rebuildCatalog() }
    ) { catalog in
      for (id, summary) in pending {
        guard var entry = catalog.entry(id), entry.summary == nil else { continue }
        entry.summary = summary
        catalog.upsert(entry)
      }
    }
  }
}
