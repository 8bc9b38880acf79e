import CairnTestSupport
import Foundation
import Testing

/// `thread/start` with `ephemeral: true`: the thread works while loaded, but its session
/// lives in a private temporary home: never listed, no path, not forkable from storage,
/// and gone once unloaded.
@Suite struct AppServerEphemeralThreadTests {
  @Test func anEphemeralThreadIsNeverStoredAndGoesWhenUnloaded() async throws {
    let home = try await ScriptedAgentHome(
      prefix: "cairn-appserver-ephemeral", script: AppServerEndToEndTests.script)
    defer { Task { await home.finish() } }
    let scratch = home.root + "/scratch-tmp"
    try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    var environment = home.environment
    environment["TMPDIR"] = scratch
    let client = try AppServerTestClient(
      arguments: [try CairnExecutable.require(), "app-server"], environment: environment,
      directory: home.work)
    try client.initialize()

    let started = try client.result(
      1, "thread/start",
      [
        "cwd": home.work, "approvalPolicy": "never", "sandbox": "danger-full-access",
        "ephemeral": true,
      ])
    let thread = try #require(started["thread"] as? [String: Any])
    let id = try #require(thread["id"] as? String)
    #expect(thread["ephemeral"] as? Bool == true)
    #expect(thread["path"] is NSNull)
    _ = try AppServerThreadLifecycleTests.turn(client, 2, id, "Say hello")

    let read = try client.result(3, "thread/read", ["threadId": id, "includeTurns": true])
    let readThread = try #require(read["thread"] as? [String: Any])
    #expect(readThread["preview"] as? String == "Say hello")
    #expect((readThread["turns"] as? [Any])?.count == 1)
    let listed = try client.result(4, "thread/list", [:])
    let listedIDs = (listed["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    #expect(!listedIDs.contains(id))
    #expect(!FileManager.default.fileExists(atPath: home.root + "/cairn/sessions/" + id))
    let temporary = try FileManager.default.contentsOfDirectory(atPath: scratch)
    #expect(temporary.count == 1 && temporary.first?.hasPrefix("cairn-ephemeral-") == true)
    let fork = try client.request(5, "thread/fork", ["threadId": id])
    #expect(AppServerEndToEndTests.error(fork)?.message == "no rollout found for thread id \(id)")

    let unsubscribed = try client.result(6, "thread/unsubscribe", ["threadId": id])
    #expect(unsubscribed["status"] as? String == "unsubscribed")
    #expect(try FileManager.default.contentsOfDirectory(atPath: scratch).isEmpty)
    let gone = try client.request(7, "thread/read", ["threadId": id])
    #expect(AppServerEndToEndTests.error(gone)?.message == "thread not loaded: \(id)")
    #expect(try client.finish() == 0)
  }
}
