import CairnTestSupport
import Foundation
import Testing

/// `cairn app-server generate-json-schema` and `generate-ts` (docs/APP_SERVER.md, "Schema
/// generators"): a real session validated against the generated schema by Python's
/// `jsonschema`, Cairn's names against Codex's own bundle, the TypeScript through `tsc
/// --strict`, and byte-identical reruns.
@Suite struct AppServerSchemaTests {
  static let script = """
    {"responses": [
      {"when": {"last_user_text_contains": "You are compacting"}, "repeat": true,
       "output": [{"type": "message", "text": "Summary of the session."}]},
      {"when": {"last_user_text_contains": "Review the uncommitted changes"}, "repeat": true,
       "output": [{"type": "message", "text": "No findings."}]},
      {"when": {"last_user_text_contains": "MCPADD", "last_input_type": "message"}, "repeat": true,
       "output": [{"type": "function_call", "name": "mcp__test__add", "arguments": {"a": 20, "b": 22}}]},
      {"when": {"last_user_text_contains": "RUNTOOL", "last_input_type": "message"}, "repeat": true,
       "output": [{"type": "function_call", "name": "exec_command",
                   "arguments": {"cmd": "touch marker.txt && echo hello-from-tool"}}]},
      {"when": {"last_user_text_contains": "PLAN", "last_input_type": "message"}, "repeat": true,
       "output": [{"type": "function_call", "name": "update_plan",
                   "arguments": {"explanation": "two steps",
                                 "plan": [{"step": "look", "status": "completed"},
                                          {"step": "fix", "status": "in_progress"}]}}]},
      {"when": {"last_user_text_contains": "PATCH", "last_input_type": "message"}, "repeat": true,
       "output": [{"type": "custom_tool_call", "name": "apply_patch",
                   "input": "*** Begin Patch\\n*** Add File: added.txt\\n+patched line\\n*** End Patch\\n"}]},
      {"when": {"last_input_type": "function_call_output"}, "repeat": true,
       "output": [{"type": "message", "text": "Tool ran fine. Done."}]},
      {"when": {"last_input_type": "custom_tool_call_output"}, "repeat": true,
       "output": [{"type": "message", "text": "Patched."}]},
      {"when": {"last_user_text_contains": "REASON"}, "repeat": true,
       "output": [{"type": "reasoning", "summary": "**Thinking** about it"},
                  {"type": "message", "text": "Reasoned answer."}]},
      {"repeat": true,
       "output": [{"type": "message", "text": "hi from mock", "deltas": ["hi from", " mock"]}]}
    ]}
    """

  /// The client side of the transcript: every message the test sends, in order.
  final class Recorder {
    let client: AppServerTestClient
    var sent: [[String: Any]] = []

    init(_ client: AppServerTestClient) { self.client = client }

    func send(_ message: [String: Any]) {
      sent.append(message)
      client.send(message)
    }

    @discardableResult
    func request(_ id: Int, _ method: String, _ params: [String: Any]? = [:]) throws
      -> [String: Any]
    {
      var message: [String: Any] = ["id": id, "method": method]
      if let params { message["params"] = params }
      send(message)
      return try client.response(id)
    }

    @discardableResult
    func result(_ id: Int, _ method: String, _ params: [String: Any]? = [:]) throws
      -> [String: Any]
    {
      let answer = try request(id, method, params)
      guard let result = answer["result"] as? [String: Any] else {
        throw HarnessFailure("\(method) failed: \(answer)")
      }
      return result
    }

    /// Runs a turn; answers each approval request with `decision`.
    func turn(_ id: Int, _ threadID: String, _ text: String, decision: String? = nil) throws {
      _ = try result(
        id, "turn/start", ["threadId": threadID, "input": [["type": "text", "text": text]]])
      let answer = client.received.firstIndex { AppServerTestClient.sameID($0["id"], id) }!
      if let decision {
        let ask = try client.waitFor(from: answer, "an approval request for \(text)") {
          ($0["method"] as? String)?.hasSuffix("/requestApproval") == true && $0["id"] != nil
        }
        send(["id": client.received[ask]["id"]!, "result": ["decision": decision]])
      }
      do {
        _ = try client.notification("turn/completed", from: answer)
      } catch {
        let tail = client.received.suffix(12).map {
          "\($0["method"] ?? "response") \($0)".prefix(400)
        }
        throw HarnessFailure("\(text): \(error); last messages:\n" + tail.joined(separator: "\n"))
      }
    }
  }

