import CairnServer
import CairnTestSupport
import CairnTools
import Foundation
import Testing

/// `cairn exec` as a process against the scripted server in this test process (loopback):
/// retries, resume, compaction, the sandbox modes, -o and --output-schema, the git check.
/// Parity with the real codex is in ExecParityTests.
@Suite struct ExecRuntimeTests {
  /// A scratch Codex home pointing at the server, a Cairn home and a work directory.
  final class Bench: @unchecked Sendable {
    let root: String
    let server: ResponsesServer
    var environment: [String: String]
    let home: ScriptedAgentHome

    init(script: String, extraConfig: String = "") async throws {
      let home = try await ScriptedAgentHome(
        prefix: "cairn-exec", script: script, extraConfig: extraConfig)
      self.home = home
      root = home.root
      server = home.server
      environment = home.environment
    }

    /// Runs `cairn exec <arguments>` in the work directory.
    func exec(_ arguments: [String], stdin: SpawnedProcess.Input = .null) throws -> CodexRun {
      let cairn = try CairnExecutable.require()
      let process = try SpawnedProcess(
        [cairn, "exec"] + arguments, environment: environment, directory: root + "/work",
        stdin: stdin)
      let code = try process.waitForExit(withinSeconds: 60, what: "cairn exec")
      return CodexRun(
        arguments: arguments, exitCode: code, stdout: process.stdout, stderr: process.stderr,
        rolloutPaths: [])
    }

    func bodies() -> [[String: Any]] {
      server.requests.compactMap {
        try? JSONSerialization.jsonObject(with: Data($0.body)) as? [String: Any]
      }
    }

    func finish() async { await home.finish() }
  }

  static func types(_ run: CodexRun) -> [String] {
    run.events.compactMap { event in
      let type = event["type"] as? String ?? "?"
      let item = (event["item"] as? [String: Any])?["type"] as? String
      return item.map { "\(type):\($0)" } ?? type
    }
  }

  static func input(_ body: [String: Any]) -> [[String: Any]] {
    body["input"] as? [[String: Any]] ?? []
  }

  static func text(_ item: [String: Any]) -> String {
    let parts = item["content"] as? [[String: Any]] ?? []
    return parts.compactMap { $0["text"] as? String }.joined()
  }

