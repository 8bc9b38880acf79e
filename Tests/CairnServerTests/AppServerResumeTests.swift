import CairnTestSupport
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `thread/resume` in a new process: opening a session writes nothing until a command
/// changes it, and a turn left open by a killed server is still closed as interrupted.
@Suite struct AppServerResumeTests {
  /// Every file of a session directory (checkpoints included) with its bytes.
  static func snapshot(_ directory: String) throws -> [String: Data] {
    var files: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(atPath: directory)
    while let name = enumerator?.nextObject() as? String {
      let path = directory + "/" + name
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
        !isDirectory.boolValue
      else { continue }
      files[name] = try Data(contentsOf: URL(fileURLWithPath: path))
    }
    return files
  }

  static func path(_ resumed: [String: Any]) throws -> String {
    try #require((resumed["thread"] as? [String: Any])?["path"] as? String)
  }

  @Test func resumeWithoutACommandLeavesTheSessionFilesByteIdentical() async throws {
    let home = try await ScriptedAgentHome(
      prefix: "cairn-appserver-resume-quiet", script: AppServerEndToEndTests.script)
    defer { Task { await home.finish() } }
    let first = try AppServerEndToEndTests.start(home)
    try first.initialize()
    let threadID = try AppServerThreadLifecycleTests.startedThread(first, home, id: 1)
    _ = try AppServerThreadLifecycleTests.turn(first, 2, threadID, "Say hello")
    let started = try first.result(3, "thread/resume", ["threadId": threadID])
    let directory = try Self.path(started)
    #expect(try first.finish() == 0)
    let before = try Self.snapshot(directory)
    #expect(before.keys.contains { $0.hasSuffix(".seg") })

    let second = try AppServerEndToEndTests.start(home)
    try second.initialize()
    let resumed = try second.result(1, "thread/resume", ["threadId": threadID])
    let turns = try #require((resumed["thread"] as? [String: Any])?["turns"] as? [[String: Any]])
    #expect(turns.count == 1)
    #expect(try second.finish() == 0)
    let after = try Self.snapshot(directory)
    #expect(after.keys.sorted() == before.keys.sorted())
    for (name, bytes) in before { #expect(after[name] == bytes, "\(name) changed") }
  }

  @Test func aTurnLeftOpenByAKilledServerIsInterruptedOnResume() async throws {
    let home = try await ScriptedAgentHome(
      prefix: "cairn-appserver-resume-open", script: AppServerEndToEndTests.script)
    defer { Task { await home.finish() } }
    let first = try AppServerEndToEndTests.start(home)
    try first.initialize()
    let threadID = try AppServerThreadLifecycleTests.startedThread(
      first, home, id: 1, policy: "untrusted")
    _ = try first.result(
      2, "turn/start", ["threadId": threadID, "input": [["type": "text", "text": "RUNTOOL"]]])
    // The turn waits for its approval (committed: approvals are a boundary) when killed.
    _ = try first.waitFor("an approval request") {
      $0["method"] as? String == "item/commandExecution/requestApproval" && $0["id"] != nil
    }
    kill(first.process.pid, SIGKILL)
    _ = try first.process.waitForExit(withinSeconds: 30, what: "the killed app-server")

    let second = try AppServerEndToEndTests.start(home)
    try second.initialize()
    let resumed = try second.result(1, "thread/resume", ["threadId": threadID])
    let turns = try #require((resumed["thread"] as? [String: Any])?["turns"] as? [[String: Any]])
    #expect(turns.map { $0["status"] as? String } == ["interrupted"])
    #expect(try second.finish() == 0)

    // The repair was recorded: a third process finds the turn interrupted and writes nothing.
    let directory = try Self.path(resumed)
    let before = try Self.snapshot(directory)
    let third = try AppServerEndToEndTests.start(home)
    try third.initialize()
    let again = try third.result(1, "thread/resume", ["threadId": threadID])
    let kept = try #require((again["thread"] as? [String: Any])?["turns"] as? [[String: Any]])
    #expect(kept.map { $0["status"] as? String } == ["interrupted"])
    #expect(try third.finish() == 0)
    #expect(try Self.snapshot(directory) == before)
  }
}
