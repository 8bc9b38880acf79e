import CairnTestSupport
import Foundation
import Testing

/// `thread/compact/start`, `thread/rollback` and `thread/shellCommand` against a real
/// `cairn app-server` and the scripted loopback Responses server: each flow's
/// notifications in Codex's order, what the next request sends the model, and what a new
/// process reads back from the log.
@Suite struct AppServerTurnOpsTests {
  static let script = """
    {"responses": [
      {"when": {"last_user_text_contains": "You are compacting"}, "repeat": true,
       "output": [{"type": "message", "text": "SUMMARY-OF-EARLIER-WORK"}]},
      {"repeat": true,
       "output": [{"type": "message", "text": "hi from mock"}]}
    ]}
    """

  static func thread(_ result: [String: Any]) throws -> [String: Any] {
    try #require(result["thread"] as? [String: Any])
  }

  static func turns(_ result: [String: Any]) throws -> [[String: Any]] {
    try #require(try thread(result)["turns"] as? [[String: Any]])
  }

  static func itemTypes(_ turn: [String: Any]) -> [String] {
    (turn["items"] as? [[String: Any]] ?? []).compactMap { $0["type"] as? String }
  }

  static func userTexts(_ turns: [[String: Any]]) -> [String] {
    turns.flatMap { turn in
      (turn["items"] as? [[String: Any]] ?? []).compactMap { item -> String? in
        guard item["type"] as? String == "userMessage" else { return nil }
        return ((item["content"] as? [[String: Any]])?.first?["text"] as? String)
      }
    }
  }

  /// The bodies of the model requests, as text, in order.
  static func bodies(_ home: ScriptedAgentHome) -> [String] {
    home.server.requests.map { String(decoding: $0.body, as: UTF8.self) }
  }

  @Test func compactRunsAContextCompactionTurnAndTheNextTurnStartsFromTheSummary()
    async throws
  {
    let home = try await ScriptedAgentHome(prefix: "cairn-appserver-compact", script: Self.script)
    defer { Task { await home.finish() } }
    let client = try AppServerEndToEndTests.start(home)
    try client.initialize()
    let threadID = try AppServerThreadLifecycleTests.startedThread(client, home, id: 1)
    _ = try AppServerThreadLifecycleTests.turn(client, 2, threadID, "EARLY-PROMPT first")

    let answer = try client.result(3, "thread/compact/start", ["threadId": threadID])
    #expect(answer.isEmpty)
    let answered = client.received.firstIndex { AppServerTestClient.sameID($0["id"], 3) }!
    let completed = try client.notification("turn/completed", from: answered)
    let methods = client.methods(from: answered, through: completed)
      .filter { $0 != "thread/tokenUsage/updated" && $0 != "account/rateLimits/updated" }
    #expect(
      methods == [
        "thread/status/changed", "turn/started", "item/started", "item/completed",
        "thread/status/changed", "turn/completed",
      ])
    let items = client.received[answered...completed].filter {
      ($0["method"] as? String)?.hasPrefix("item/") == true
    }.compactMap { (($0["params"] as? [String: Any])?["item"] as? [String: Any]) }
    #expect(items.map { $0["type"] as? String } == ["contextCompaction", "contextCompaction"])

    // The next turn sends the summary, not the conversation before it.
    _ = try AppServerThreadLifecycleTests.turn(client, 4, threadID, "LATER-PROMPT")
    let last = try #require(Self.bodies(home).last)
    #expect(last.contains("SUMMARY-OF-EARLIER-WORK"))
    #expect(last.contains("LATER-PROMPT"))
    #expect(!last.contains("EARLY-PROMPT"))
    #expect(try client.finish() == 0)