  @Test func aStreamCutShortIsRetriedAndOnlyTheCompletedAnswerCounts() async throws {
    let bench = try await Bench(
      script: """
        {"responses": [
          {"output": [{"type": "message", "text": "half an answ", "deltas": ["half ", "an answ"]}],
           "end": "truncated"},
          {"output": [{"type": "message", "text": "the whole answer"}]}]}
        """)
    let run = try bench.exec(["--skip-git-repo-check", "--json", "hello"])
    let bodies = bench.server.requests.map(\.body)
    await bench.finish()
    #expect(run.exitCode == 0, "\(run.stderr)")
    #expect(
      Self.types(run) == [
        "thread.started", "turn.started", "error", "item.completed:agent_message",
        "turn.completed",
      ])
    #expect(
      run.events(ofType: "error").first?["message"] as? String
        == "Reconnecting... 1/5 (stream disconnected before completion: stream closed before response.completed)"
    )
    #expect(
      run.events.contains {
        ($0["item"] as? [String: Any])?["text"] as? String == "the whole answer"
      })
    // The retry sends the same request again.
    #expect(bodies.count == 2)
    #expect(bodies.count == 2 && bodies[0] == bodies[1])
  }

  @Test func serverErrorsPastTheRequestRetriesAreRetriedAsStreamsThenFailTheTurn() async throws {
    // Small retry limits keep it fast; codex does the same with 4 and 5 (30 requests).
    let bench = try await Bench(
      script: #"{"responses": [{"repeat": true, "error": {"status": 500}}]}"#,
      extraConfig: "request_max_retries = 0\nstream_max_retries = 2")
    let run = try bench.exec(["--skip-git-repo-check", "--json", "hello"])
    let requests = bench.server.requests.count
    await bench.finish()
    let busy = "We're currently experiencing high demand, which may cause temporary errors."
    #expect(run.exitCode == 1)
    #expect(requests == 3)
    #expect(
      run.events(ofType: "error").compactMap { $0["message"] as? String }
        == ["Reconnecting... 1/2 (\(busy))", "Reconnecting... 2/2 (\(busy))", busy])
    let failure = run.events(ofType: "turn.failed").first?["error"] as? [String: Any]
    #expect(failure?["message"] as? String == busy)
  }

  @Test func ctrlCStopsTheCommandAndRecordsAnInterruptedTurn() async throws {
    let bench = try await Bench(
      script: """
        {"responses": [{"output": [{"type": "function_call", "name": "exec_command",
                                    "arguments": {"cmd": "echo started; sleep 60"}}]}]}
        """)
    let cairn = try CairnExecutable.require()
    let process = try SpawnedProcess(
      [cairn, "exec", "--skip-git-repo-check", "-s", "danger-full-access", "--json", "wait"],
      environment: bench.environment, directory: bench.root + "/work")
    let started = process.waitForStdout(containing: "item.started", withinSeconds: 30)
    kill(process.pid, SIGINT)
    let code = try process.waitForExit(withinSeconds: 30, what: "cairn exec")
    await bench.finish()
    #expect(started)
    #expect(code == 1)
    let events = jsonObjectLines(process.stdout)
    let command =
      events.last { $0["type"] as? String == "item.completed" }?["item"]
      as? [String: Any]
    #expect(command?["type"] as? String == "command_execution")
    // Killed, not exited (what it printed before the signal depends on timing).
    #expect(command?["exit_code"] is NSNull)
    #expect(command?["status"] as? String == "failed")
    let failure = events.last?["error"] as? [String: Any]
    #expect(events.last?["type"] as? String == "turn.failed")
    #expect(failure?["message"] as? String == "turn interrupted: interrupted by the user")
  }

  @Test func resumeSendsTheWholeHistoryAgainThenTheNewPrompt() async throws {
    let bench = try await Bench(
      script: """
        {"responses": [
          {"output": [{"type": "function_call", "name": "exec_command",
                       "arguments": {"cmd": "echo tool-ran"}}]},
          {"output": [{"type": "message", "text": "first answer"}]},
          {"output": [{"type": "message", "text": "second answer"}]}]}
        """)
    let first = try bench.exec([
      "--skip-git-repo-check", "-s", "workspace-write", "--json", "first",
    ])
    let second = try bench.exec(["--skip-git-repo-check", "--json", "resume", "--last", "second"])
    let bodies = bench.bodies()
    await bench.finish()
    #expect(first.exitCode == 0, "\(first.stderr)")
    #expect(second.exitCode == 0, "\(second.stderr)")
    #expect(first.threadID != nil && first.threadID == second.threadID)
    try #require(bodies.count == 3)
    let toolRound = Self.input(bodies[1])
    let resumed = Self.input(bodies[2])
    // The resumed request starts with everything the last one sent, then the answer.
    #expect(resumed.count > toolRound.count + 1)
    for (index, item) in toolRound.enumerated() where index < resumed.count {
      #expect(NSDictionary(dictionary: item).isEqual(to: resumed[index]), "item \(index)")
    }
    #expect(resumed[toolRound.count]["role"] as? String == "assistant")
    #expect(Self.text(resumed.last ?? [:]) == "second")
    let output = toolRound.first { $0["type"] as? String == "function_call_output" }
    #expect((output?["output"] as? String)?.contains("Output:\ntool-ran\n") == true)
    // turn.completed reports the session's total usage, earlier turns included (as Codex).
    let usage = second.events(ofType: "turn.completed").last?["usage"] as? [String: Any]
    #expect(usage?["input_tokens"] as? Int == 300)
  }

  @Test func anImportedCodexSessionResumesWithItsHistory() async throws {
    let bench = try await Bench(
      script: #"{"responses": [{"output": [{"type": "message", "text": "continued"}]}]}"#)
    // A real codex 0.147 rollout (a copy of ../shared/reference/rollouts/).
    let rollout = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent(
        "CairnCodexTests/Fixtures/rollouts/0.147.0/b_tool.jsonl"
      ).path
    let cairn = try CairnExecutable.require()
    let importer = try SpawnedProcess(
      [cairn, "import", "codex", rollout, "--home", bench.root + "/cairn"],
      environment: bench.environment, directory: bench.root)
    let imported = try importer.waitForExit(withinSeconds: 60, what: "cairn import codex")
    let run = try bench.exec([
      "--skip-git-repo-check", "--json", "resume", "01a2142b-5346-7113-a6c1-bc98461791c3", "next",
    ])
    let bodies = bench.bodies()
    await bench.finish()
    #expect(imported == 0, "\(importer.stderr)")
    #expect(run.exitCode == 0, "\(run.stderr)")
    #expect(run.threadID == "01a2142b-5346-7113-a6c1-bc98461791c3")
    let input = Self.input(try #require(bodies.first))
    let kinds = input.map { ($0["type"] as? String ?? "?") + ":" + ($0["role"] as? String ?? "") }
    let call = try #require(input.firstIndex { $0["type"] as? String == "function_call" })
    #expect(Self.text(input[call - 1]).hasPrefix("RUNTOOL"), "\(kinds)")
    #expect(input[call + 1]["type"] as? String == "function_call_output")
    #expect(input[call + 1]["call_id"] as? String == input[call]["call_id"] as? String)
    #expect((input[call + 1]["output"] as? String)?.contains("hello-from-tool") == true)
    #expect(input[call + 2]["role"] as? String == "assistant")
    #expect(Self.text(input.last ?? [:]) == "next")
  }

  @Test func aHistoryPastTheLimitIsCompactedThroughTheSameEndpoint() async throws {
    let bench = try await Bench(
      script: """
        {"responses": [
          {"output": [{"type": "message", "text": "an answer long enough to count"}]},
          {"output": [{"type": "message", "text": "SUMMARY: the user said hello"}]},
          {"output": [{"type": "message", "text": "after the summary"}]}]}
        """)
    let first = try bench.exec(["--skip-git-repo-check", "--json", "hello"])
    let second = try bench.exec([
      "--skip-git-repo-check", "--json", "-c", "model_auto_compact_token_limit=50", "resume",
      "--last", "next",
    ])
    let bodies = bench.bodies()
    await bench.finish()
    #expect(first.exitCode == 0 && second.exitCode == 0, "\(second.stderr)")
    try #require(bodies.count == 3)
    let compaction = bodies[1]
    #expect((compaction["tools"] as? [Any])?.isEmpty == true)
    #expect(compaction["parallel_tool_calls"] as? Bool == false)
    #expect(Self.text(Self.input(compaction).last ?? [:]).contains("compacting this conversation"))
    let after = Self.input(bodies[2])
    #expect(Self.text(after.first ?? [:]).hasSuffix("SUMMARY: the user said hello"))
    #expect(!after.contains { Self.text($0) == "hello" })
    #expect(Self.text(after.last ?? [:]) == "next")
    #expect(
      second.events.contains {
        ($0["item"] as? [String: Any])?["text"] as? String == "after the summary"
      })
  }

  @Test func theReadOnlySandboxRefusesACommandThatWrites() async throws {
    let bench = try await Bench(
      script: """
        {"responses": [
          {"when": {"last_input_type": "message"},
           "output": [{"type": "function_call", "name": "exec_command",
                       "arguments": {"cmd": "rm -rf keep"}}]},
          {"when": {"last_input_type": "function_call_output"},
           "output": [{"type": "message", "text": "could not delete"}]}]}
        """)
    try FileManager.default.createDirectory(
      atPath: bench.root + "/work/keep", withIntermediateDirectories: true)
    let run = try bench.exec(["--skip-git-repo-check", "--json", "delete keep"])
    let bodies = bench.bodies()
    let kept = FileManager.default.fileExists(atPath: bench.root + "/work/keep")
    await bench.finish()
    #expect(run.exitCode == 0, "\(run.stderr)")
    #expect(kept)
    let output = Self.input(bodies.last ?? [:]).last
    #expect(output?["type"] as? String == "function_call_output")
    // The command ran, under bubblewrap, and the kernel refused the write.
    let text = output?["output"] as? String ?? ""
    #expect(text.contains("Read-only file system"), "\(text)")
    #expect(!text.contains("Process exited with code 0"), "\(text)")
    #expect(Self.types(run).contains("item.started:command_execution"))
  }

  @Test func theWorkspaceSandboxAllowsWritesInsideAndRefusesThemOutside() async throws {
    let bench = try await Bench(
      script: """
        {"responses": [
          {"when": {"last_input_type": "message"},
           "output": [{"type": "function_call", "name": "exec_command",
                       "arguments": {"cmd": "echo in > inside.txt; echo out > ../outside.txt; ls"}}]},
          {"when": {"last_input_type": "function_call_output"},
           "output": [{"type": "message", "text": "done"}]}]}
        """)
    let run = try bench.exec([
      "--skip-git-repo-check", "--json", "-s", "workspace-write",
      "-c", "sandbox_workspace_write.exclude_slash_tmp=true",
      "-c", "sandbox_workspace_write.exclude_tmpdir_env_var=true", "write two files",
    ])
    let bodies = bench.bodies()
    let inside = FileManager.default.fileExists(atPath: bench.root + "/work/inside.txt")
    let outside = FileManager.default.fileExists(atPath: bench.root + "/outside.txt")
    await bench.finish()
    #expect(run.exitCode == 0, "\(run.stderr)")
    #expect(inside)
    #expect(!outside)
    let text = Self.input(bodies.last ?? [:]).last?["output"] as? String ?? ""
    #expect(text.contains("inside.txt"), "\(text)")
    #expect(text.contains("Read-only file system") || text.contains("Permission denied"), "\(text)")
  }

  @Test func aDefaultPermissionsProfileSandboxesTheAgentsCommands() async throws {
    let bench = try await Bench(
      script: """
        {"responses": [
          {"when": {"last_input_type": "message"},
           "output": [{"type": "function_call", "name": "exec_command",
                       "arguments": {"cmd": "echo a > out/a.txt; echo b > b.txt; cat out/a.txt"}}]},
          {"when": {"last_input_type": "function_call_output"},
           "output": [{"type": "message", "text": "done"}]}]}
        """,
      extraConfig: """
        [permissions.dev.filesystem]
        ":root" = "read"
        [permissions.dev.filesystem.":workspace_roots"]
        "out" = "write"
        """)
    try FileManager.default.createDirectory(
      atPath: bench.root + "/work/out", withIntermediateDirectories: true)
    let run = try bench.exec([
      "--skip-git-repo-check", "--json", "-c", #"default_permissions="dev""#, "write",
    ])
    let bodies = bench.bodies()
    let written = FileManager.default.fileExists(atPath: bench.root + "/work/out/a.txt")
    let refused = !FileManager.default.fileExists(atPath: bench.root + "/work/b.txt")
    await bench.finish()
    #expect(run.exitCode == 0, "\(run.stderr)")
    #expect(written)
    #expect(refused)
    let text = Self.input(bodies.last ?? [:]).last?["output"] as? String ?? ""
    #expect(text.contains("Read-only file system"), "\(text)")
  }

  @Test func resumeAfterACrashAtAPendingApprovalInterruptsTheOpenTurn() async throws {
    let bench = try await Bench(
      script: """
        {"responses": [
          {"output": [{"type": "message", "text": "first answer"}]},
          {"output": [{"type": "message", "text": "second answer"}]}]}
        """)
    let first = try bench.exec(["--skip-git-repo-check", "--json", "first"])
    let session = try #require(first.threadID)
    // A `cairn tool shell` in that session waits at its approval prompt and is killed.
    let waiting = try SpawnedProcess(
      [
        try CairnExecutable.require(), "tool", "shell", "--session-id", session, "-a",
        "untrusted", "--decision-from-stdin", "--", "rm", "-rf", "keep",
      ], environment: bench.environment, directory: bench.root + "/work", stdin: .pipe)
    let prompted = waiting.waitForStderr(containing: "waiting for a decision", withinSeconds: 60)
    kill(waiting.pid, SIGKILL)
    _ = try waiting.waitForExit(withinSeconds: 60, what: "the killed tool shell")
    let second = try bench.exec([
      "--skip-git-repo-check", "--json", "resume", session, "second",
    ])
    let shown = try SpawnedProcess(
      [try CairnExecutable.require(), "session", "show", session, "--json"],
      environment: bench.environment, directory: bench.root, stdin: .null)
    _ = try shown.waitForExit(withinSeconds: 60, what: "cairn session show")
    await bench.finish()
    #expect(prompted)
    #expect(second.exitCode == 0, "\(second.stderr)")
    #expect(second.stdoutText.contains("second answer"))
    let json = try JSONSerialization.jsonObject(with: Data(shown.stdout)) as? [String: Any]
    // The approval was withdrawn with its turn: nothing waits any more.
    let pending = json?["pending_approval_calls"] as? [Any]
    #expect(pending?.isEmpty == true, "\(String(decoding: shown.stdout, as: UTF8.self))")
  }

  @Test func aCommandStillRunningAfterItsYieldIsASessionThatWriteStdinContinues() async throws {
    let session = ExecCommandOutput.sessionID(callID: "call_live")
    let bench = try await Bench(
      script: """
        {"responses": [
          {"output": [{"type": "function_call", "name": "exec_command", "call_id": "call_live",
                       "arguments": {"cmd": "printf 'name? '; read name; echo hello $name",
                                     "tty": true, "yield_time_ms": 250}}]},
          {"output": [{"type": "function_call", "name": "write_stdin", "call_id": "call_write",
                       "arguments": {"session_id": \(session), "chars": "ada\\n",
                                     "yield_time_ms": 10000}}]},
          {"output": [{"type": "message", "text": "greeted"}]}]}
        """)
    let run = try bench.exec([
      "--skip-git-repo-check", "--json", "-s", "workspace-write", "greet",
    ])
    let bodies = bench.bodies()
    await bench.finish()
    #expect(run.exitCode == 0, "\(run.stderr)")
    try #require(bodies.count == 3)
    let first = Self.input(bodies[1]).last?["output"] as? String ?? ""
    #expect(first.contains("Process running with session ID \(session)\n"), "\(first)")
    #expect(first.hasSuffix("Output:\nname? "), "\(first)")
    let second = Self.input(bodies[2]).last?["output"] as? String ?? ""
    #expect(Self.input(bodies[2]).last?["call_id"] as? String == "call_write")
    #expect(second.contains("Process exited with code 0\n"), "\(second)")
    #expect(second.contains("hello ada"), "\(second)")
  }

  @Test func writeStdinErrorsAndSessionsLeftRunningEndWithTheRun() async throws {
    let running = ExecCommandOutput.sessionID(callID: "call_pipe")
    let bench = try await Bench(
      script: """
        {"responses": [
          {"output": [{"type": "function_call", "name": "exec_command", "call_id": "call_pipe",
                       "arguments": {"cmd": "echo up; exec sleep 1000", "yield_time_ms": 250}}]},
          {"output": [{"type": "function_call", "name": "write_stdin", "call_id": "call_in",
                       "arguments": {"session_id": \(running), "chars": "x"}}]},
          {"output": [{"type": "function_call", "name": "write_stdin", "call_id": "call_gone",
                       "arguments": {"session_id": 4242, "chars": ""}}]},
          {"output": [{"type": "message", "text": "left it running"}]}]}
        """)
    let run = try bench.exec([
      "--skip-git-repo-check", "--json", "-s", "workspace-write", "start it",
    ])
    let bodies = bench.bodies()
    let shown = try SpawnedProcess(
      [try CairnExecutable.require(), "session", "show", run.threadID ?? "-", "--json"],
      environment: bench.environment, directory: bench.root, stdin: .null)
    _ = try shown.waitForExit(withinSeconds: 60, what: "cairn session show")
    await bench.finish()
    #expect(run.exitCode == 0, "\(run.stderr)")
    try #require(bodies.count == 4)
    let started = Self.input(bodies[1]).last?["output"] as? String ?? ""
    #expect(started.contains("Process running with session ID \(running)"), "\(started)")
    let closed = Self.input(bodies[2]).last?["output"] as? String ?? ""
    #expect(closed.hasPrefix("write_stdin failed: stdin is closed"), "\(closed)")
    let unknown = Self.input(bodies[3]).last?["output"] as? String ?? ""
    #expect(unknown == "write_stdin failed: Unknown process id 4242")
    // The sleep did not outlive the run: it was ended and its exit recorded.
    let json = try JSONSerialization.jsonObject(with: Data(shown.stdout)) as? [String: Any]
    let active = json?["active_tool_calls"] as? [Any]
    #expect(active?.isEmpty == true, "\(String(decoding: shown.stdout, as: UTF8.self))")
  }

  @Test func hugeToolOutputIsCappedInTheLogAndTruncatedForTheModel() async throws {
    let bench = try await Bench(
      script: """
        {"responses": [
          {"output": [{"type": "function_call", "name": "exec_command",
                       "arguments": {"cmd": "head -c 9000000 /dev/urandom | base64 -w 76"}}]},
          {"output": [{"type": "message", "text": "that was a lot"}]}]}
        """)
    let run = try bench.exec(["--skip-git-repo-check", "--json", "print noise"])
    let bodies = bench.bodies()
    let sessions = bench.root + "/cairn"
    var logBytes = 0
    let files = FileManager.default.enumerator(atPath: sessions)
    while let name = files?.nextObject() as? String {
      let size = try FileManager.default.attributesOfItem(atPath: sessions + "/" + name)[.size]
      logBytes += (size as? Int) ?? 0
    }
    await bench.finish()
    #expect(run.exitCode == 0, "\(run.stderr)")
    // 12 MB of base64 noise; the log keeps the first and last MiB of it, which LZ4 stores in
    // about three quarters of the space (1.45-1.6 MB, depending on how the chunks fall).
    #expect(logBytes < 4_000_000, "\(logBytes) bytes under the Cairn home")
    #expect(logBytes > 1_200_000, "\(logBytes) bytes under the Cairn home")
    let text = Self.input(bodies.last ?? [:]).last?["output"] as? String ?? ""
    #expect(text.contains("Original token count: 30"), "\(text.prefix(300))")
    #expect(text.contains("tokens truncated"), "\(text.prefix(300))")
    #expect(text.utf8.count < 100_000)
  }

  @Test func aForbiddingExecPolicyRuleStopsTheCommandBeforeItRuns() async throws {
    let bench = try await Bench(
      script: """
        {"responses": [
          {"when": {"last_input_type": "message"},
           "output": [{"type": "function_call", "name": "exec_command",
                       "arguments": {"cmd": "echo start && rm -rf keep"}}]},
          {"when": {"last_input_type": "function_call_output"},
           "output": [{"type": "message", "text": "blocked"}]}]}
        """)
    try FileManager.default.createDirectory(
      atPath: bench.root + "/codex/rules", withIntermediateDirectories: true)
    try Data(#"prefix_rule(pattern = ["rm"], decision = "forbidden")"#.utf8).write(
      to: URL(fileURLWithPath: bench.root + "/codex/rules/default.rules"))
    try FileManager.default.createDirectory(
      atPath: bench.root + "/work/keep", withIntermediateDirectories: true)
    let run = try bench.exec([
      "--skip-git-repo-check", "--json", "--dangerously-bypass-approvals-and-sandbox",
      "delete keep",
    ])
    let bodies = bench.bodies()
    let kept = FileManager.default.fileExists(atPath: bench.root + "/work/keep")
    await bench.finish()
    #expect(run.exitCode == 0, "\(run.stderr)")
    #expect(kept)
    let text = Self.input(bodies.last ?? [:]).last?["output"] as? String ?? ""
    #expect(text.contains("blocked by the exec policy rule `rm`"), "\(text)")
    #expect(text.contains("default.rules:1"), "\(text)")
    #expect(!Self.types(run).contains("item.started:command_execution"))
  }

  @Test func outputSchemaGoesInTheRequestAndTheLastMessageToTheFile() async throws {
    let bench = try await Bench(
      script: #"{"responses": [{"output": [{"type": "message", "text": "{\"ok\":true}"}]}]}"#)
    let schema = bench.root + "/schema.json"
    try Data(#"{"type":"object","properties":{"ok":{"type":"boolean"}}}"#.utf8)
      .write(to: URL(fileURLWithPath: schema))
    let last = bench.root + "/last.txt"
    let run = try bench.exec([
      "--skip-git-repo-check", "--output-schema", schema, "-o", last, "answer",
    ])
    let bodies = bench.bodies()
    let written = try? String(contentsOfFile: last, encoding: .utf8)
    await bench.finish()
    #expect(run.exitCode == 0, "\(run.stderr)")
    #expect(run.stdoutText == "{\"ok\":true}\n")
    #expect(written == "{\"ok\":true}")
    let format = (bodies.first?["text"] as? [String: Any])?["format"] as? [String: Any]
    #expect(format?["type"] as? String == "json_schema")
    #expect(format?["name"] as? String == "codex_output_schema")
    #expect((format?["schema"] as? [String: Any])?["type"] as? String == "object")
    #expect(run.stderr.contains("session id: "))
  }

  @Test func imagesGoWithThePromptAndStayWithTheSession() async throws {
    let bench = try await Bench(
      script: """
        {"responses": [{"repeat": true, "output": [{"type": "message", "text": "a red dot"}]}]}
        """)
    let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]
    let image = bench.root + "/work/dot.png"
    try Data(png).write(to: URL(fileURLWithPath: image))
    let first = try bench.exec(["--skip-git-repo-check", "--json", "describe", "-i", "dot.png"])
    try FileManager.default.removeItem(atPath: image)
    let second = try bench.exec(["--skip-git-repo-check", "--json", "resume", "--last", "again"])
    let bodies = bench.bodies()
    await bench.finish()
    #expect(first.exitCode == 0, "\(first.stderr)")
    #expect(second.exitCode == 0, "\(second.stderr)")
    try #require(bodies.count == 2)
    let url = "data:image/png;base64," + Data(png).base64EncodedString()
    for body in bodies {
      let prompt = Self.input(body).first { item in
        (item["content"] as? [[String: Any]])?.contains { $0["type"] as? String == "input_image" }
          == true
      }
      let parts = prompt?["content"] as? [[String: Any]] ?? []
      #expect(
        parts.map { $0["type"] as? String ?? "" } == [
          "input_text", "input_image", "input_text", "input_text",
        ])
      #expect(parts.first?["text"] as? String == "<image name=[Image #1] path=\"dot.png\">")
      #expect(parts.dropFirst().first?["image_url"] as? String == url)
      #expect(parts.last?["text"] as? String == "describe")
    }
  }

  @Test func outsideAGitRepositoryExecRefusesUnlessTold() async throws {
    let bench = try await Bench(script: #"{"responses": []}"#)
    let run = try bench.exec(["hello"])
    let requests = bench.server.requests.count
    await bench.finish()
    #expect(run.exitCode == 1)
    #expect(run.stderr.contains("--skip-git-repo-check was not specified"))
    #expect(requests == 0)
  }

  @Test func aMissingKeyFailsTheTurnAsCodexDoes() async throws {
    let bench = try await Bench(script: #"{"responses": []}"#)
    bench.environment["SCRIPTED_KEY"] = nil
    let run = try bench.exec(["--skip-git-repo-check", "--json", "hello"])
    await bench.finish()
    #expect(run.exitCode == 1)
    #expect(Self.types(run) == ["thread.started", "turn.started", "error", "turn.failed"])
    let message = run.events(ofType: "error").first?["message"] as? String ?? ""
    #expect(message.contains("SCRIPTED_KEY"))
  }
}
