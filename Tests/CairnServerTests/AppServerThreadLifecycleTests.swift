import CairnServer
import CairnTestSupport
import Foundation
import Testing

/// Approvals, interrupts and the thread lifecycle (name, list, read, fork, archive,
/// delete, resume in a new process) through `cairn app-server` over stdio.
@Suite struct AppServerThreadLifecycleTests {
  static func startedThread(
    _ client: AppServerTestClient, _ home: ScriptedAgentHome, id: Int, policy: String = "never"
  )
    throws -> String
  {
    let started = try client.result(
      id, "thread/start",
      ["cwd": home.work, "approvalPolicy": policy, "sandbox": "danger-full-access"])
    return try #require((started["thread"] as? [String: Any])?["id"] as? String)
  }

  static func turn(_ client: AppServerTestClient, _ id: Int, _ threadID: String, _ text: String)
    throws -> (answer: Int, completed: Int)
  {
    _ = try client.result(
      id, "turn/start", ["threadId": threadID, "input": [["type": "text", "text": text]]])
    let answer = client.received.firstIndex { AppServerTestClient.sameID($0["id"], id) }!
    return (answer, try client.notification("turn/completed", from: answer))
  }

  static func params(_ message: [String: Any]) -> [String: Any] {
    message["params"] as? [String: Any] ?? [:]
  }

  @Test func commandApprovalAcceptDeclineAndInterrupt() async throws {
    let home = try await ScriptedAgentHome(
      prefix: "cairn-appserver-approval", script: AppServerEndToEndTests.script)
    defer { Task { await home.finish() } }
    let client = try AppServerEndToEndTests.start(home)
    try client.initialize()
    let threadID = try Self.startedThread(client, home, id: 1, policy: "untrusted")

    // Accept: the command runs, then the model answers.
    _ = try client.result(
      2, "turn/start",
      ["threadId": threadID, "input": [["type": "text", "text": "RUNTOOL (accept)"]]])
    let ask = try client.waitFor("an approval request") {
      $0["method"] as? String == "item/commandExecution/requestApproval" && $0["id"] != nil
    }
    let request = client.received[ask]
    let askParams = Self.params(request)
    #expect(askParams["threadId"] as? String == threadID)
    #expect((askParams["command"] as? String)?.contains("touch marker.txt") == true)
    let waiting = try client.waitFor("waitingOnApproval") {
      (Self.params($0)["status"] as? [String: Any])?["activeFlags"] as? [String]
        == ["waitingOnApproval"]
    }
    #expect(waiting < ask)
    client.send(["id": request["id"]!, "result": ["decision": "accept"]])
    let resolved = try client.notification("serverRequest/resolved", from: ask)
    #expect(Self.params(client.received[resolved])["requestId"] as? Int == request["id"] as? Int)
    let done = try client.waitFor(from: ask, "the command's item/completed") {
      $0["method"] as? String == "item/completed"
        && (Self.params($0)["item"] as? [String: Any])?["type"] as? String == "commandExecution"
    }
    let item = try #require(Self.params(client.received[done])["item"] as? [String: Any])
    #expect(item["status"] as? String == "completed")
    #expect(item["aggregatedOutput"] as? String == "hello-from-tool\n")
    #expect(item["exitCode"] as? Int == 0)
    let first = try client.notification("turn/completed", from: done)
    #expect(
      (Self.params(client.received[first])["turn"] as? [String: Any])?["status"] as? String
        == "completed")
    #expect(FileManager.default.fileExists(atPath: home.work + "/marker.txt"))
    try FileManager.default.removeItem(atPath: home.work + "/marker.txt")

