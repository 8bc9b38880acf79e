import CairnServer
import CairnTestSupport
import Foundation
import Testing

/// MCP servers as agent tools through a whole `cairn exec`: the configured server (the
/// official Python SDK's, Tests/CairnToolsTests/Fixtures/mcp/test_server.py) starts with
/// the session, its tools are offered as `mcp__test__TOOL`, the scripted model calls them,
/// and the next request carries each result as the `function_call_output` Codex sends.
/// docs/MCP.md, "MCP servers as tools".
@Suite struct MCPToolsExecTests {
  static let serverScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent(
      "CairnToolsTests/Fixtures/mcp/test_server.py"
    ).path

  /// The python3 with the `mcp` package; a failure that says how to get it otherwise.
  static func python() throws -> String {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    guard
      let python = path.split(separator: ":").map({ "\($0)/python3" }).first(where: {
        FileManager.default.isExecutableFile(atPath: $0)
      })
    else { throw SetupError("python3 is not on PATH; run tools/bootstrap") }
    let check = try SpawnedProcess(
      [python, "-c", "import mcp.server.mcpserver"],
      environment: ProcessInfo.processInfo.environment,
      directory: NSTemporaryDirectory())
    guard try check.waitForExit(withinSeconds: 60, what: "python3 -c 'import mcp'") == 0 else {
      throw SetupError(
        "\(python) cannot import the `mcp` package; run tools/bootstrap (pip install mcp==2.3.0)")
    }
    return python
  }

