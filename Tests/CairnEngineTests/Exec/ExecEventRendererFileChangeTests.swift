import CairnCore
import CairnEngine
import CairnLogFormat
import Testing

/// apply_patch in `exec --json`: Codex's `file_change` item, started and completed at the
/// call's exit, its changes in path order; none for a patch that never ran.
@Suite struct ExecEventRendererFileChangeTests {
  private let turn = TurnID("t1")
  private let call = CallID("call_p")

  private func render(_ events: [Event]) -> [String] {
    var renderer = ExecEventRenderer()
    return events.enumerated().flatMap { index, event in
      renderer.lines(
        for: Envelope(seq: Seq(UInt64(index + 1)), recordedAtNanoseconds: 0, event: event))
    }.map(\.text)
  }

  private func patchCall() -> Event {
    .customToolCallCompleted(
      CustomToolCallCompleted(
        turnID: turn, itemID: ItemID("ctc_1"), callID: call, name: "apply_patch", input: "…"))
  }

  private func changed(_ path: String, _ kind: FileChangeKind) -> Event {
    .fileChanged(
      FileChanged(callID: call, path: path, kind: kind, movePath: nil, before: nil, after: nil))
  }

  @Test func aPatchThatRanIsOneFileChangeItem() {
    let lines = render([
      patchCall(),
      .toolCallPlanned(
        ToolCallPlanned(
          turnID: turn, callID: call, tool: "apply_patch", command: ["apply_patch", "/w/z.txt"],
          workdir: "/w", risk: .risky, reasons: [], needsApproval: false)),
      .toolStarted(ToolStarted(callID: call, processID: 0, tty: false)),
      changed("/w/z.txt", .add), changed("/w/a.txt", .update), changed("/w/a/b.txt", .delete),
      .toolExited(ToolExited(callID: call, exitCode: 0, signal: nil, durationNanoseconds: 1)),
    ])
    let changes =
      #"[{"path":"/w/a.txt","kind":"update"},{"path":"/w/a/b.txt","kind":"delete"},"#
      + #"{"path":"/w/z.txt","kind":"add"}]"#
    #expect(
      lines == [
        #"{"type":"item.started","item":{"id":"item_0","type":"file_change","changes":"#
          + changes + #","status":"in_progress"}}"#,
        #"{"type":"item.completed","item":{"id":"item_0","type":"file_change","changes":"#
          + changes + #","status":"completed"}}"#,
      ])
  }

  @Test func aFailedWriteIsAFailedItemAndARefusedPatchIsNone() {
    let failed = render([
      patchCall(), .toolStarted(ToolStarted(callID: call, processID: 0, tty: false)),
      changed("/w/ok.txt", .add),
      .toolExited(ToolExited(callID: call, exitCode: 1, signal: nil, durationNanoseconds: 1)),
    ])
    #expect(failed.count == 2)
    #expect(failed.last?.hasSuffix(#""status":"failed"}}"#) == true)
    let refused = render([
      patchCall(),
      .toolResultRecorded(
        ToolResultRecorded(callID: call, output: "patch rejected: empty patch", success: false)),
    ])
    #expect(refused.isEmpty)
  }
}
