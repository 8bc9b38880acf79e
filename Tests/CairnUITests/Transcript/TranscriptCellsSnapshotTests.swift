import CairnCore
import CairnLogFormat
import CairnUI
import Testing

/// Each kind of transcript cell, folded from events and drawn at 80, 120 and 40 columns;
/// the snapshots are meant to read like Codex's captures (README, 04b–13c).
@Suite struct TranscriptCellsSnapshotTests {
  static let widths = [80, 120, 40]
  let turn1 = TurnID("turn-1")
  let turn2 = TurnID("turn-2")

  private func snapshot(
    _ state: SessionState, includeReasoning: Bool = false, fileDiffs: [Seq: FileDiff] = [:],
    named name: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let cells = TranscriptCells.cells(
      state, includeReasoning: includeReasoning, fileDiffs: fileDiffs)
    for width in Self.widths {
      let lines = TranscriptCells.lines(cells, width: width)
      for line in lines {
        #expect(line.columns <= width, "\(name) at \(width): \(line.text)")
      }
      assertLinesSnapshot(lines, columns: width, named: "\(name).\(width)")
    }
  }

  @Test func headerBox() {
    let info = HeaderInfo(version: "0.1.0", model: "gpt-5.5", directory: "/home/user/work")
    for width in Self.widths {
      assertLinesSnapshot(
        HeaderBox.lines(info, width: width), columns: width, named: "header.\(width)")
    }
    let long = HeaderInfo(
      version: "0.1.0", model: "gpt-5.5", reasoningEffort: "high",
      directory: "/home/user/a/rather/long/directory/name/that/does/not/fit/in/forty/columns")
    for width in Self.widths {
      assertLinesSnapshot(
        HeaderBox.lines(long, width: width), columns: width, named: "header-long.\(width)")
    }
  }

  @Test func userAndAssistant() {
    var session = TranscriptSession()
    session.start(
      turn1,
      user: "Please summarize the README\nsecond line of the prompt\nthird line: keep it short")
    session.say(turn1, "hi from mock (resp_002)")
    session.complete(turn1)
    session.start(turn2, user: "hello")
    session.say(turn2, "hi from mock (resp_003)")
    session.complete(turn2)
    snapshot(session.state, named: "user-assistant")
  }

  @Test func markdownAnswer() {
    var session = TranscriptSession()
    session.start(turn1, user: "STREAM a longer answer with markdown")
    let sentence = "Streaming answer line one with several words. "
    session.say(
      turn1,
      String(repeating: sentence, count: 3).dropLast()
        + "\n\nSecond paragraph:\n\n- bullet one\n- bullet two\n\n`inline code` and **bold** text.\n\n"
        + "```python\nprint('hi')\n```\n\n## A heading\n\n1. first *step* with a long enough text to wrap at forty columns\n"
        + "   - nested bullet\n\n> quoted words")
    session.complete(turn1)
    snapshot(session.state, named: "markdown")
  }

  @Test func streamingShowsCompletedLinesOnly() {
    var session = TranscriptSession()
    session.start(turn1, user: "STREAM again")
    session.stream(
      turn1,
      [
        "Streaming answer line one with several words. Streaming answer line one with several",
        " words.\n\nSecond paragraph:\n\n- bullet", " one",
      ])
    snapshot(session.state, named: "streaming")
  }

  @Test func reasoningInTheTranscriptOverlay() {
    var session = TranscriptSession()
    session.start(turn1, user: "REASON about the greeting")
    session.reason(turn1, ["**Thinking** about the greeting"])
    session.say(turn1, "Reasoned answer.")
    session.complete(turn1)
    snapshot(session.state, includeReasoning: true, named: "reasoning-overlay")
    snapshot(session.state, named: "reasoning-main")
  }

  @Test func approvedCommandThenFinalMessage() {
    var session = TranscriptSession()
    session.start(turn1, user: "ESCALATE run echo")
    session.run(
      turn1, CallID("call-1"), ["bash", "-lc", "echo hello-from-tool && pwd"],
      output: "hello-from-tool\n/home/user/work\n", decision: .approvedOnce)
    session.say(turn1, "Tool ran fine. Done.")
    session.complete(turn1)
    session.start(turn2, user: "next")
    snapshot(session.state, named: "exec-approved")
  }

