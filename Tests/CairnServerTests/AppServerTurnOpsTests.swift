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
      {"when": {"last_user_text_contains": "Review the uncommitted changes"}, "repeat": true,
       "output": [{"type": "message", "text": "REVIEW-FINDINGS: none"}]},
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
    // The history folded from the log leaves the dropped turns out too.
    _ = try AppServerThreadLifecycleTests.turn(second, 3, threadID, "AFTER-RESTART")
    let resumedBody = try #require(Self.bodies(home).last)
    #expect(resumedBody.contains("AFTER-ROLLBACK"))
    #expect(!resumedBody.contains("DROPPED-TWO"))
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

  @Test func reviewStartRunsAnInlineReviewTurnBetweenReviewModeItems() async throws {
    let home = try await ScriptedAgentHome(prefix: "cairn-appserver-review", script: Self.script)
    defer { Task { await home.finish() } }
    let client = try AppServerEndToEndTests.start(home)
    try client.initialize()
    let threadID = try AppServerThreadLifecycleTests.startedThread(client, home, id: 1)

    // Bad params, and the detached delivery Cairn does not run.
    let noTarget = try client.request(2, "review/start", ["threadId": threadID])
    #expect(
      AppServerEndToEndTests.error(noTarget)?.message == "Invalid request: missing field `target`")
    let detached = try client.request(
      3, "review/start",
      ["threadId": threadID, "target": ["type": "uncommittedChanges"], "delivery": "detached"])
    #expect(AppServerEndToEndTests.error(detached)?.code == -32601)
    let unknown = try client.request(
      4, "review/start",
      [
        "threadId": "01a21421-e327-72d0-8839-64dfb34bf658",
        "target": ["type": "uncommittedChanges"],
      ])
    #expect(
      AppServerEndToEndTests.error(unknown)?.message
        == "thread not found: 01a21421-e327-72d0-8839-64dfb34bf658")

    let answer = try client.result(
      5, "review/start", ["threadId": threadID, "target": ["type": "uncommittedChanges"]])
    #expect(answer["reviewThreadId"] as? String == threadID)
    let turn = try #require(answer["turn"] as? [String: Any])
    let turnID = try #require(turn["id"] as? String)
    #expect(turn["status"] as? String == "inProgress")
    let answered = client.received.firstIndex { AppServerTestClient.sameID($0["id"], 5) }!
    let completed = try client.notification("turn/completed", from: answered)
    let items = client.received[answered...completed].filter {
      $0["method"] as? String == "item/completed"
    }.compactMap { (($0["params"] as? [String: Any])?["item"] as? [String: Any]) }
    #expect(
      items.map { $0["type"] as? String } == [
        "enteredReviewMode", "userMessage", "agentMessage", "exitedReviewMode",
      ])
    #expect(items.first?["review"] as? String == "current changes")
    #expect(items.last?["review"] as? String == "REVIEW-FINDINGS: none")
    let entered = try client.notification("item/started", from: answered)
    let started = try client.notification("turn/started", from: answered)
    #expect(entered < started)
    let startedTurn = (client.received[started]["params"] as? [String: Any])?["turn"]
    #expect((startedTurn as? [String: Any])?["id"] as? String == turnID)
    // The model got the review-mode instructions with the prompt.
    let body = try #require(Self.bodies(home).last)
    #expect(body.contains("<review_mode>"))
    #expect(try client.finish() == 0)

    // After a restart the review turn reads back with its review-mode items.
    let second = try AppServerEndToEndTests.start(home)
    try second.initialize()
    let read = try second.result(
      1, "thread/read", ["threadId": threadID, "includeTurns": true])
    #expect(
      try Self.turns(read).map(Self.itemTypes) == [
        ["enteredReviewMode", "userMessage", "agentMessage", "exitedReviewMode"]
      ])
    #expect(try second.finish() == 0)
  }

  @Test func aPatchTurnSendsTheTurnsAggregatedUnifiedDiff() async throws {
    let home = try await ScriptedAgentHome(
      prefix: "cairn-appserver-diff", script: ApplyPatchExecTests.script(ApplyPatchExecTests.patch))
    defer { Task { await home.finish() } }
    try "one\ntwo\nthree\n".write(
      toFile: home.work + "/f.txt", atomically: true, encoding: .utf8)
    try "bye\n".write(toFile: home.work + "/gone.txt", atomically: true, encoding: .utf8)
    let client = try AppServerEndToEndTests.start(home)
    try client.initialize()
    let threadID = try AppServerThreadLifecycleTests.startedThread(client, home, id: 1)
    let (answer, completed) = try AppServerThreadLifecycleTests.turn(
      client, 2, threadID, "PATCH please")
    let methods = client.methods(from: answer, through: completed)
    let fileChangeDone = try #require(
      client.received[answer...completed].firstIndex {
        $0["method"] as? String == "item/completed"
          && (($0["params"] as? [String: Any])?["item"] as? [String: Any])?["type"] as? String
            == "fileChange"
      })
    let diffIndex = try client.notification("turn/diff/updated", from: answer)
    #expect(diffIndex == fileChangeDone + 1)
    #expect(methods.filter { $0 == "turn/diff/updated" }.count == 1)
    let params = try #require(client.received[diffIndex]["params"] as? [String: Any])
    #expect(params["threadId"] as? String == threadID)
    #expect(
      params["diff"] as? String == """
        diff --git a/hello.txt b/hello.txt
        new file mode 100644
        --- /dev/null
        +++ b/hello.txt
        @@ -0,0 +1,1 @@
        +hello from apply_patch
        diff --git a/f.txt b/f.txt
        --- a/f.txt
        +++ b/f.txt
        @@ -1,3 +1,3 @@
         one
        -two
        +TWO
         three
        diff --git a/gone.txt b/gone.txt
        deleted file mode 100644
        --- a/gone.txt
        +++ /dev/null
        @@ -1,1 +0,0 @@
        -bye

        """)
    #expect(try client.finish() == 0)
  }

  @Test func unsubscribingTheLastClientClosesTheThread() async throws {
    let home = try await ScriptedAgentHome(prefix: "cairn-appserver-closed", script: Self.script)
    defer { Task { await home.finish() } }
    let client = try AppServerEndToEndTests.start(home)
    try client.initialize()
    let threadID = try AppServerThreadLifecycleTests.startedThread(client, home, id: 1)
    let result = try client.result(2, "thread/unsubscribe", ["threadId": threadID])
    #expect(result["status"] as? String == "unsubscribed")
    let answered = client.received.firstIndex { AppServerTestClient.sameID($0["id"], 2) }!
    let closed = try client.notification("thread/closed", from: answered)
    #expect(
      (client.received[closed]["params"] as? [String: Any])?["threadId"] as? String == threadID)
    let loaded = try client.result(3, "thread/loaded/list", [:])
    #expect((loaded["data"] as? [Any])?.isEmpty == true)
    let again = try client.result(4, "thread/unsubscribe", ["threadId": threadID])
    #expect(again["status"] as? String == "notLoaded")
    #expect(try client.finish() == 0)
  }
}