    // Decline: the item is declined, the command never runs, the turn goes on.
    _ = try client.result(
      3, "turn/start",
      ["threadId": threadID, "input": [["type": "text", "text": "RUNTOOL (decline)"]]])
    let ask2 = try client.waitFor(from: first + 1, "a second approval request") {
      $0["method"] as? String == "item/commandExecution/requestApproval" && $0["id"] != nil
    }
    client.send(["id": client.received[ask2]["id"]!, "result": ["decision": "decline"]])
    let declined = try client.waitFor(from: ask2, "the declined item") {
      $0["method"] as? String == "item/completed"
        && (Self.params($0)["item"] as? [String: Any])?["status"] as? String == "declined"
    }
    let second = try client.notification("turn/completed", from: declined)
    #expect(
      (Self.params(client.received[second])["turn"] as? [String: Any])?["status"] as? String
        == "completed")
    #expect(!FileManager.default.fileExists(atPath: home.work + "/marker.txt"))

    // Interrupt while the approval is pending: the turn ends interrupted, then the request
    // is resolved; a late answer is ignored.
    let third = try client.result(
      4, "turn/start",
      ["threadId": threadID, "input": [["type": "text", "text": "RUNTOOL (interrupt)"]]])
    let turnID = try #require((third["turn"] as? [String: Any])?["id"] as? String)
    let ask3 = try client.waitFor(from: second + 1, "a third approval request") {
      $0["method"] as? String == "item/commandExecution/requestApproval" && $0["id"] != nil
    }
    let wrongSteer = try client.request(
      5, "turn/steer",
      [
        "threadId": threadID, "expectedTurnId": "wrong-turn",
        "input": [["type": "text", "text": "x"]],
      ])
    #expect(
      AppServerEndToEndTests.error(wrongSteer)?.message
        == "expected active turn id `wrong-turn` but found `\(turnID)`")
    let interrupted = try client.result(
      6, "turn/interrupt", ["threadId": threadID, "turnId": turnID])
    #expect(interrupted.isEmpty)
    let end = try client.notification("turn/completed", from: ask3)
    #expect(
      (Self.params(client.received[end])["turn"] as? [String: Any])?["status"] as? String
        == "interrupted")
    let resolved3 = try client.notification("serverRequest/resolved", from: ask3)
    #expect(resolved3 > end)
    client.send(["id": client.received[ask3]["id"]!, "result": ["decision": "accept"]])
    let idle = try client.request(7, "turn/interrupt", ["threadId": threadID, "turnId": turnID])
    #expect(AppServerEndToEndTests.error(idle)?.message == "no active turn to interrupt")
    #expect(!FileManager.default.fileExists(atPath: home.work + "/marker.txt"))
    #expect(try client.finish() == 0)
  }

  @Test func listReadNameForkArchiveDeleteAndResume() async throws {
    let home = try await ScriptedAgentHome(
      prefix: "cairn-appserver-threads", script: AppServerEndToEndTests.script)
    defer { Task { await home.finish() } }
    let client = try AppServerEndToEndTests.start(home)
    try client.initialize()
    let threadID = try Self.startedThread(client, home, id: 1)
    _ = try Self.turn(client, 2, threadID, "Say hello")
    _ = try client.result(3, "thread/name/set", ["threadId": threadID, "name": "probe thread"])
    let renamed = try client.notification("thread/name/updated")
    #expect(Self.params(client.received[renamed])["threadName"] as? String == "probe thread")

    let listed = try client.result(4, "thread/list", ["limit": 10])
    let data = try #require(listed["data"] as? [[String: Any]])
    let entry = try #require(data.first { $0["id"] as? String == threadID })
    #expect(entry["preview"] as? String == "Say hello")
    #expect(entry["name"] as? String == "probe thread")
    #expect(entry["modelProvider"] as? String == "scripted")
    #expect((entry["status"] as? [String: Any])?["type"] as? String == "idle")

    let read = try client.result(5, "thread/read", ["threadId": threadID, "includeTurns": true])
    let turns = try #require((read["thread"] as? [String: Any])?["turns"] as? [[String: Any]])
    #expect(turns.count == 1)
    let items = try #require(turns.first?["items"] as? [[String: Any]])
    #expect(items.map { $0["id"] as? String } == ["item-1", "item-2"])
    #expect(items.map { $0["type"] as? String } == ["userMessage", "agentMessage"])
    #expect(turns.first?["itemsView"] as? String == "full")

    let forked = try client.result(6, "thread/fork", ["threadId": threadID])
    let fork = try #require(forked["thread"] as? [String: Any])
    let forkID = try #require(fork["id"] as? String)
    #expect(fork["forkedFromId"] as? String == threadID)
    #expect((fork["turns"] as? [Any])?.count == 1)
    #expect(fork["name"] as? String == "probe thread")
    let loaded = try client.result(7, "thread/loaded/list")
    #expect(Set(loaded["data"] as? [String] ?? []) == [threadID, forkID])

    _ = try client.result(8, "thread/archive", ["threadId": forkID])
    _ = try client.notification("thread/archived")
    let archived = try client.result(9, "thread/list", ["archived": true])
    #expect((archived["data"] as? [[String: Any]])?.map { $0["id"] as? String } == [forkID])
    let active = try client.result(10, "thread/list", [:])
    #expect((active["data"] as? [[String: Any]])?.map { $0["id"] as? String } == [threadID])
    let unarchived = try client.result(11, "thread/unarchive", ["threadId": forkID])
    #expect((unarchived["thread"] as? [String: Any])?["id"] as? String == forkID)
    _ = try client.notification("thread/unarchived")
    _ = try client.result(12, "thread/delete", ["threadId": forkID])
    _ = try client.notification("thread/deleted")
    let gone = try client.request(13, "thread/read", ["threadId": forkID])
    #expect(AppServerEndToEndTests.error(gone)?.message == "thread not loaded: \(forkID)")
    #expect(try client.finish() == 0)

    // A new process resumes the thread from the Cairn home, turns included.
    let second = try AppServerEndToEndTests.start(home)
    try second.initialize()
    let unknown = try second.request(
      1, "thread/resume", ["threadId": "00000000-0000-0000-0000-000000000000"])
    #expect(
      AppServerEndToEndTests.error(unknown)?.message
        == "no rollout found for thread id 00000000-0000-0000-0000-000000000000")
    let resumed = try second.result(2, "thread/resume", ["threadId": threadID])
    let thread = try #require(resumed["thread"] as? [String: Any])
    #expect(thread["name"] as? String == "probe thread")
    let resumedTurns = try #require(thread["turns"] as? [[String: Any]])
    #expect(resumedTurns.count == 1)
    #expect(
      ((resumedTurns.first?["items"] as? [[String: Any]])?.last?["text"]) as? String
        == "hi from mock")
    _ = try Self.turn(second, 3, threadID, "hello after resume")
    let reread = try second.result(4, "thread/read", ["threadId": threadID, "includeTurns": true])
    #expect(((reread["thread"] as? [String: Any])?["turns"] as? [Any])?.count == 2)
    #expect(try second.finish() == 0)
  }
}
