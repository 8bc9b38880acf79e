import CairnStore
import CairnTestSupport
import Foundation
import Testing

/// `thread/list` takes previews and providers from the session catalog; for entries that
/// have none (a catalog written before version 2) it reads them from the logs once and
/// writes them back, so the next process opens no log.
@Suite struct AppServerCatalogSummaryTests {
  @Test func listingFillsTheSummariesAnOlderCatalogLacks() async throws {
    let home = try await ScriptedAgentHome(
      prefix: "cairn-appserver-catalog", script: AppServerEndToEndTests.script)
    defer { Task { await home.finish() } }
    let client = try AppServerEndToEndTests.start(home)
    try client.initialize()
    let threadID = try AppServerThreadLifecycleTests.startedThread(client, home, id: 1)
    _ = try AppServerThreadLifecycleTests.turn(client, 2, threadID, "Say hello")
    #expect(try client.finish() == 0)

    // Closing the thread recorded its summary.
    let cairnHome = home.root + "/cairn"
    var catalog = try #require(SessionCatalog.load(home: cairnHome))
    let recorded = try #require(catalog.entry(threadID)?.summary)
    #expect(recorded.preview == "Say hello" && recorded.provider == "scripted")

    // As an older Cairn left it: no summaries.
    for index in catalog.entries.indices { catalog.entries[index].summary = nil }
    try catalog.save(home: cairnHome)

    let second = try AppServerEndToEndTests.start(home)
    try second.initialize()
    let listed = try second.result(3, "thread/list", ["limit": 10])
    let data = try #require(listed["data"] as? [[String: Any]])
    let entry = try #require(data.first { $0["id"] as? String == threadID })
    #expect(entry["preview"] as? String == "Say hello")
    #expect(entry["modelProvider"] as? String == "scripted")
    #expect(try second.finish() == 0)
    let filled = try #require(SessionCatalog.load(home: cairnHome)?.entry(threadID)?.summary)
    #expect(filled == recorded)
  }
}
