import CairnServer
import CairnTestSupport
import Foundation
import Testing

/// `turn/steer` adds input to the running turn: the turn's next model request carries it
/// (after the tool output it was waiting for), it shows as a user message item of that
/// turn, and no extra turn runs.
@Suite struct AppServerSteerTests {
  static let script = """
    {"responses": [
      {"when": {"last_user_text_contains": "STEERED"}, "repeat": true,
       "output": [{"type": "message", "text": "Steer seen."}]},
      {"when": {"last_user_text_contains": "RUNTOOL", "last_input_type": "message"}, "repeat": true,
       "output": [{"type": "function_call", "name": "exec_command",
                   "arguments": {"cmd": "touch steer.txt && echo from-tool"}}]},
      {"repeat": true, "output": [{"type": "message", "text": "Steer not seen."}]}
    ]}
    """

  @Test func steeringReachesTheRunningTurnsNextRequest() async throws {
    let home = try await ScriptedAgentHome(prefix: "cairn-appserver-steer", script: Self.script)
    defer { Task { await home.finish() } }
    let client = try AppServerEndToEndTests.start(home)
    try client.initialize()
    let threadID = try AppServerThreadLifecycleTests.startedThread(
      client, home, id: 1, policy: "untrusted")
    let started = try client.result(
      2, "turn/start", ["threadId": threadID, "input": [["type": "text", "text": "RUNTOOL now"]]])
    let turnID = try #require((started["turn"] as? [String: Any])?["id"] as? String)

    // The turn waits on the approval: steer it then, and let the command run.
    let ask = try client.waitFor("an approval request") {
      $0["method"] as? String == "item/commandExecution/requestApproval" && $0["id"] != nil
    }
    let steered = try client.result(
      3, "turn/steer",
      [
        "threadId": threadID, "expectedTurnId": turnID,
        "input": [["type": "text", "text": "STEERED: also say so"]],
      ])
    #expect(steered["turnId"] as? String == turnID)
    client.send(["id": client.received[ask]["id"]!, "result": ["decision": "accept"]])
    let completed = try client.notification("turn/completed", from: ask)
    let turn = try #require(
      AppServerThreadLifecycleTests.params(client.received[completed])["turn"] as? [String: Any])
    #expect(turn["id"] as? String == turnID)
    #expect(turn["status"] as? String == "completed")

    // The steered text is a user message item of the same turn.
    let userItems = client.received.filter {
      $0["method"] as? String == "item/completed"
        && (AppServerThreadLifecycleTests.params($0)["item"] as? [String: Any])?["type"]
          as? String == "userMessage"
    }
    #expect(userItems.count == 2)
    #expect(
      userItems.allSatisfy {
        AppServerThreadLifecycleTests.params($0)["turnId"] as? String == turnID
      })
    let messages = client.received.compactMap { message -> String? in
      guard message["method"] as? String == "item/completed",
        let item = AppServerThreadLifecycleTests.params(message)["item"] as? [String: Any],
        item["type"] as? String == "agentMessage"
      else { return nil }
      return item["text"] as? String
    }
    #expect(messages == ["Steer seen."])
    #expect(client.received.filter { $0["method"] as? String == "turn/started" }.count == 1)

    // The second request carries the tool's output, then the steered message.
    let requests = home.server.requests.filter { $0.path.hasSuffix("/responses") }
    #expect(requests.count == 2)
    let body = try #require(
      try JSONSerialization.jsonObject(with: Data(requests.last?.body ?? [])) as? [String: Any])
    let input = try #require(body["input"] as? [[String: Any]])
    let kinds = input.suffix(2).map { $0["type"] as? String ?? "message" }
    #expect(kinds == ["function_call_output", "message"])
    let last = try #require(input.last?["content"] as? [[String: Any]])
    #expect(last.first?["text"] as? String == "STEERED: also say so")
    #expect(try client.finish() == 0)
  }
}
