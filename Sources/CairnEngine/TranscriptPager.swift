import CairnCore
import CairnLogFormat
import CairnStore

/// Pages older transcript items in from the log: the state keeps only a window of recent
/// items and the sequence numbers of the rest, so a view that scrolls back asks for the
/// items before the window, a page at a time. A page is rebuilt by reading from its first
/// item's creating record (the sparse index finds its block) until each item is final
/// (`TranscriptRebuild`), so a page yields whole items, the same as the window held.
///
/// Pages are `pageItems` items aligned on multiples of it; the last `cachedPagesMax` built
/// are kept (least recently used out), so scrolling back and forth reads each page once
/// and memory stays bounded however far back one goes.
public final class TranscriptPager {
  public static let pageItems = 64
  public static let cachedPagesMax = 16

  /// Reopened when a page needs records written after it opened (a live session).
  private var reader: LogReader
  private let directory: String
  public let sessionID: SessionID
  /// Built pages by index, with the number of older items they were built for (the last,
  /// partial page is rebuilt once more items leave the window).
  private var cache: [Int: (olderCount: Int, items: [TranscriptItem])] = [:]
  /// Page indexes, least recently used first.
  private var recency: [Int] = []
  /// `olderItemSeqs` decoded, for the count it was decoded at.
  private var seqs: [Seq] = []

  public init(sessionID: SessionID, directory: String) throws {
    self.sessionID = sessionID
    self.directory = directory
    reader = try LogReader(directory: directory)
  }

  /// Pages held in memory now (at most `cachedPagesMax`).
  public var cachedPageCount: Int { cache.count }

  /// The older items (indexes into `state.transcript.olderItemSeqs`) in `range`, oldest
  /// first, each as the window held it.
  public func items(_ state: SessionState, in range: Range<Int>) throws -> [TranscriptItem] {
    let older = state.transcript.olderItemSeqs
    if seqs.count != older.count { seqs = older.all }
    let lower = max(range.lowerBound, 0)
    let upper = min(range.upperBound, seqs.count)
    guard lower < upper else { return [] }
    var items: [TranscriptItem] = []
    var page = lower / Self.pageItems
    while page * Self.pageItems < upper {
      let pageStart = page * Self.pageItems
      let built = try pageItems(page, state: state)
      let from = max(lower - pageStart, 0)
      let to = min(upper - pageStart, built.count)
      if from < to { items += built[from..<to] }
      page += 1
    }
    return items
  }

  private func pageItems(_ page: Int, state: SessionState) throws -> [TranscriptItem] {
    if let hit = cache[page], hit.olderCount == seqs.count || hit.items.count == Self.pageItems {
      touch(page)
      return hit.items
    }
    let start = page * Self.pageItems
    let count = min(Self.pageItems, seqs.count - start)
    // The page's items, then the items after them whose creation pushes them out of the
    // window: older ones, then the window's.
    let after = start + count + TranscriptProjection.windowMax
    var creations = Array(seqs[start..<min(after, seqs.count)])
    if after > seqs.count {
      creations += state.transcript.window.prefix(after - seqs.count).map(\.seq)
    }
    let items = try rebuild(creations: creations, count: count)
    cache[page] = (seqs.count, items)
    touch(page)
    if recency.count > Self.cachedPagesMax {
      cache[recency.removeFirst()] = nil
    }
    return items
  }

  private func touch(_ page: Int) {
    recency.removeAll { $0 == page }
    recency.append(page)
  }

  private func rebuild(creations: [Seq], count: Int) throws -> [TranscriptItem] {
    var rebuild = TranscriptRebuild(creations: creations, count: count)
    guard let first = creations.first else { return [] }
    try scan(from: first, into: &rebuild)
    if !rebuild.isDone {
      // The records that finish the page came after the reader opened.
      reader = try LogReader(directory: directory)
      rebuild = TranscriptRebuild(creations: creations, count: count)
      try scan(from: first, into: &rebuild)
    }
    let items = rebuild.items
    guard items.count == count else {
      throw EngineError.undecodableEvent(
        session: sessionID, seq: creations[items.count].rawValue,
        cause: .truncated(offset: 0, needed: 1))
    }
    return items
  }

  private func scan(from first: Seq, into rebuild: inout TranscriptRebuild) throws {
    var failure: EngineError?
    try reader.scan(from: first) { view in
      guard TranscriptRebuild.kinds.contains(view.kind) else { return true }
      do throws(DecodeError) {
        rebuild.fold(try Envelope(record: view))
      } catch {
        failure = .undecodableEvent(session: sessionID, seq: view.seq.rawValue, cause: error)
        return false
      }
      return !rebuild.isDone
    }
    if let failure { throw failure }
  }
}
