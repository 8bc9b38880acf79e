import CairnTestSupport
import Foundation
import Testing

@testable import CairnServer

/// `cairn exec --json` against the real `codex exec --json` 0.147: the same script, each
/// program against a server of its own (so each has its own request log), both in a
/// loopback-only network namespace (`CodexLoopback`). Asserted equal: the event stream (every
/// line, byte for byte, once the thread id is replaced), the exit code, and the structure of
/// every request body (top-level keys in order, input item kinds and roles in order, and the
/// pairing of each function_call with its function_call_output).
///
/// Not compared, because Cairn differs by design: request headers (codex sends
/// `x-codex-beta-features` and its own user-agent), the text of `instructions`, of the tools
/// and of the developer/context messages (Cairn writes its own), how many content parts the
/// first developer message has (codex puts its skills text there), and the handling of 429
/// and of repeated 500s (codex's 30-request retry takes 25 s, too slow for this suite).
@Suite(.serialized) struct ExecParityTests {
  static let exec = ["exec", "--json", "--skip-git-repo-check", "-s", "danger-full-access"]

  /// One script run through both programs.
  struct Pair {
    var codex: CodexRun
    var cairn: CodexRun
    var codexRequests: [RecordedRequest]
    var cairnRequests: [RecordedRequest]
  }

  /// Runs each argument list in turn through codex and through cairn, each program against
  /// its own server started from `script`. An argument `"<thread>"` is replaced by the
  /// thread id of that program's first run (for `exec resume`).
  static func runBoth(script: String, _ runs: [[String]]) throws -> [Pair] {
    let codexSide = try CodexLoopback(scriptJSON: script)
    defer { codexSide.cleanUp() }
    let cairnSide = try CodexLoopback(scriptJSON: script)
    defer { cairnSide.cleanUp() }
    var pairs: [Pair] = []
    var codexThread = ""
    var cairnThread = ""
    for arguments in runs {
      let codexRun = try codexSide.run(arguments.map { $0 == "<thread>" ? codexThread : $0 })
      let cairnRun = try cairnSide.runCairn(arguments.map { $0 == "<thread>" ? cairnThread : $0 })
      if codexThread.isEmpty { codexThread = codexRun.threadID ?? "" }
      if cairnThread.isEmpty { cairnThread = cairnRun.threadID ?? "" }
      pairs.append(
        Pair(
          codex: codexRun, cairn: cairnRun, codexRequests: try codexSide.requests(),
          cairnRequests: try cairnSide.requests()))
    }
    return pairs
  }

  /// The stdout lines with the run's thread id replaced by `<thread>`.
  static func normalizedEvents(_ run: CodexRun) -> [String] {
    let thread = run.threadID ?? "<none>"
    return run.stdoutText.split(separator: "\n").map {
      $0.replacingOccurrences(of: thread, with: "<thread>")
    }
  }

  /// The shape of a request body: its top-level keys in order, then one line per input
  /// item (`type role`, and for messages other than the first developer message the kinds
  /// of their content parts), in order.
  static func shape(_ request: RecordedRequest) throws -> [String] {
    let body = try ParsedJSON.parse(request.body)
    guard case .object(let members) = body.kind else { return ["not an object"] }
    var lines = ["keys: " + members.map(\.0).joined(separator: ",")]
    var sawDeveloper = false
    for item in body["input"]?.arrayValue ?? [] {
      let type = item["type"]?.stringValue ?? "?"
      let role = item["role"]?.stringValue
      var line = role.map { "\(type) \($0)" } ?? type
      let firstDeveloper = role == "developer" && !sawDeveloper
      if role == "developer" { sawDeveloper = true }
      if type == "message", !firstDeveloper {
        let parts = (item["content"]?.arrayValue ?? []).map { $0["type"]?.stringValue ?? "?" }
        line += " [" + parts.joined(separator: ",") + "]"
      }
      lines.append(line)
    }
    return lines
  }

