import CairnCore
import CairnLogFormat
import Testing

@testable import CairnUI

/// What the transcript cells promise beyond their look: order, finished flags, streaming
/// one completed line at a time, spacing, and no row wider than the width.
@Suite struct TranscriptCellsTests {
  let turn1 = TurnID("turn-1")
  let turn2 = TurnID("turn-2")

  /// A session with every kind of cell, the second turn still running.
  private func everything() -> SessionState {
    var session = TranscriptSession()
    session.start(turn1, user: "Please summarize\nthe README 日本語 👍🏽")
    session.reason(turn1, ["**Thinking** about it"])
    session.run(
      turn1, CallID("call-1"), ["bash", "-lc", "echo hello && ls -la /tmp/some/really/long/path"],
      output: "hello\n" + (1...30).map { "row \($0) with words that wrap" }.joined(separator: "\n"),
      decision: .approvedOnce)
    session.patch(
      turn1, CallID("call-2"),
      [(path: TranscriptSession.cwd + "/a.txt", kind: .add, before: nil, after: "a\n")])
    session.plan(
      turn1, CallID("call-3"),
      arguments: #"{"plan":[{"step":"Read the code thoroughly","status":"completed"}]}"#)
    session.say(turn1, "Done: `x` is **bold** and\n- a bullet that is long enough to wrap")
    session.complete(turn1)
    session.start(turn2, user: "again")
    session.run(turn2, CallID("call-4"), ["sleep", "5"], exitCode: nil)
    session.stream(turn2, ["partial line one\npartial"])
    return session.state
  }

  @Test func noRowIsWiderThanTheWidth() {
    let state = everything()
    let cells = TranscriptCells.cells(state, includeReasoning: true)
    let header = HistoryCell(
      id: .none, turnID: nil, isFinished: true,
      content: .header(
        HeaderInfo(version: "0.1.0", model: "gpt-5.5", directory: "/home/user/日本語/work")))
    let longFile = (1...2_000).map { "line \($0)" }.joined(separator: "\n")
    let patch = HistoryCell(
      id: Seq(99), turnID: turn1, isFinished: true,
      content: .patch(
        PatchCellContent(files: [
          .init(
            path: "a.txt", kind: .update,
            diff: FileDiff(before: longFile, after: longFile.replacing("line 1500", with: "x"))),
          .init(path: "b.txt", kind: .add, diff: FileDiff(before: nil, after: "日本語 text")),
        ])))
    for width in 10...130 {
      for line in TranscriptCells.lines([header] + cells + [patch], width: width) {
        #expect(line.columns <= width, "width \(width): \(line.text)")
      }
    }
  }

  @Test func cellsComeInIncreasingOrder() {
    let cells = TranscriptCells.cells(everything(), includeReasoning: true)
    for (earlier, later) in zip(cells, cells.dropFirst()) {
      #expect((earlier.id, earlier.part) < (later.id, later.part))
    }
  }

  @Test func onlyTheRunningTurnsChangingCellsAreUnfinished() {
    let cells = TranscriptCells.cells(everything())
    let unfinished = cells.filter { !$0.isFinished }
    #expect(unfinished.count == 2)
    #expect(unfinished.allSatisfy { $0.turnID == turn2 })
    guard case .exec(let exec) = unfinished.first?.content else {
      Issue.record("the running command should be unfinished: \(unfinished)")
      return
    }
    #expect(exec.status == .running)
    #expect(unfinished.last?.content == .assistant(text: "partial line one\npartial"))
  }

  @Test func theFinishedPrefixEndsAtTheFirstChangingCell() {
    let cells = TranscriptCells.cells(everything())
    let count = TranscriptCells.finishedPrefixCount(cells)
    let prefixFinished = cells[..<count].allSatisfy { $0.isFinished }
    #expect(prefixFinished)
    #expect(cells[count].isFinished == false)
    if case .exec = cells[count].content {} else { Issue.record("\(cells[count])") }
    let header = HistoryCell.header(HeaderInfo(version: "1", model: "m", directory: "/"))
    #expect(TranscriptCells.blankLines(between: header, and: cells[0]) == 2)
  }

  @Test func streamingTextShowsOnlyCompletedLines() {
    let streaming = HistoryCell(
      id: Seq(5), turnID: turn1, isFinished: false, content: .assistant(text: "one\ntwo"))
    #expect(streaming.lines(width: 40).map(\.text) == ["• one"])
    let noNewline = HistoryCell(
      id: Seq(5), turnID: turn1, isFinished: false, content: .assistant(text: "one"))
    #expect(noNewline.lines(width: 40).isEmpty)
    var finished = streaming
    finished.isFinished = true
    #expect(finished.lines(width: 40).map(\.text) == ["• one", "  two"])
  }

  @Test func userMessagesAndTurnsAreSeparatedByTwoBlankRows() {
    var session = TranscriptSession()
    session.start(turn1, user: "hi")
    session.say(turn1, "one")
    session.say(turn1, "two")
    session.complete(turn1)
    session.start(turn2, user: "again")
    let rows = TranscriptCells.lines(TranscriptCells.cells(session.state), width: 40).map(\.text)
    #expect(rows == ["› hi", "", "", "• one", "", "• two", "", "", "› again"])
  }

  @Test func aTurnWithCommandsHasRulesAroundItsFinalMessage() {
    var session = TranscriptSession()
    session.start(turn1, user: "run")
    session.run(turn1, CallID("call-1"), ["true"])
    session.say(turn1, "ok")
    let running = TranscriptCells.cells(session.state).map(\.content)
    #expect(running.filter { $0 == .rule }.count == 1)
    session.complete(turn1)
    let rows = TranscriptCells.lines(TranscriptCells.cells(session.state), width: 12).map(\.text)
    #expect(
      rows == [
        "› run", "", "", "• Ran true", "", String(repeating: "─", count: 12), "", "• ok", "",
        String(repeating: "─", count: 12),
      ])
  }

