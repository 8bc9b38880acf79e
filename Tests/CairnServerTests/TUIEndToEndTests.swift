import CairnServer
import CairnTestSupport
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The real `cairn` binary in a real terminal (tmux) against the scripted Responses server
/// on loopback: type a prompt, watch the answer, approve a tool, resize, interrupt, quit,
/// and the terminal put back after every way out. docs/TUI.md.
@Suite(.serialized) struct TUIEndToEndTests {
  /// A scratch home, config pointing at the server, and a tmux window running cairn.
  final class Bench: @unchecked Sendable {
    let home: ScriptedAgentHome
    var root: String { home.root }
    var server: ResponsesServer { home.server }
    var environment: [String: String] { home.environment }

    init(script: String) async throws {
      home = try await ScriptedAgentHome(prefix: "cairn-tui", script: script)
    }

    /// cairn with `arguments`, in a terminal; `then` runs in the same shell after it exits
    /// (to inspect the terminal it left).
    func start(
      _ arguments: [String], columns: Int = 100, rows: Int = 30, then: String? = nil
    ) throws -> TmuxSession {
      let cairn = try CairnExecutable.require()
      var command = [cairn] + arguments
      if let then {
        let quoted = command.map { "'\($0)'" }.joined(separator: " ")
        command = ["sh", "-c", "\(quoted); echo \"exit=$?\" > \(root)/exit; \(then)"]
      }
      return try TmuxSession(
        command, columns: columns, rows: rows, environment: environment,
        directory: root + "/work")
    }

    func finish() async { await home.finish() }
  }

  static let composer = "›"

