import CairnTestSupport
import Foundation
import Testing

/// The same NDJSON script against the real `codex app-server` and `cairn app-server`, both
/// in one loopback-only network namespace with the scripted Responses server and the same
/// `CODEX_HOME`: the responses and notifications must have the same shapes (member names,
/// recursively) with ids and times left out, and the same order.
@Suite struct AppServerParityTests {
  static let script = """
    {"responses": [{"repeat": true, "output": [{"type": "message", "text": "hi from mock", "deltas": ["hi from", " mock"]}]}]}
    """

  /// What a run of the script shows: each response's shape, and the methods and shapes of
  /// the notifications of the turn.
  struct Transcript {
    var responses: [String: Any] = [:]
    var turnMethods: [String] = []
    var turnShapes: [String] = []
    var pushMethods: [String] = []
  }

  /// Member names, recursively, sorted: values do not matter, only the shape.
  static func shape(_ value: Any?) -> String {
    switch value {
    case let object as [String: Any]:
      return "{" + object.keys.sorted().map { "\($0):\(shape(object[$0]))" }.joined(separator: ",")
        + "}"
    case let array as [Any]:
      return array.isEmpty ? "[]" : "[" + shape(array[0]) + "]"
    default:
      return "_"
    }
  }

  static func run(_ client: AppServerTestClient, work: String) throws -> Transcript {
    var transcript = Transcript()
    transcript.responses["early"] = try client.request(1, "thread/list", [:])
    transcript.responses["noClientInfo"] = try client.request(2, "initialize", [:])
    transcript.responses["initialize"] = try client.request(
      3, "initialize", ["clientInfo": ["name": "probe", "version": "0.1"]])
    let push = try client.notification("remoteControl/status/changed")
    transcript.pushMethods = [client.received[push]["method"] as? String ?? ""]
    transcript.responses["push"] = client.received[push]
    client.send(["method": "initialized"])
    transcript.responses["again"] = try client.request(
      4, "initialize", ["clientInfo": ["name": "x", "version": "1"]])
    transcript.responses["unknown"] = try client.request(5, "no/such/method", [:])
    transcript.responses["wrongType"] = try client.request(6, "thread/start", ["cwd": 123])
    client.sendLine(#"{"id":7,"method":"account/read"}"#)
    transcript.responses["noParams"] = try client.response(7)
    client.sendLine("not json at all")
    client.sendLine(#"{"id":999,"result":{}}"#)
    transcript.responses["account"] = try client.request(8, "account/read", [:])
    transcript.responses["badThread"] = try client.request(
      9, "thread/read", ["threadId": "not-a-uuid"])
    let started = try client.request(
      10, "thread/start", ["cwd": work, "approvalPolicy": "never", "sandbox": "workspace-write"])
    transcript.responses["threadStart"] = started
    let threadID =
      ((started["result"] as? [String: Any])?["thread"] as? [String: Any])?["id"] as? String ?? ""
    let startedNote = try client.notification("thread/started")
    transcript.responses["threadStarted"] = client.received[startedNote]
    let turn = try client.request(
      11, "turn/start", ["threadId": threadID, "input": [["type": "text", "text": "Say hello"]]])
    transcript.responses["turnStart"] = turn
    let answer = client.received.firstIndex { AppServerTestClient.sameID($0["id"], 11) }!
    let completed = try client.notification("turn/completed", from: answer)
    for message in client.received[answer...completed] where message["id"] == nil {
      let method = message["method"] as? String ?? ""
      // Cairn logs text deltas coalesced (50 ms or 4 KiB per event): a run of deltas is
      // compared as one.
      if method == "item/agentMessage/delta", transcript.turnMethods.last == method { continue }
      transcript.turnMethods.append(method)
      transcript.turnShapes.append(method + " " + shape(message))
    }
    return transcript
  }

  @Test func cairnAnswersCodexsScriptWithCodexsShapes() throws {
    let loopback = try CodexLoopback(scriptJSON: Self.script)
    defer { loopback.cleanUp() }
    let codex = AppServerTestClient(process: try loopback.spawn(program: "codex", ["app-server"]))
    let expected = try Self.run(codex, work: loopback.workDirectory)
    #expect(try codex.finish() == 0)
    let cairn = AppServerTestClient(
      process: try loopback.spawn(program: try CairnExecutable.require(), ["app-server"]))
    let actual = try Self.run(cairn, work: loopback.workDirectory)
    #expect(try cairn.finish() == 0)

    for key in expected.responses.keys.sorted() {
      #expect(
        Self.shape(actual.responses[key]) == Self.shape(expected.responses[key]),
        "\(key): cairn \(actual.responses[key] ?? "nil") codex \(expected.responses[key] ?? "nil")")
    }
    // Error texts Codex's clients show or match on are the same, word for word.
    for key in ["early", "noClientInfo", "again", "wrongType", "noParams", "badThread"] {
      let mine = (actual.responses[key] as? [String: Any])?["error"] as? [String: Any]
      let theirs = (expected.responses[key] as? [String: Any])?["error"] as? [String: Any]
      #expect(mine?["message"] as? String == theirs?["message"] as? String, "\(key)")
      #expect(mine?["code"] as? Int == theirs?["code"] as? Int, "\(key)")
    }
    let unknownMine =
      ((actual.responses["unknown"] as? [String: Any])?["error"] as? [String: Any])?["message"]
      as? String ?? ""
    let unknownTheirs =
      ((expected.responses["unknown"] as? [String: Any])?["error"] as? [String: Any])?["message"]
      as? String ?? ""
    #expect(unknownMine.prefix(200) == unknownTheirs.prefix(200))
    #expect(actual.turnMethods == expected.turnMethods)
    #expect(actual.turnShapes == expected.turnShapes)
  }
}