  @Test func aCallAwaitingApprovalShowsNothingYet() {
    var session = TranscriptSession()
    session.start(turn1, user: "run")
    session.fold(
      .functionCallCompleted(
        FunctionCallCompleted(
          turnID: turn1, itemID: ItemID("fc"), callID: CallID("c"), name: "exec_command",
          arguments: #"{"cmd":"rm -rf /"}"#)))
    #expect(TranscriptCells.cells(session.state).last?.content == .pending)
    session.fold(
      .toolCallPlanned(
        ToolCallPlanned(
          turnID: turn1, callID: CallID("c"), tool: "exec_command", command: ["rm", "-rf", "/"],
          workdir: nil, risk: .dangerous, reasons: [], needsApproval: true)))
    session.fold(.approvalRequested(ApprovalRequested(callID: CallID("c"), reason: "dangerous")))
    let cells = TranscriptCells.cells(session.state)
    #expect(cells.last?.content == .pending)
    #expect(cells.last?.isFinished == false)
    #expect(TranscriptCells.lines(cells, width: 40).map(\.text) == ["› run"])
  }

  @Test func commandOutputIsSanitizedAndElidedInTheMiddle() {
    let output = ExecCellContent.outputLines(
      Array("\u{1B}[31mred\u{1B}[0m\r\n10%\r50%\r100%\nbell\u{07}!\n\n".utf8), truncated: false)
    #expect(output == ["red", "100%", "bell!"])
    let cut = ExecCellContent.outputLines(Array("tail of a line\nwhole\n".utf8), truncated: true)
    #expect(cut == ["whole"])
    let exec = ExecCellContent(
      command: "seq 9", status: .exited(exitCode: 0, signal: nil),
      output: (1...9).map(String.init), outputTruncated: false)
    #expect(
      exec.lines(width: 40).map(\.text) == [
        "• Ran seq 9", "  └ 1", "    2", "    … +5 lines", "    8", "    9",
      ])
  }

  @Test func argvIsShownAsAShellLine() {
    #expect(ExecCellContent.shellLine(["bash", "-lc", "ls | wc -l"]) == "ls | wc -l")
    #expect(ExecCellContent.shellLine(["/bin/sh", "-c", "true"]) == "true")
    #expect(
      ExecCellContent.shellLine(["rm", "-rf", "build dir", "it's"])
        == #"rm -rf 'build dir' 'it'\''s'"#)
  }

  @Test func markdownInlineMarks() {
    let line = MarkdownLines.inline("a `b` **c** *d* 2*3 **open", base: .plain)
    #expect(line.text == "a b c d 2*3 **open")
    #expect(line.spans.first { $0.text == "b" }?.style == MarkdownLines.codeStyle)
    #expect(line.spans.first { $0.text == "c" }?.style == .bold)
    #expect(line.spans.first { $0.text == "d" }?.style == .italic)
    #expect(MarkdownLines.inline("a*b*c snake_case", base: .plain).spans.count == 1)
    // Only the first pair italicizes: later marks follow a letter, so they are text.
    let stars = String(repeating: "*x", count: 5_000)
    #expect(MarkdownLines.inline(stars, base: .plain).text.count == 9_998)
  }

  @Test func planArgumentsParse() {
    let plan = PlanCellContent(
      arguments:
        #"{"explanation":"why \u00e9\ud83d\udc4d","plan":[{"step":"a","status":"completed"},{"step":"b","status":"in_progress"},{"step":"c","status":"pending"}]}"#
    )
    #expect(plan?.explanation == "why é👍")
    #expect(plan?.steps.map(\.status) == [.completed, .inProgress, .pending])
    #expect(PlanCellContent(arguments: "{not json") == nil)
    #expect(PlanCellContent(arguments: String(repeating: "[", count: 10_000)) == nil)
  }

  @Test func fileDiffKeepsContextAroundChanges() {
    let before = (1...20).map { "l\($0)" }.joined(separator: "\n") + "\n"
    let after = before.replacing("l2\n", with: "two\n").replacing("l18\n", with: "")
    let diff = FileDiff(before: before, after: after)
    #expect(diff.added == 1)
    #expect(diff.removed == 2)
    #expect(diff.hunks.count == 2)
    #expect(
      diff.hunks.first == [
        .context(old: 1, new: 1, text: "l1"), .removed(old: 2, text: "l2"),
        .added(new: 2, text: "two"), .context(old: 3, new: 3, text: "l3"),
        .context(old: 4, new: 4, text: "l4"), .context(old: 5, new: 5, text: "l5"),
      ])
    #expect(diff.hunks.last?.count == 6)
    let added = FileDiff(before: nil, after: "a\nb")
    #expect(added.added == 2 && added.removed == 0)
    #expect(FileDiff(before: "same\n", after: "same\n").hunks.isEmpty)
  }

  @Test func aLargeRewriteIsShownAsRemovedThenAdded() {
    let old = (1...1_500).map { "old \($0)" }.joined(separator: "\n")
    let new = (1...1_500).map { "new \($0)" }.joined(separator: "\n")
    let diff = FileDiff(before: old, after: new)
    #expect(diff.added == 1_500 && diff.removed == 1_500)
    #expect(diff.hunks.count == 1)
  }
}