  @Test func typeAPromptWatchTheAnswerAndQuit() async throws {
    let bench = try await Bench(
      script: """
        {"responses": [{"output": [{"type": "message",
          "text": "Hello from the scripted model.\\nA second line.",
          "deltas": ["Hello from ", "the scripted model.\\n", "A second line."]}]}]}
        """)
    let tmux = try bench.start([])
    try tmux.waitFor(text: "Cairn")
    try tmux.waitFor(text: Self.composer)
    try tmux.type("say hello")
    try tmux.waitFor(text: "› say hello")
    // Enter right after a burst of typed text is a pasted newline (as Codex); moving the
    // cursor first ends the burst, as a pause would.
    try tmux.press("End", "Enter")
    let screen = try tmux.waitFor("the answer, the turn over") {
      $0.contains("A second line.") && $0.contains("gpt-5.5 default") && !$0.contains("Working")
    }
    #expect(screen.contains("Hello from the scripted model."))
    #expect(bench.server.requests.count == 1)
    // An empty composer and Ctrl+C: Cairn quits at once and says how to continue.
    try tmux.press("C-c")
    let after = try tmux.waitFor("the exit lines") { $0.contains("To continue this session") }
    #expect(try tmux.waitForExit() == 0)
    let id = try #require(
      after.split(separator: "\n").first { $0.contains("cairn resume ") }?
        .split(separator: " ").last.map(String.init))
    // The timeline shows the screen that was there: the log alone reproduces it.
    let replay = try SpawnedProcess(
      [try CairnExecutable.require(), "replay", "tui", id, "--print"],
      environment: bench.environment, directory: bench.root + "/work")
    #expect(try replay.waitForExit(withinSeconds: 60, what: "cairn replay tui") == 0)
    let replayed = Self.trimmedLines(String(decoding: replay.stdout, as: UTF8.self))
    #expect(replayed == Self.trimmedLines(screen), "\(replayed)")
    // The answer stays in the normal scrollback; nothing cleared the whole screen.
    let history = try tmux.capture(history: true)
    #expect(history.contains("Hello from the scripted model."))
    #expect(!tmux.output.containsSequence(Array("\u{1B}[2J".utf8)))
    #expect(!tmux.output.containsSequence(Array("\u{1B}[3J".utf8)))
    await bench.finish()
  }

  @Test func f2OpensTheTimelineOfTheLiveSessionAndQGoesBack() async throws {
    let bench = try await Bench(
      script: #"{"responses": [{"output": [{"type": "message", "text": "An answer to scrub."}]}]}"#)
    let tmux = try bench.start([])
    try tmux.waitFor(text: Self.composer)
    try tmux.type("hello")
    try tmux.press("End", "Enter")
    try tmux.waitFor(text: "An answer to scrub.")
    try tmux.press("F2")
    let timeline = try tmux.waitFor("the timeline") { $0.contains("seq ") && $0.contains("q quit") }
    #expect(timeline.contains("turn 1 / 1"))
    #expect(try tmux.flag("alternate_on") == "1")
    // Home: the first event, the session's creation, with an empty screen above the bar.
    try tmux.press("Home")
    try tmux.waitFor(text: "seq 1 /")
    try tmux.press("q")
    let back = try tmux.waitFor("the live view") { !$0.contains("q quit") && $0.contains("›") }
    #expect(back.contains("An answer to scrub."))
    #expect(try tmux.flag("alternate_on") == "0")
    try tmux.press("C-c")
    #expect(try tmux.waitForExit() == 0)
    await bench.finish()
  }

  @Test func aCommandThatNeedsApprovalRunsAfterYes() async throws {
    let bench = try await Bench(
      script: """
        {"responses": [
          {"when": {"last_input_type": "message"},
           "output": [{"type": "function_call", "name": "exec_command", "call_id": "call_touch",
                       "arguments": {"cmd": "touch approved.txt"}}]},
          {"when": {"last_input_type": "function_call_output"},
           "output": [{"type": "message", "text": "The file is there."}]}]}
        """)
    let tmux = try bench.start(["-a", "untrusted", "-s", "workspace-write"])
    try tmux.waitFor(text: Self.composer)
    try tmux.type("make a file")
    try tmux.press("End", "Enter")
    try tmux.waitFor(text: "Would you like to run the following command?")
    #expect(!FileManager.default.fileExists(atPath: bench.root + "/work/approved.txt"))
    try tmux.press("y")
    try tmux.waitFor(text: "The file is there.")
    #expect(FileManager.default.fileExists(atPath: bench.root + "/work/approved.txt"))
    try tmux.press("C-c")
    #expect(try tmux.waitForExit() == 0)
    await bench.finish()
  }

  @Test func escapeInterruptsARunningTool() async throws {
    let bench = try await Bench(
      script: """
        {"responses": [
          {"when": {"last_input_type": "message"},
           "output": [{"type": "function_call", "name": "exec_command", "call_id": "call_wait",
                       "arguments": {"cmd": "sleep 60"}}]},
          {"when": {"last_input_type": "function_call_output"}, "repeat": true,
           "output": [{"type": "message", "text": "stopped"}]}]}
        """)
    let tmux = try bench.start(["-a", "never", "-s", "danger-full-access"])
    try tmux.waitFor(text: Self.composer)
    try tmux.type("wait a minute")
    try tmux.press("End", "Enter")
    try tmux.waitFor(text: "sleep 60")
    try tmux.press("Escape")
    let screen = try tmux.waitFor(text: "Conversation interrupted")
    #expect(screen.contains("■"))
    try tmux.press("C-c")
    #expect(try tmux.waitForExit() == 0)
    await bench.finish()
  }

  @Test func aResizeRedrawsThePaneAtTheNewWidth() async throws {
    let bench = try await Bench(script: #"{"responses": []}"#)
    let tmux = try bench.start([], columns: 100, rows: 30)
    try tmux.waitFor(text: Self.composer)
    try tmux.type("some draft text")
    try tmux.waitFor(text: "some draft text")
    try tmux.resize(columns: 50, rows: 16)
    let screen = try tmux.waitFor("the pane at 50 columns") { screen in
      screen.split(separator: "\n").contains { $0.hasPrefix("› some draft text") }
        && screen.split(separator: "\n").allSatisfy { $0.count <= 50 }
    }
    #expect(screen.contains("gpt-5.5"))
    try tmux.press("C-c")
    try tmux.press("C-c")
    #expect(try tmux.waitForExit() == 0)
    await bench.finish()
  }

  /// After each way out, `stty` in the same terminal shows it cooked again, and tmux shows
  /// the normal screen with the cursor visible.
  @Test(arguments: [SIGTERM, SIGINT, SIGHUP, SIGSEGV, SIGABRT])
  func theTerminalIsRestoredAfter(signal: Int32) async throws {
    let bench = try await Bench(script: #"{"responses": []}"#)
    let tmux = try bench.start([], then: "stty -a > \(bench.root)/stty; echo restored; exec cat")
    try tmux.waitFor(text: Self.composer)
    let cairn = try #require(try Self.cairnPID(in: tmux))
    kill(cairn, signal)
    try tmux.waitFor(text: "restored", history: true)
    let stty = try String(contentsOfFile: bench.root + "/stty", encoding: .utf8)
    #expect(stty.contains(" icanon"), "\(stty)")
    #expect(stty.contains(" echo "), "\(stty)")
    #expect(!stty.contains("-icanon"))
    #expect(try tmux.flag("alternate_on") == "0")
    #expect(try tmux.flag("cursor_flag") == "1")
    await bench.finish()
  }

  /// A screen's rows without the blank rows around them and trailing blanks.
  static func trimmedLines(_ text: String) -> [String] {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      String($0.reversed().drop { $0 == " " }.reversed())
    }
    while lines.first?.isEmpty == true { lines.removeFirst() }
    while lines.last?.isEmpty == true { lines.removeLast() }
    return lines
  }

  /// The cairn process in the pane.
  static func cairnPID(in tmux: TmuxSession) throws -> pid_t? {
    try tmux.processes(named: "cairn").first
  }
}

extension [UInt8] {
  func containsSequence(_ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty, count >= needle.count else { return false }
    for start in 0...(count - needle.count) where self[start] == needle[0] {
      if Array(self[start..<start + needle.count]) == needle { return true }
    }
    return false
  }
}
