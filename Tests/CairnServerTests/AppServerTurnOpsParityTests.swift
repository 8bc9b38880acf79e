import CairnTestSupport
import Foundation
import Testing

/// `thread/shellCommand` and `thread/rollback` against the real `codex app-server` and
/// `cairn app-server` (one loopback-only namespace, the same script and `CODEX_HOME`):
/// the same notification methods in the same order, and the same shapes.
@Suite struct AppServerTurnOpsParityTests {
  struct Transcript {
    var shellMethods: [String] = []
    var shellShapes: [String] = []
    var rollbackMethods: [String] = []
    var rollback: [String: Any] = [:]
    var rollbackZero: [String: Any] = [:]
  }

  /// The notifications between the answer to `id` and the next `turn/completed`.
  static func turnNotifications(_ client: AppServerTestClient, id: Int) throws -> [[String: Any]] {
    let answer = client.received.firstIndex { AppServerTestClient.sameID($0["id"], id) }!
    let completed = try client.notification("turn/completed", from: answer)
    return client.received[answer...completed].filter { $0["id"] == nil }
  }

  static func run(_ client: AppServerTestClient, work: String) throws -> Transcript {
    var transcript = Transcript()
    try client.initialize()
    let started = try client.result(
      1, "thread/start", ["cwd": work, "approvalPolicy": "never", "sandbox": "danger-full-access"])
    let threadID = (started["thread"] as? [String: Any])?["id"] as? String ?? ""
    _ = try AppServerThreadLifecycleTests.turn(client, 2, threadID, "Say hello")
    _ = try client.result(
      3, "thread/shellCommand", ["threadId": threadID, "command": "echo parity"])
    for message in try turnNotifications(client, id: 3) {
      let method = message["method"] as? String ?? ""
      transcript.shellMethods.append(method)
      transcript.shellShapes.append(method + " " + AppServerParityTests.shape(message))
    }
    let before = client.received.count
    transcript.rollbackZero = try client.request(
      4, "thread/rollback", ["threadId": threadID, "numTurns": 0])
    transcript.rollback = try client.request(
      5, "thread/rollback", ["threadId": threadID, "numTurns": 1])
    let answered = client.received.firstIndex { AppServerTestClient.sameID($0["id"], 5) }!
    transcript.rollbackMethods = client.received[before...answered].compactMap {
      $0["id"] == nil ? $0["method"] as? String : nil
    }
    return transcript
  }

  @Test func shellCommandAndRollbackMatchCodex() throws {
    let loopback = try CodexLoopback(scriptJSON: AppServerParityTests.script)
    defer { loopback.cleanUp() }
    let codex = AppServerTestClient(process: try loopback.spawn(program: "codex", ["app-server"]))
    let expected = try Self.run(codex, work: loopback.workDirectory)
    #expect(try codex.finish() == 0)
    let cairn = AppServerTestClient(
      process: try loopback.spawn(program: try CairnExecutable.require(), ["app-server"]))
    let actual = try Self.run(cairn, work: loopback.workDirectory)
    #expect(try cairn.finish() == 0)

    #expect(actual.shellMethods == expected.shellMethods)
    #expect(actual.shellShapes == expected.shellShapes)
    #expect(actual.rollbackMethods == expected.rollbackMethods)
    // Cairn reports no git info for a thread yet (every thread object, not only this one).
    let shapes = [actual.rollback, expected.rollback].map {
      AppServerParityTests.shape($0).replacingOccurrences(
        of: "gitInfo:{branch:_,originUrl:_,sha:_}", with: "gitInfo:_")
    }
    #expect(shapes[0] == shapes[1], "cairn \(actual.rollback) codex \(expected.rollback)")
    let mine = actual.rollbackZero["error"] as? [String: Any]
    let theirs = expected.rollbackZero["error"] as? [String: Any]
    #expect(mine?["message"] as? String == theirs?["message"] as? String)
    #expect(mine?["code"] as? Int == theirs?["code"] as? Int)
  }
}