  @Test func everyMessageOfARealSessionValidatesAgainstCairnsSchema() async throws {
    let scratch = try AppServerSchemaSupport.scratch("session")
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    _ = try AppServerSchemaSupport.requirePythonJSONSchema()
    let home = try await ScriptedAgentHome(
      prefix: "cairn-appserver-schema", script: Self.script,
      extraConfig: try Recorder.mcpServers())
    defer { Task { await home.finish() } }
    let client = try AppServerTestClient(
      arguments: [try CairnExecutable.require(), "-c", Recorder.sessionFlag, "app-server"],
      environment: home.environment, directory: home.work)
    let peer = Recorder(client)
    try peer.result(
      0, "initialize",
      [
        "clientInfo": ["name": "schema-probe", "title": "Schema probe", "version": "1.0"],
        "capabilities": ["optOutNotificationMethods": [String]()],
      ])
    peer.send(["method": "initialized"])
    let started = try peer.result(
      1, "thread/start",
      ["cwd": home.work, "approvalPolicy": "untrusted", "sandbox": "danger-full-access"])
    let threadID = try #require((started["thread"] as? [String: Any])?["id"] as? String)
    try peer.turn(2, threadID, "Say hello")
    try peer.turn(3, threadID, "REASON please")
    try peer.turn(4, threadID, "PLAN it")
    try peer.turn(5, threadID, "RUNTOOL (accept)", decision: "accept")
    try peer.turn(6, threadID, "RUNTOOL (decline)", decision: "decline")
    try peer.turn(7, threadID, "PATCH it", decision: "accept")
    try peer.result(8, "thread/name/set", ["threadId": threadID, "name": "Schema thread"])
    try peer.result(9, "thread/list", [:])
    try peer.result(10, "thread/read", ["threadId": threadID, "includeTurns": true])
    try peer.result(11, "thread/loaded/list", [:])
    let forked = try peer.result(12, "thread/fork", ["threadId": threadID])
    let forkID = try #require((forked["thread"] as? [String: Any])?["id"] as? String)
    try peer.result(13, "thread/archive", ["threadId": forkID])
    try peer.result(14, "thread/unarchive", ["threadId": forkID])
    try peer.result(15, "thread/unsubscribe", ["threadId": forkID])
    try peer.result(16, "thread/delete", ["threadId": forkID])
    try peer.result(17, "thread/resume", ["threadId": threadID])
    try peer.result(18, "model/list", ["limit": 2])
    try peer.result(19, "config/read", [:])
    try peer.result(20, "configRequirements/read", nil)
    try peer.result(21, "account/read", [:])
    try peer.result(22, "modelProvider/capabilities/read", [:])
    try peer.result(23, "permissionProfile/list", [:])
    let file = home.work + "/schema.txt"
    try peer.result(24, "fs/writeFile", ["path": file, "dataBase64": "aGVsbG8K"])
    try peer.result(25, "fs/readFile", ["path": file])
    try peer.result(26, "fs/getMetadata", ["path": file])
    try peer.result(27, "fs/createDirectory", ["path": home.work + "/sub/dir", "recursive": true])
    try peer.result(28, "fs/readDirectory", ["path": home.work])
    try peer.result(29, "fuzzyFileSearch", ["query": "schema", "roots": [home.work]])
    let full: [String: Any] = ["type": "dangerFullAccess"]
    try peer.result(30, "command/exec", ["command": ["echo", "out"], "sandboxPolicy": full])
    try peer.result(
      31, "command/exec",
      [
        "command": ["echo", "streamed"], "processId": "p1", "streamStdoutStderr": true,
        "sandboxPolicy": full,
      ])
    // An error answer, to validate JSONRPCError too.
    let missing = try peer.request(32, "thread/read", ["threadId": "not-a-thread"])
    #expect(missing["error"] != nil)
    // A turn interrupted while its approval is pending: turn/interrupt, serverRequest/resolved.
    let third = try peer.result(
      33, "turn/start",
      ["threadId": threadID, "input": [["type": "text", "text": "RUNTOOL (interrupt)"]]])
    let turnID = try #require((third["turn"] as? [String: Any])?["id"] as? String)
    let answer = client.received.firstIndex { AppServerTestClient.sameID($0["id"], 33) }!
    _ = try client.waitFor(from: answer, "the third approval request") {
      $0["method"] as? String == "item/commandExecution/requestApproval" && $0["id"] != nil
    }
    // Steering text for the waiting turn; the interrupt then drops it.
    let steered = try peer.result(
      34, "turn/steer",
      [
        "threadId": threadID, "expectedTurnId": turnID,
        "input": [["type": "text", "text": "steered"]],
      ])
    #expect(steered["turnId"] as? String == turnID)
    try peer.result(35, "turn/interrupt", ["threadId": threadID, "turnId": turnID])
    let end = try client.notification("turn/completed", from: answer)
    _ = try client.notification("serverRequest/resolved", from: end)
    // command/exec/terminate: the terminate may race the spawn, so it is asked until the
    // process id is known.
    peer.send([
      "id": 36, "method": "command/exec",
      "params": ["command": ["sleep", "30"], "processId": "p3", "sandboxPolicy": full],
    ])
    var attempt = 37
    while try peer.request(attempt, "command/exec/terminate", ["processId": "p3"])["error"] != nil
      && attempt < 300
    {
      attempt += 1
    }
    #expect(try client.response(36)["result"] != nil)
    try peer.turnOperations(threadID, first: 350)
    let refused = try peer.hostOperations(home, first: 400)
    try peer.mcpOperations(home, first: 450)
    #expect(try client.finish() == 0)
    #expect(client.unparsed.isEmpty)

    try AppServerSchemaSupport.cairnGenerate(
      "generate-json-schema", out: scratch + "/schema", ["--experimental"])
    let transcript = try JSONSerialization.data(
      withJSONObject: ["sent": peer.sent, "received": client.received])
    try transcript.write(to: URL(fileURLWithPath: scratch + "/transcript.json"))
    let check = try AppServerSchemaSupport.python(
      AppServerSchemaValidator.session, in: scratch,
      [scratch + "/schema/codex_app_server_protocol.schemas.json", scratch + "/transcript.json"])
    #expect(
      check.code == 0,
      "jsonschema found messages Cairn's schema does not describe:\n\(check.stderr)")
    let coverage = try #require(
      try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
    let responses = Set((coverage["responses"] as? [String: Int] ?? [:]).keys)
    let notifications = Set((coverage["notifications"] as? [String: Int] ?? [:]).keys)
    let serverRequests = Set((coverage["serverRequests"] as? [String: Int] ?? [:]).keys)
    // The session reached what the schema declares: each method answered, each
    // notification kind this flow causes, both approval requests.
    #expect(responses.count == 47, "methods answered: \(responses.sorted())")
    let messages = coverage["messages"] as? Int ?? 0
    #expect(messages > 150)
    print("AppServerSchemaTests: \(messages) messages validated")
    #expect(
      notifications.isSuperset(of: [
        "thread/started", "thread/status/changed", "thread/archived", "thread/unarchived",
        "thread/deleted", "thread/name/updated", "thread/tokenUsage/updated", "turn/started",
        "turn/completed", "turn/plan/updated", "item/started", "item/completed",
        "item/agentMessage/delta", "item/reasoning/summaryTextDelta",
        "item/reasoning/summaryPartAdded", "item/commandExecution/outputDelta",
        "serverRequest/resolved", "account/rateLimits/updated", "remoteControl/status/changed",
        "command/exec/outputDelta", "fs/changed", "deprecationNotice", "thread/closed",
        "turn/diff/updated", "mcpServer/startupStatus/updated",
      ]), "notifications seen: \(notifications.sorted())")
    #expect(
      serverRequests == [
        "item/commandExecution/requestApproval", "item/fileChange/requestApproval",
      ])
    #expect((coverage["errors"] as? Int ?? 0) == attempt - 37 + 1 + refused)
  }

  /// Deliberate differences from Codex's bundle, each with its reason.
  static let parityAllowlist: [String: String] = [:]

  @Test func namesAndLayoutAreCodexs() throws {
    let scratch = try AppServerSchemaSupport.scratch("parity")
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    let allowlist = scratch + "/allowlist.json"
    try JSONSerialization.data(withJSONObject: Self.parityAllowlist).write(
      to: URL(fileURLWithPath: allowlist))
    for (variant, flags) in [("experimental", ["--experimental"]), ("stable", [])] {
      let cairn = scratch + "/cairn-" + variant
      let codex = scratch + "/codex-" + variant
      try AppServerSchemaSupport.cairnGenerate("generate-json-schema", out: cairn + "/json", flags)
      try AppServerSchemaSupport.cairnGenerate("generate-ts", out: cairn + "/ts", flags)
      try AppServerSchemaSupport.codexGenerate(
        "generate-json-schema", out: codex + "/json", home: scratch + "/codex-home", flags)
      try AppServerSchemaSupport.codexGenerate(
        "generate-ts", out: codex + "/ts", home: scratch + "/codex-home", flags)
      let check = try AppServerSchemaSupport.python(
        AppServerSchemaValidator.parity, in: scratch,
        [cairn + "/json", codex + "/json", cairn + "/ts", codex + "/ts", allowlist]
          + (variant == "experimental" ? ["check-unused"] : []))
      #expect(check.code == 0, "\(variant): Cairn's schema departs from Codex's:\n\(check.stderr)")
      #expect(check.stdout.contains("\"compared\""))
    }
  }

  @Test func typeScriptCompilesUnderStrictTsc() throws {
    let scratch = try AppServerSchemaSupport.scratch("tsc")
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    let path = AppServerSchemaSupport.environment["PATH"]!
    guard let tsc = try? SpawnedProcessPath.find("tsc", path: path) else {
      throw HarnessFailure(
        "tsc is not on PATH: install Debian's node-typescript (tools/bootstrap does)")
    }
    for (variant, flags) in [("experimental", ["--experimental"]), ("stable", [])] {
      let out = scratch + "/" + variant
      try AppServerSchemaSupport.cairnGenerate("generate-ts", out: out, flags)
      let files = try AppServerSchemaSupport.tree(out).keys.sorted().map { out + "/" + $0 }
      #expect(files.count > 50)
      let result = try AppServerSchemaSupport.run(
        [tsc, "--noEmit", "--strict", "--target", "es2020", "--moduleResolution", "node"] + files,
        seconds: 300)
      #expect(
        result.code == 0, "tsc rejected the \(variant) output:\n\(result.stdout)\(result.stderr)")
    }
  }

  @Test func outputIsDeterministicAndFailuresAreClear() throws {
    let scratch = try AppServerSchemaSupport.scratch("determinism")
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    for generator in ["generate-json-schema", "generate-ts"] {
      let first = scratch + "/" + generator + "-1"
      let second = scratch + "/" + generator + "-2"
      try AppServerSchemaSupport.cairnGenerate(generator, out: first, ["--experimental"])
      try AppServerSchemaSupport.cairnGenerate(
        generator, out: second, ["--experimental", "-c", "model=\"o3\""])
      let a = try AppServerSchemaSupport.tree(first)
      let b = try AppServerSchemaSupport.tree(second)
      #expect(!a.isEmpty)
      #expect(a == b, "\(generator): two runs differ")
      // Over an existing tree: files are replaced, the tree is the same again.
      try Data("stale".utf8).write(
        to: URL(fileURLWithPath: first + "/" + a.keys.sorted().first!))
      try AppServerSchemaSupport.cairnGenerate(generator, out: first, ["--experimental"])
      #expect(try AppServerSchemaSupport.tree(first) == b)
    }
    let cairn = try CairnExecutable.require()
    // Without --experimental the experimental members are gone.
    try AppServerSchemaSupport.cairnGenerate("generate-json-schema", out: scratch + "/stable")
    let stable = try String(
      contentsOfFile: scratch + "/stable/codex_app_server_protocol.v2.schemas.json", encoding: .utf8
    )
    let experimental = try String(
      contentsOfFile: scratch + "/generate-json-schema-1/codex_app_server_protocol.v2.schemas.json",
      encoding: .utf8)
    #expect(!stable.contains("canAcceptDirectInput"))
    #expect(experimental.contains("canAcceptDirectInput"))

    let blocker = scratch + "/a-file"
    try Data().write(to: URL(fileURLWithPath: blocker))
    let unwritable = try AppServerSchemaSupport.run(
      [cairn, "app-server", "generate-json-schema", "--out", blocker + "/out"])
    #expect(unwritable.code == 1)
    #expect(
      unwritable.stderr.hasPrefix("cairn app-server generate-json-schema: cannot create "),
      "\(unwritable.stderr)")
    #expect(unwritable.stderr.contains("writable --out"))

    let formatted = try AppServerSchemaSupport.run(
      [cairn, "app-server", "generate-ts", "--out", scratch + "/fmt", "--prettier", "/bin/true"])
    #expect(formatted.code == 0, "\(formatted.stderr)")
    #expect(formatted.stdout.isEmpty && formatted.stderr.isEmpty)
    let failing = try AppServerSchemaSupport.run(
      [cairn, "app-server", "generate-ts", "--out", scratch + "/fmt2", "-p", "/bin/false"])
    #expect(failing.code == 1)
    #expect(
      failing.stderr
        == "cairn app-server generate-ts: the formatter /bin/false exited with status 1 (the "
        + "unformatted files are written)\n")
    let absent = try AppServerSchemaSupport.run(
      [cairn, "app-server", "generate-ts", "--out", scratch + "/fmt3", "-p", scratch + "/nope"])
    #expect(absent.code == 1)
    #expect(absent.stderr.contains("cannot run the formatter"), "\(absent.stderr)")
  }
}