  /// The call ids of a request's function calls and outputs, in input order
  /// (`call:ID` / `output:ID`).
  static func callPairing(_ request: RecordedRequest) -> [String] {
    request.inputItems.compactMap { item in
      let id = item["call_id"] as? String ?? "?"
      switch item["type"] as? String {
      case "function_call": return "call:\(id)"
      case "function_call_output": return "output:\(id)"
      default: return nil
      }
    }
  }

  /// True when every call is followed, later in the input, by its output, and every output
  /// follows its call.
  static func callsArePaired(_ pairing: [String]) -> Bool {
    var open: [String] = []
    for entry in pairing {
      if entry.hasPrefix("call:") {
        open.append(String(entry.dropFirst(5)))
      } else if let index = open.firstIndex(of: String(entry.dropFirst(7))) {
        open.remove(at: index)
      } else {
        return false
      }
    }
    return open.isEmpty
  }

  /// Every parity assertion for one pair of runs.
  static func expectParity(_ pair: Pair, sourceLocation: SourceLocation = #_sourceLocation)
    throws
  {
    #expect(
      pair.cairn.exitCode == pair.codex.exitCode,
      "cairn stderr: \(pair.cairn.stderr)\ncodex stderr: \(pair.codex.stderr)",
      sourceLocation: sourceLocation)
    #expect(
      normalizedEvents(pair.cairn) == normalizedEvents(pair.codex), sourceLocation: sourceLocation
    )
    #expect(
      pair.cairnRequests.count == pair.codexRequests.count, sourceLocation: sourceLocation)
    for (cairn, codex) in zip(pair.cairnRequests, pair.codexRequests) {
      #expect(cairn.status == codex.status, sourceLocation: sourceLocation)
      #expect(cairn.scriptEntry == codex.scriptEntry, sourceLocation: sourceLocation)
      #expect(try shape(cairn) == shape(codex), sourceLocation: sourceLocation)
      #expect(callPairing(cairn) == callPairing(codex), sourceLocation: sourceLocation)
      #expect(callsArePaired(callPairing(cairn)), sourceLocation: sourceLocation)
    }
  }

  static func types(_ run: CodexRun) -> [String] {
    run.events.compactMap { $0["type"] as? String }
  }

  @Test func aPlainTextAnswer() throws {
    let script = #"""
      {"responses": [{"output": [{"type": "message", "text": "hi from the script",
                                  "deltas": ["hi ", "from the script"]}]}]}
      """#
    let pair = try #require(try Self.runBoth(script: script, [Self.exec + ["say hi"]]).first)
    try Self.expectParity(pair)
    #expect(pair.cairn.exitCode == 0)
    #expect(
      Self.types(pair.cairn) == [
        "thread.started", "turn.started", "item.completed", "turn.completed",
      ])
  }

  static func toolScript(command: String) -> String {
    #"""
    {"responses": [
      {"when": {"last_input_type": "message"},
       "output": [{"type": "reasoning", "summary": "thinking about it"},
                  {"type": "function_call", "name": "exec_command",
                   "arguments": {"cmd": "\#(command)"}}]},
      {"when": {"last_input_type": "function_call_output"},
       "output": [{"type": "message", "text": "All done."}]}
    ]}
    """#
  }

  @Test func reasoningThenACommandThenTheAnswer() throws {
    let script = Self.toolScript(command: "echo hello-from-tool")
    let pair = try #require(try Self.runBoth(script: script, [Self.exec + ["run it"]]).first)
    try Self.expectParity(pair)
    #expect(pair.cairn.exitCode == 0)
    #expect(pair.cairnRequests.count == 2)
    #expect(Self.callPairing(try #require(pair.cairnRequests.last)).count == 2)
    let commands = pair.cairn.events(ofType: "item.completed").compactMap {
      $0["item"] as? [String: Any]
    }.filter { $0["type"] as? String == "command_execution" }
    #expect(commands.first?["aggregated_output"] as? String == "hello-from-tool\n")
  }

  @Test func aCommandThatExitsWith3() throws {
    // One line on one stream: two streams would interleave differently run to run.
    let script = Self.toolScript(command: "echo err-line >&2; exit 3")
    let pair = try #require(try Self.runBoth(script: script, [Self.exec + ["run it"]]).first)
    try Self.expectParity(pair)
    let commands = pair.cairn.events(ofType: "item.completed").compactMap {
      $0["item"] as? [String: Any]
    }.filter { $0["type"] as? String == "command_execution" }
    #expect(commands.first?["exit_code"] as? Int == 3)
    #expect(commands.first?["status"] as? String == "failed")
    #expect(commands.first?["aggregated_output"] as? String == "err-line\n")
  }

  @Test func http400FailsTheTurnWithTheBodyPassedThrough() throws {
    let body = #"{"error":{"message":"mock bad request","type":"invalid_request_error"}}"#
    let script = #"{"responses": [{"repeat": true, "error": {"status": 400, "body": \#(body)}}]}"#
    let pair = try #require(try Self.runBoth(script: script, [Self.exec + ["say hi"]]).first)
    try Self.expectParity(pair)
    #expect(pair.cairn.exitCode == 1)
    #expect(pair.cairnRequests.count == 1)
    let failed = pair.cairn.events(ofType: "turn.failed").first?["error"] as? [String: Any]
    #expect(failed?["message"] as? String == body)
  }

  @Test func aTruncatedStreamIsRetriedAndThenCompletes() throws {
    // The first answer is cut after four events (inside the message); the retry succeeds.
    let script = #"""
      {"responses": [
        {"output": [{"type": "message", "text": "partial answer"}], "cut_after_events": 4},
        {"output": [{"type": "message", "text": "recovered answer"}]}
      ]}
      """#
    let pair = try #require(try Self.runBoth(script: script, [Self.exec + ["say hi"]]).first)
    try Self.expectParity(pair)
    #expect(pair.cairn.exitCode == 0)
    #expect(pair.cairnRequests.count == 2)
    let errors = pair.cairn.events(ofType: "error").compactMap { $0["message"] as? String }
    #expect(errors.count == 1)
    #expect(errors.first?.hasPrefix("Reconnecting... 1/5") == true)
  }

  /// The resume keeps the first run's sandbox (full access) through
  /// `--dangerously-bypass-approvals-and-sandbox`. Without it the two differ, knowingly: codex
  /// run with `-s danger-full-access` appends `[projects."<repo root>"] trust_level =
  /// "trusted"` to config.toml, so its resume defaults to workspace-write and sends a new
  /// permissions message plus an `<environment_context>` with the changed filesystem block;
  /// Cairn never writes config.toml, resumes read-only and sends only the permissions message.
  @Test func execResumeContinuesTheSessionWithASecondPrompt() throws {
    let script = #"""
      {"responses": [
        {"repeat": true, "when": {"last_user_text_contains": "second"},
         "output": [{"type": "message", "text": "second answer"}]},
        {"repeat": true, "output": [{"type": "message", "text": "first answer"}]}
      ]}
      """#
    let pairs = try Self.runBoth(
      script: script,
      [
        Self.exec + ["first prompt"],
        [
          "exec", "resume", "--json", "--skip-git-repo-check",
          "--dangerously-bypass-approvals-and-sandbox", "<thread>", "second prompt",
        ],
      ])
    #expect(pairs.count == 2)
    for pair in pairs { try Self.expectParity(pair) }
    let resumed = try #require(pairs.last)
    #expect(resumed.cairn.exitCode == 0)
    #expect(resumed.cairn.threadID == pairs.first?.cairn.threadID)
    #expect(resumed.cairnRequests.count == 2)
    let messages = pairs[1].cairn.events(ofType: "item.completed").compactMap {
      ($0["item"] as? [String: Any])?["text"] as? String
    }
    #expect(messages == ["second answer"])
  }
}
