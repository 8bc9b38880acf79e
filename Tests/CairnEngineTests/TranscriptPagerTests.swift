import CairnCore
import CairnEngine
import CairnLogFormat
import CairnStore
import Foundation
import Testing

/// Scrolling back pages older transcript items in from the log: each paged item is the item
/// the state's window held just before it left the window, text and all.
@Suite struct TranscriptPagerTests {
  /// The items as the window held them when each left it: the whole log folded, record by
  /// record, catching each item as it is pushed out.
  private static func evictedByFolding(directory: String) throws -> [TranscriptItem] {
    let reader = try LogReader(directory: directory)
    var state = SessionState()
    var evicted: [TranscriptItem] = []
    try reader.scan { view in
      let before = state.transcript
      _ = SessionState.evolve(&state, try Envelope(record: view))
      let pushed = state.transcript.olderItemSeqs.count - before.olderItemSeqs.count
      // The record that pushes an item out creates another: the item leaves as it was.
      if pushed > 0 { evicted += before.window.prefix(pushed) }
      return true
    }
    return evicted
  }

  private static func fixture(events: Int, seed: UInt64) throws -> (
    CairnHome, SessionID, SessionState
  ) {
    let home = CairnHome(
      root: FileManager.default.temporaryDirectory
        .appendingPathComponent("cairn-pager-\(UUID().uuidString)").path)
    let id = SessionID("long")
    let state = try SessionFixture.generate(
      home: home, sessionID: id,
      options: SessionFixture.Options(events: events, seed: seed, toolChunkBytesMean: 100))
    return (home, id, state)
  }

  @Test func pagedItemsAreTheItemsTheWindowHeld() throws {
    let (home, id, state) = try Self.fixture(events: 12_000, seed: 3)
    defer { try? FileManager.default.removeItem(atPath: home.root) }
    let older = state.transcript.olderItemSeqs.all
    try #require(older.count > 300)
    let expected = try Self.evictedByFolding(directory: home.sessionDirectory(id))
    #expect(expected.map(\.seq) == older)
    // The session has every kind of item the window streams or holds.
    var kinds: Set<String> = []
    for item in expected {
      switch item.entry {
      case .assistant(_, let text, true) where !text.isEmpty: kinds.insert("assistant")
      case .reasoning(_, let summary, true) where !summary.joined().isEmpty:
        kinds.insert("reasoning")
      case .toolCall: kinds.insert("tool")
      case .user: kinds.insert("user")
      default: break
      }
    }
    #expect(kinds == ["assistant", "reasoning", "tool", "user"])

    let pager = try TranscriptPager(sessionID: id, directory: home.sessionDirectory(id))
    // All of them, a page at a time from the newest back, as a view scrolling up asks.
    var paged: [TranscriptItem] = []
    var end = older.count
    while end > 0 {
      let start = max(0, end - 40)
      paged = try pager.items(state, in: start..<end) + paged
      end = start
    }
    #expect(paged == expected)
    #expect(pager.cachedPageCount <= TranscriptPager.cachedPagesMax)
    // A range across page boundaries, and one clipped at both ends.
    #expect(try pager.items(state, in: 100..<230) == Array(expected[100..<230]))
    #expect(try pager.items(state, in: -5..<3) == Array(expected[0..<3]))
    #expect(try pager.items(state, in: older.count - 2..<older.count + 9) == expected.suffix(2))
  }

  @Test func aFreshPagerRebuildsTheNewestPageBeforeTheWindow() throws {
    let (home, id, state) = try Self.fixture(events: 6_000, seed: 11)
    defer { try? FileManager.default.removeItem(atPath: home.root) }
    let older = state.transcript.olderItemSeqs.all
    try #require(older.count > 70)
    let expected = try Self.evictedByFolding(directory: home.sessionDirectory(id))
    let pager = try TranscriptPager(sessionID: id, directory: home.sessionDirectory(id))
    let tail = try pager.items(state, in: older.count - 70..<older.count)
    #expect(tail == Array(expected.suffix(70)))
    // Assistant messages come back whole: the creating delta plus the rest of the text.
    let messages = tail.compactMap { item -> String? in
      if case .assistant(_, let text, true) = item.entry { return text }
      return nil
    }
    #expect(!messages.isEmpty)
    #expect(messages.allSatisfy { $0.split(separator: " ").count > 1 })
  }
}