    // A new process reads the compaction turn back from the log.
    let second = try AppServerEndToEndTests.start(home)
    try second.initialize()
    let read = try second.result(
      1, "thread/read", ["threadId": threadID, "includeTurns": true])
    let turns = try Self.turns(read)
    #expect(
      turns.map(Self.itemTypes) == [
        ["userMessage", "agentMessage"], ["contextCompaction"], ["userMessage", "agentMessage"],
      ])
    #expect(try second.finish() == 0)
  }

  @Test func rollbackDropsTheLatestTurnsFromTheHistoryAndTheModelsContext() async throws {
    let home = try await ScriptedAgentHome(prefix: "cairn-appserver-rollback", script: Self.script)
    defer { Task { await home.finish() } }
    let client = try AppServerEndToEndTests.start(home)
    try client.initialize()
    let threadID = try AppServerThreadLifecycleTests.startedThread(client, home, id: 1)
    _ = try AppServerThreadLifecycleTests.turn(client, 2, threadID, "KEPT-ONE")
    _ = try AppServerThreadLifecycleTests.turn(client, 3, threadID, "DROPPED-TWO")
    _ = try AppServerThreadLifecycleTests.turn(client, 4, threadID, "DROPPED-THREE")

    // Bad params: none of them records anything.
    let before = client.received.count
    let zero = try client.request(5, "thread/rollback", ["threadId": threadID, "numTurns": 0])
    #expect(AppServerEndToEndTests.error(zero)?.message == "numTurns must be >= 1")
    let notice = try client.notification("deprecationNotice", from: before)
    #expect(
      (client.received[notice]["params"] as? [String: Any])?["summary"] as? String
        == "thread/rollback is deprecated and will be removed soon")
    let tooMany = try client.request(6, "thread/rollback", ["threadId": threadID, "numTurns": 4])
    #expect(
      AppServerEndToEndTests.error(tooMany)?.message
        == "cannot roll back 4 turns: the thread has 3")
    let unknown = try client.request(
      7, "thread/rollback",
      ["threadId": "01a21421-e327-72d0-8839-64dfb34bf658", "numTurns": 1])
    #expect(
      AppServerEndToEndTests.error(unknown)?.message
        == "thread not found: 01a21421-e327-72d0-8839-64dfb34bf658")

    let rolled = try client.result(8, "thread/rollback", ["threadId": threadID, "numTurns": 2])
    #expect(Self.userTexts(try Self.turns(rolled)) == ["KEPT-ONE"])

    // The model no longer sees the dropped turns.
    _ = try AppServerThreadLifecycleTests.turn(client, 9, threadID, "AFTER-ROLLBACK")
    let last = try #require(Self.bodies(home).last)
    #expect(last.contains("KEPT-ONE"))
    #expect(last.contains("AFTER-ROLLBACK"))
    #expect(!last.contains("DROPPED-TWO"))
    #expect(!last.contains("DROPPED-THREE"))
    #expect(try client.finish() == 0)

    // After a restart, read and resume show the turns left.
    let second = try AppServerEndToEndTests.start(home)
    try second.initialize()
    let read = try second.result(
      1, "thread/read", ["threadId": threadID, "includeTurns": true])
    #expect(Self.userTexts(try Self.turns(read)) == ["KEPT-ONE", "AFTER-ROLLBACK"])
    let resumed = try second.result(2, "thread/resume", ["threadId": threadID])
    #expect(Self.userTexts(try Self.turns(resumed)) == ["KEPT-ONE", "AFTER-ROLLBACK"])
    #expect(try second.finish() == 0)
  }

  @Test func rollbackIsRefusedWhileATurnRuns() async throws {
    let home = try await ScriptedAgentHome(
      prefix: "cairn-appserver-rollback-busy", script: AppServerEndToEndTests.script)
    defer { Task { await home.finish() } }
    let client = try AppServerEndToEndTests.start(home)
    try client.initialize()
    let threadID = try AppServerThreadLifecycleTests.startedThread(
      client, home, id: 1, policy: "untrusted")
    _ = try AppServerThreadLifecycleTests.turn(client, 2, threadID, "Say hello")
    _ = try client.result(
      3, "turn/start", ["threadId": threadID, "input": [["type": "text", "text": "RUNTOOL"]]])
    // The turn waits for its approval: it runs until answered.
    let ask = try client.waitFor("an approval request") {
      $0["method"] as? String == "item/commandExecution/requestApproval" && $0["id"] != nil
    }
    let busy = try client.request(4, "thread/rollback", ["threadId": threadID, "numTurns": 1])
    #expect(
      AppServerEndToEndTests.error(busy)?.message
        == "cannot roll back while a turn is running: interrupt it first")
    client.send(["id": client.received[ask]["id"]!, "result": ["decision": "cancel"]])
    _ = try client.notification("turn/completed", from: ask)
    #expect(try client.finish() == 0)
  }

  @Test func shellCommandStreamsAUserShellItemAndBecomesContext() async throws {
    let home = try await ScriptedAgentHome(prefix: "cairn-appserver-shell", script: Self.script)
    defer { Task { await home.finish() } }
    let client = try AppServerEndToEndTests.start(home)
    try client.initialize()
    let threadID = try AppServerThreadLifecycleTests.startedThread(client, home, id: 1)

    let empty = try client.request(
      2, "thread/shellCommand", ["threadId": threadID, "command": "  "])
    #expect(AppServerEndToEndTests.error(empty)?.message == "command must not be empty")

    let answer = try client.result(
      3, "thread/shellCommand", ["threadId": threadID, "command": "echo from-shell-$((40+2))"])
    #expect(answer.isEmpty)
    let answered = client.received.firstIndex { AppServerTestClient.sameID($0["id"], 3) }!
    let completed = try client.notification("turn/completed", from: answered)
    #expect(
      client.methods(from: answered, through: completed) == [
        "thread/status/changed", "turn/started", "item/started",
        "item/commandExecution/outputDelta", "item/completed", "thread/status/changed",
        "turn/completed",
      ])
    let done = try client.notification("item/completed", from: answered)
    let item = try #require(
      (client.received[done]["params"] as? [String: Any])?["item"] as? [String: Any])
    #expect(item["type"] as? String == "commandExecution")
    #expect(item["source"] as? String == "userShell")
    #expect(item["status"] as? String == "completed")
    #expect(item["aggregatedOutput"] as? String == "from-shell-42\n")
    #expect(item["exitCode"] as? Int == 0)
    #expect(item["cwd"] as? String == home.work)
    let actions = item["commandActions"] as? [[String: Any]]
    #expect(actions?.first?["command"] as? String == "echo from-shell-$((40+2))")

    // The next turn's request carries the command and its output.
    _ = try AppServerThreadLifecycleTests.turn(client, 4, threadID, "what did it print?")
    let last = try #require(Self.bodies(home).last)
    #expect(last.contains("from-shell-42"))
    #expect(try client.finish() == 0)

    // After a restart the shell turn is read back with its item.
    let second = try AppServerEndToEndTests.start(home)
    try second.initialize()
    let read = try second.result(
      1, "thread/read", ["threadId": threadID, "includeTurns": true])
    let turns = try Self.turns(read)
    #expect(turns.map(Self.itemTypes) == [["commandExecution"], ["userMessage", "agentMessage"]])
    #expect(try second.finish() == 0)
  }
}
