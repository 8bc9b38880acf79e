import CairnCore
import CairnEngine
import CairnLogFormat
import CairnStore
import Foundation
import Testing

/// The catalog carries each session's provider and first user message, so listings show a
/// preview without opening logs; catalogs written before it (version 1) are still read.
@Suite struct CatalogSummaryTests {
  private func home() -> CairnHome {
    CairnHome(
      root: FileManager.default.temporaryDirectory
        .appendingPathComponent("cairn-catalog-summary-\(UUID().uuidString)").path)
  }

  private func makeSession(_ home: CairnHome, _ id: String, prompts: [String]) throws {
    var now: Int64 = 0
    let engine = try SessionEngine.create(
      home: home,
      SessionCreated(
        sessionID: SessionID(id), cwd: "/w", model: "m", provider: "loopback",
        approvalPolicy: .never, sandboxMode: .readOnly),
      clock: {
        now += 1
        return now
      })
    for (index, prompt) in prompts.enumerated() {
      try engine.send(.startTurn(StartTurn(turnID: TurnID("t\(index)"), text: prompt)))
      try engine.send(.endTurn(EndTurn(turnID: TurnID("t\(index)"), outcome: .completed)))
    }
    try engine.close()
  }

  @Test func closingASessionRecordsItsProviderAndFirstMessage() throws {
    let home = home()
    defer { try? FileManager.default.removeItem(atPath: home.root) }
    try makeSession(home, "a", prompts: ["first question", "second question"])
    try makeSession(home, "b", prompts: [])
    let entries = try SessionStore(home: home).list()
    #expect(entries.map(\.sessionID) == ["a", "b"])
    #expect(
      entries[0].summary
        == SessionCatalog.Summary(provider: "loopback", firstMessage: "first question"))
    #expect(entries[1].summary == SessionCatalog.Summary(provider: "loopback", firstMessage: ""))
  }

  @Test func aLaterPromptFillsTheSummaryOfASessionThatHadNone() throws {
    let home = home()
    defer { try? FileManager.default.removeItem(atPath: home.root) }
    try makeSession(home, "s", prompts: [])
    var now: Int64 = 100
    let engine = try SessionEngine.open(
      home: home, sessionID: SessionID("s"),
      clock: {
        now += 1
        return now
      })
    try engine.send(.startTurn(StartTurn(turnID: TurnID("late"), text: "asked later")))
    try engine.close()
    #expect(try SessionStore(home: home).list().first?.summary?.preview == "asked later")
  }

  @Test func aLongFirstMessageIsCutOnACharacterBoundaryAndMarkedSo() {
    let long = String(repeating: "é", count: 3000)  // 6,000 bytes
    let summary = SessionCatalog.Summary(provider: "p", firstMessage: long)
    #expect(summary.previewIsComplete == false)
    #expect(summary.preview.utf8.count == SessionCatalog.Summary.previewBytesMax)
    #expect(long.hasPrefix(summary.preview))
    let short = SessionCatalog.Summary(provider: "p", firstMessage: "short")
    #expect(short.previewIsComplete && short.preview == "short")
  }

  @Test func theCatalogRoundTripsSummariesAndRefusesEntriesOutOfOrder() throws {
    func entry(_ id: String, _ summary: SessionCatalog.Summary?) -> SessionCatalog.Entry {
      SessionCatalog.Entry(
        sessionID: id, title: "t", cwd: "/", model: "m", createdAtNanoseconds: 1,
        updatedAtNanoseconds: 2, lastSeq: 3, archived: false, parentID: "", summary: summary)
    }
    let catalog = SessionCatalog(entries: [
      entry("b", SessionCatalog.Summary(provider: "p", firstMessage: "tab\there\nnew line")),
      entry("a", nil),
      entry(
        "c", SessionCatalog.Summary(provider: "", firstMessage: String(repeating: "x", count: 5000))
      ),
    ])
    #expect(SessionCatalog.decode(catalog.encoded()) == catalog)

    // The same two entries written in the wrong order (checksum made valid) are refused.
    var swapped = SessionCatalog(entries: [entry("a", nil)])
    swapped.entries.insert(entry("b", nil), at: 0)
    #expect(SessionCatalog.decode(swapped.encoded()) == nil)
  }

  @Test func aVersionOneCatalogIsReadWithoutSummaries() throws {
    // Version 1 has no summary byte: write one by hand as the Cairn before it did.
    var bytes: [UInt8] = []
    func le(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    func string(_ text: String) {
      withUnsafeBytes(of: UInt32(text.utf8.count).littleEndian) { bytes += $0 }
      bytes += Array(text.utf8)
    }
    bytes += Array("CAIRNCAT".utf8)
    le(1)
    le(1)
    string("old")
    string("a title")
    string("/w")
    string("m")
    le(10)
    le(20)
    le(7)
    bytes.append(0)
    string("")
    le(Checksum.xxh3(bytes))
    let decoded = try #require(SessionCatalog.decode(bytes))
    #expect(decoded.entries.map(\.sessionID) == ["old"])
    #expect(decoded.entries[0].title == "a title" && decoded.entries[0].lastSeq == 7)
    #expect(decoded.entries[0].summary == nil)
  }
}