  struct SetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
  }

  /// `[mcp_servers.NAME]` for the test server in `mode`.
  static func server(_ name: String, mode: String = "stdio", extra: String = "") throws -> String {
    """
    [mcp_servers.\(name)]
    command = "\(try python())"
    args = ["\(serverScript)", "\(mode)"]
    startup_timeout_sec = 30
    \(extra)

    """
  }

  /// The model calls each of `calls` (name, arguments JSON) at once, then answers "Done."
  static func script(_ calls: [(String, String)]) -> String {
    let items = calls.enumerated().map { index, call in
      #"{"type": "function_call", "call_id": "call_\#(index)", "name": "\#(call.0)", "arguments": \#(call.1)}"#
    }
    return """
      {"responses": [
        {"when": {"last_input_type": "message"}, "output": [\(items.joined(separator: ", "))]},
        {"when": {"last_input_type": "function_call_output"},
         "output": [{"type": "message", "text": "Done."}]}
      ]}
      """
  }

  static func run(script: String, config: String) async throws -> (
    run: CodexRun, bodies: [[String: Any]], home: ScriptedAgentHome
  ) {
    let home = try await ScriptedAgentHome(
      prefix: "cairn-mcp-exec", script: script, extraConfig: config)
    let process = try SpawnedProcess(
      [try CairnExecutable.require(), "exec", "--skip-git-repo-check", "--json", "use the tools"],
      environment: home.environment, directory: home.work)
    let code = try process.waitForExit(withinSeconds: 90, what: "cairn exec")
    let run = CodexRun(
      arguments: [], exitCode: code, stdout: process.stdout, stderr: process.stderr,
      rolloutPaths: [])
    let bodies = home.server.requests.compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.body)) as? [String: Any]
    }
    return (run, bodies, home)
  }

  static func outputs(_ body: [String: Any]) -> [String: String] {
    var outputs: [String: String] = [:]
    for item in body["input"] as? [[String: Any]] ?? []
    where item["type"] as? String == "function_call_output" {
      outputs[item["call_id"] as? String ?? "?"] = item["output"] as? String
    }
    return outputs
  }

  static func toolNames(_ body: [String: Any]) -> [String] {
    (body["tools"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
  }

  /// The session's log records as JSON objects (`cairn log cat --json`).
  static func records(_ home: ScriptedAgentHome, thread: String) throws -> [[String: Any]] {
    let process = try SpawnedProcess(
      [
        try CairnExecutable.require(), "log", "cat", home.root + "/cairn/sessions/" + thread,
        "--json",
      ],
      environment: home.environment, directory: home.work)
    _ = try process.waitForExit(withinSeconds: 30, what: "cairn log cat")
    return jsonObjectLines(process.stdout)
  }

  @Test func theModelCallsAnMCPToolAndGetsItsResult() async throws {
    let (run, bodies, home) = try await Self.run(
      script: Self.script([("mcp__test__add", #"{"a": 2, "b": 40}"#)]),
      config: try Self.server("test", extra: #"disabled_tools = ["echo"]"#))
    defer { Task { await home.finish() } }
    #expect(run.exitCode == 0, "\(run.stderr)")
    #expect(bodies.count == 2)
    let first = try #require(bodies.first)
    let names = Self.toolNames(first)
    #expect(names.contains("mcp__test__add"))
    #expect(names.contains("mcp__test__fail"))
    #expect(!names.contains("mcp__test__echo"), "a disabled tool is not offered")
    let add = (first["tools"] as? [[String: Any]] ?? []).first {
      $0["name"] as? String == "mcp__test__add"
    }
    #expect(add?["type"] as? String == "function")
    #expect(add?["description"] as? String == "Adds two integers.")
    let parameters = add?["parameters"] as? [String: Any]
    #expect(parameters?["required"] as? [String] == ["a", "b"])
    #expect(Self.outputs(bodies[1]) == ["call_0": #"{"result":42}"#])
    // An MCP call is not shown as a command execution.
    #expect(!run.stdoutText.contains("command_execution"), "\(run.stdoutText)")
    // The call's life is in the log (docs/EVENTS.md kinds): tool_call_planned (15),
    // tool_started (18), tool_exited (23), tool_result_recorded (37).
    let thread = try #require(run.threadID)
    let records = try Self.records(home, thread: thread)
    let kinds = records.compactMap { $0["kind"] as? Int }
    let toolKinds = kinds.filter { [15, 18, 23, 37].contains($0) }
    #expect(toolKinds == [15, 18, 23, 37], "\(kinds)")
    func payload(_ kind: Int) -> String {
      let record = records.first { $0["kind"] as? Int == kind }
      let data = Data(base64Encoded: record?["payload_base64"] as? String ?? "") ?? Data()
      return String(decoding: data, as: UTF8.self)
    }
    #expect(payload(15).contains("mcp__test__add"))
    #expect(payload(37).contains(#"{"result":42}"#))
  }

  @Test func toolErrorsAndTimeoutsBecomeOutputsAndTheTurnGoesOn() async throws {
    let (run, bodies, home) = try await Self.run(
      script: Self.script([
        ("mcp__test__fail", #"{"message": "the disk is on fire"}"#),
        ("mcp__test__sleep", #"{"seconds": 60}"#),
        ("mcp__test__echo", #"{"text": "after"}"#),
      ]),
      config: try Self.server("test", extra: "tool_timeout_sec = 1"))
    defer { Task { await home.finish() } }
    #expect(run.exitCode == 0, "\(run.stderr)")
    #expect(bodies.count == 2)
    let outputs = Self.outputs(try #require(bodies.last))
    #expect(outputs["call_0"]?.contains("the disk is on fire") == true, "\(outputs)")
    #expect(outputs["call_1"]?.contains("request timed out") == true, "\(outputs)")
    #expect(outputs["call_1"]?.hasPrefix(#"[{"type":"text","text":"tool call error: "#) == true)
    #expect(outputs["call_2"] == #"{"result":"after"}"#)
  }

  @Test func aServerThatExitsAtStartIsReportedAndTheSessionGoesOn() async throws {
    let (run, bodies, home) = try await Self.run(
      script: Self.script([("mcp__test__add", #"{"a": 1, "b": 1}"#)]),
      config: try Self.server("broken", mode: "exit-at-start") + (try Self.server("test")))
    defer { Task { await home.finish() } }
    #expect(run.exitCode == 0, "\(run.stderr)")
    #expect(
      run.stderr.contains("ERROR: MCP client for `broken` failed to start: "),
      "\(run.stderr)")
    #expect(run.stderr.contains("the test asked for a failure"))
    let first = try #require(bodies.first)
    #expect(!Self.toolNames(first).contains { $0.hasPrefix("mcp__broken__") })
    #expect(Self.outputs(bodies[1]) == ["call_0": #"{"result":2}"#])
  }
}

/// MCP calls and server status in `exec --json` and in the log (kinds 42
/// `mcp_server_status_changed`, 43 `mcp_tool_result_received`). docs/MCP.md.
@Suite struct MCPToolsExecStatusTests {
  /// The decoded payload text of every record of `kind`.
  static func payloads(_ records: [[String: Any]], kind: Int) -> [String] {
    records.filter { $0["kind"] as? Int == kind }.map {
      let data = Data(base64Encoded: $0["payload_base64"] as? String ?? "") ?? Data()
      return String(decoding: data, as: UTF8.self)
    }
  }

  @Test func execJSONEmitsMCPToolCallItemsAsCodexDoes() async throws {
    let (run, _, home) = try await MCPToolsExecTests.run(
      script: MCPToolsExecTests.script([
        ("mcp__test__add", #"{"a": 2, "b": 40}"#),
        ("mcp__test__fail", #"{"message": "no luck"}"#),
      ]),
      config: try MCPToolsExecTests.server("test"))
    defer { Task { await home.finish() } }
    #expect(run.exitCode == 0, "\(run.stderr)")
    let lines = jsonObjectLines(run.stdout)
    let mcp = lines.filter {
      ($0["item"] as? [String: Any])?["type"] as? String == "mcp_tool_call"
    }
    #expect(
      mcp.map { $0["type"] as? String } == [
        "item.started", "item.completed", "item.started", "item.completed",
      ])
    let items = mcp.compactMap { $0["item"] as? [String: Any] }
    #expect(items.map { $0["server"] as? String } == ["test", "test", "test", "test"])
    #expect(items.map { $0["tool"] as? String } == ["add", "add", "fail", "fail"])
    #expect(
      items.map { $0["status"] as? String } == [
        "in_progress", "completed", "in_progress", "failed",
      ])
    #expect(items[0]["id"] as? String == items[1]["id"] as? String)
    #expect((items[0]["arguments"] as? [String: Int]) == ["a": 2, "b": 40])
    #expect(items[0]["result"] is NSNull)
    #expect(items[0]["error"] is NSNull)
    let result = try #require(items[1]["result"] as? [String: Any])
    let content = try #require(result["content"] as? [[String: Any]])
    #expect(content.first?["type"] as? String == "text")
    #expect(content.first?["text"] as? String == "42")
    #expect((result["structured_content"] as? [String: Int]) == ["result": 42])
    #expect(items[1]["error"] is NSNull)
    // A tool's own error: a result with isError, and the item failed.
    let failed = try #require(items[3]["result"] as? [String: Any])
    let text = (failed["content"] as? [[String: Any]])?.first?["text"] as? String
    #expect(text?.contains("no luck") == true)
    // The result is in the log.
    let records = try MCPToolsExecTests.records(home, thread: try #require(run.threadID))
    let results = Self.payloads(records, kind: 44)
    #expect(results.count == 2)
    #expect(results.first?.contains(#"{"result":42}"#) == true)
    let statuses = Self.payloads(records, kind: 43)
    #expect(statuses.count == 2, "starting and ready")
  }

  @Test func aServerThatFailsToStartIsInTheLogAndTheSessionGoesOn() async throws {
    let (run, bodies, home) = try await MCPToolsExecTests.run(
      script: MCPToolsExecTests.script([("mcp__test__add", #"{"a": 1, "b": 1}"#)]),
      config: try MCPToolsExecTests.server("broken", mode: "exit-at-start")
        + (try MCPToolsExecTests.server("test")))
    defer { Task { await home.finish() } }
    #expect(run.exitCode == 0, "\(run.stderr)")
    #expect(run.stderr.contains("ERROR: MCP client for `broken` failed to start: "))
    #expect(MCPToolsExecTests.outputs(bodies[1]) == ["call_0": #"{"result":2}"#])
    let records = try MCPToolsExecTests.records(home, thread: try #require(run.threadID))
    let statuses = Self.payloads(records, kind: 43)
    let broken = statuses.filter { $0.contains("broken") }
    #expect(broken.count == 2, "starting, then failed: \(statuses)")
    #expect(broken.last?.contains("MCP client for `broken` failed to start") == true)
  }

  @Test func aServerThatDiesMidSessionIsRecordedAndLaterCallsGetAnError() async throws {
    let (run, bodies, home) = try await MCPToolsExecTests.run(
      script: MCPToolsExecTests.script([
        ("mcp__test__die", "{}"), ("mcp__test__add", #"{"a": 1, "b": 1}"#),
      ]),
      config: try MCPToolsExecTests.server("test"))
    defer { Task { await home.finish() } }
    #expect(run.exitCode == 0, "the session goes on: \(run.stderr)")
    #expect(run.stderr.contains("ERROR: MCP server `test` stopped: "), "\(run.stderr)")
    #expect(bodies.count == 2)
    let outputs = MCPToolsExecTests.outputs(try #require(bodies.last))
    #expect(outputs["call_0"]?.contains("status 7") == true, "\(outputs)")
    #expect(
      outputs["call_1"]?.contains("tool call error: MCP server `test` is not running") == true,
      "\(outputs)")
    let records = try MCPToolsExecTests.records(home, thread: try #require(run.threadID))
    let statuses = Self.payloads(records, kind: 43)
    #expect(statuses.last?.contains("MCP server `test` stopped") == true, "\(statuses)")
    let lines = jsonObjectLines(run.stdout)
    #expect(lines.last?["type"] as? String == "turn.completed")
  }
}