  @Test func commandStates() {
    var session = TranscriptSession()
    session.start(turn1, user: "RUNTOOL a few")
    let many = (1...12).map { "line \($0)" }.joined(separator: "\n") + "\n"
    session.run(turn1, CallID("call-1"), ["seq", "1", "12"], output: many)
    session.run(turn1, CallID("call-2"), ["false"], output: "it failed\n", exitCode: 1)
    session.run(
      turn1, CallID("call-3"), ["rm", "-rf", "build dir"], decision: .denied)
    session.run(
      turn1, CallID("call-4"), ["swift", "test"], output: "Compiling…\n",
      decision: .approvedForSession, exitCode: nil)
    snapshot(session.state, named: "exec-states")
  }

  @Test func abortedCommandThenInterrupt() {
    var session = TranscriptSession()
    session.start(turn1, user: "STREAM to interrupt")
    session.run(turn1, CallID("call-1"), ["curl", "example.com"], decision: .aborted)
    session.fold(.turnInterrupted(TurnInterrupted(turnID: turn1, reason: "user")))
    session.start(turn2, user: "try again")
    session.fold(
      .turnFailed(TurnFailed(turnID: turn2, message: "stream disconnected: 502 Bad Gateway")))
    snapshot(session.state, named: "interrupt-failure")
  }

  @Test func patches() {
    var session = TranscriptSession()
    session.start(turn1, user: "PATCH add a file")
    session.patch(
      turn1, CallID("call-1"),
      [
        (
          path: TranscriptSession.cwd + "/hello.txt", kind: .add, before: nil,
          after: "hello from apply_patch\n"
        )
      ])
    session.say(turn1, "Tool ran fine. Done.")
    session.complete(turn1)
    session.start(turn2, user: "PATCH three files")
    session.patch(
      turn2, CallID("call-2"),
      [
        (
          path: TranscriptSession.cwd + "/Sources/a.swift", kind: .update, before: "let a = 1\n",
          after: "let a = 2\n"
        ),
        (path: "/etc/elsewhere.conf", kind: .delete, before: "x = 1\n", after: nil),
        (path: TranscriptSession.cwd + "/new.md", kind: .add, before: nil, after: "# New\n"),
      ])
    session.complete(turn2)
    snapshot(session.state, named: "patch")
  }

  /// Patches drawn with their diffs, as a view that read the contents from the log does.
  @Test func patchesWithDiffs() {
    var session = TranscriptSession()
    let hello = "hello from apply_patch\n"
    session.start(turn1, user: "PATCH add a file")
    session.patch(
      turn1, CallID("call-1"),
      [(path: TranscriptSession.cwd + "/hello.txt", kind: .add, before: nil, after: hello)])
    session.say(turn1, "Tool ran fine. Done.")
    session.complete(turn1)
    let before = (1...20).map { "line \($0)" }.joined(separator: "\n") + "\n"
    let after = before.replacing("line 3\n", with: "line three, now long enough to wrap at forty\n")
      .replacing("line 17\n", with: "")
    session.start(turn2, user: "PATCH two files")
    session.patch(
      turn2, CallID("call-2"),
      [
        (path: TranscriptSession.cwd + "/lines.txt", kind: .update, before: before, after: after),
        (path: TranscriptSession.cwd + "/gone.txt", kind: .delete, before: "bye\n", after: nil),
      ])
    session.complete(turn2)
    let contents: [String: FileDiff] = [
      "hello.txt": FileDiff(before: nil, after: hello),
      "lines.txt": FileDiff(before: before, after: after),
      "gone.txt": FileDiff(before: "bye\n", after: nil),
    ]
    var diffs: [Seq: FileDiff] = [:]
    for change in session.state.fileChanges.recent {
      let name = String(change.path.split(separator: "/").last ?? "")
      diffs[change.seq] = contents[name]
    }
    #expect(diffs.count == 3)
    snapshot(session.state, fileDiffs: diffs, named: "patch-diff")
  }

  @Test func planUpdate() {
    var session = TranscriptSession()
    session.start(turn1, user: "PLAN the work")
    session.plan(
      turn1, CallID("call-1"),
      arguments: #"{"explanation":"mock plan","plan":[{"step":"Read code","status":"completed"},"#
        + #"{"step":"Write code","status":"in_progress"},{"step":"Ship it","status":"pending"}]}"#)
    session.say(turn1, "Tool ran fine. Done.")
    session.complete(turn1)
    snapshot(session.state, named: "plan")
  }

  @Test func wideCharactersWrap() {
    var session = TranscriptSession()
    session.start(turn1, user: "日本語のテキストを折り返してください。絵文字も 👍🏽 ❤️ 🇯🇵 含めて。")
    session.say(
      turn1,
      "これは長い日本語の答えです。全角文字は二列を使います。**太字**と`コード`もあります。👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽")
    session.complete(turn1)
    snapshot(session.state, named: "wide")
  }
}
