import CairnCore
import CairnLogFormat
import Testing

extension GoldenScenario {
  static let applyPatch = GoldenScenario(
    name: "apply-patch",
    summary: """
      apply_patch under the `on-request` policy (docs/APPLY_PATCH.md). Call 1 writes inside
      the workspace: planned as risky, it starts without a prompt (process id 0: no
      process), records one `file_changed` per file (an add, and an update that moves the
      file), exits 0 and its result goes back to the model; a change recorded after the
      exit is refused. Call 2 writes outside the workspace: planned as dangerous, the user
      is asked and denies, and nothing is written.
      """
  ) {
    var session = ScenarioRecorder()
    let turn = TurnID("turn-1")
    let call1 = CallID("call-1")
    let call2 = CallID("call-2")
    let readme = cwd + "/README.md"
    session.send(create(9, .onRequest))
    session.send(
      .startTurn(StartTurn(turnID: turn, text: "Add a changelog and rename the readme.")))
    session.send(
      .recordModelResponseStart(ModelResponseStarted(turnID: turn, responseID: "resp-1")))
    let patch1 = """
      *** Begin Patch
      *** Add File: CHANGES.md
      +# Changes
      *** Update File: README.md
      *** Move to: README.txt
      @@
      -Cairn
      +Cairn, a workstation
      *** End Patch
      """
    session.send(
      .completeCustomToolCall(
        CustomToolCallCompleted(
          turnID: turn, itemID: ItemID("ctc-1"), callID: call1, name: "apply_patch",
          input: patch1)))
    let planned = session.send(
      .planToolCall(
        PlanToolCall(
          turnID: turn, callID: call1, tool: "apply_patch",
          command: ["apply_patch", cwd + "/CHANGES.md", readme, cwd + "/README.txt"],
          workdir: cwd, risk: .risky, reasons: ["writes files inside the writable roots"])))
    let started = session.send(
      .recordToolStart(ToolStarted(callID: call1, processID: 0, tty: false)),
      causation: planned.last ?? .none)
    session.send(
      .recordFileChange(
        FileChanged(
          callID: call1, path: cwd + "/CHANGES.md", kind: .add, movePath: nil, before: nil,
          after: Array("# Changes\n".utf8))), causation: started.first ?? .none)
    session.send(
      .recordFileChange(
        FileChanged(
          callID: call1, path: readme, kind: .update, movePath: cwd + "/README.txt",
          before: Array("Cairn\n".utf8), after: Array("Cairn, a workstation\n".utf8))),
      causation: started.first ?? .none)
    session.send(
      .recordToolExit(
        ToolExited(callID: call1, exitCode: 0, signal: nil, durationNanoseconds: 2_000_000)))
    session.send(
      .recordToolResult(
        ToolResultRecorded(
          callID: call1,
          output: "Exit code: 0\nWall time: 0 seconds\nOutput:\nSuccess. Updated the following "
            + "files:\nA CHANGES.md\nM README.txt\n", success: true)))
    session.reject(
      .recordFileChange(
        FileChanged(
          callID: call1, path: cwd + "/late.txt", kind: .add, movePath: nil, before: nil,
          after: [])))
    session.send(
      .recordModelResponseStart(ModelResponseStarted(turnID: turn, responseID: "resp-2")))
    session.send(
      .completeCustomToolCall(
        CustomToolCallCompleted(
          turnID: turn, itemID: ItemID("ctc-2"), callID: call2, name: "apply_patch",
          input: "*** Begin Patch\n*** Add File: /etc/motd\n+hi\n*** End Patch")))
    let requested = session.send(
      .planToolCall(
        PlanToolCall(
          turnID: turn, callID: call2, tool: "apply_patch", command: ["apply_patch", "/etc/motd"],
          workdir: cwd, risk: .dangerous,
          reasons: ["writes outside the writable roots: /etc/motd"])))
    session.send(
      .decideApproval(DecideApproval(callID: call2, decision: .denied)),
      causation: requested.last ?? .none)
    session.send(
      .recordToolResult(
        ToolResultRecorded(
          callID: call2, output: "rejected by user: the patch was not applied", success: false)))
    session.send(
      .recordModelResponseStart(ModelResponseStarted(turnID: turn, responseID: "resp-3")))
    session.reply(turn, item: "msg-1", ["Added CHANGES.md and renamed the readme."])
    session.send(.endTurn(EndTurn(turnID: turn, outcome: .completed)))
    return [session.log]
  }
}
