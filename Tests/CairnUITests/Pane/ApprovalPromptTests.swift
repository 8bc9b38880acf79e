import CairnCore
import CairnLogFormat
import CairnUI
import Testing

@Suite struct ApprovalPromptTests {
  static let exec = ApprovalPromptModel(
    kind: .exec(command: "echo hello-from-tool && pwd"),
    reason: "Do you want to run the demo echo command outside the sandbox?")
  static let patch = ApprovalPromptModel(
    kind: .patch, reason: "command failed; retry without sandbox?")

  @Test func snapshotsAtEveryWidth() {
    for width in PaneSizes.widths {
      assertLinesSnapshot(
        ApprovalPrompt.lines(for: Self.exec, selection: 0, width: width), columns: width,
        named: "exec-\(width)")
      assertLinesSnapshot(
        ApprovalPrompt.lines(for: Self.exec, selection: 1, width: width), columns: width,
        named: "exec-second-selected-\(width)")
      assertLinesSnapshot(
        ApprovalPrompt.lines(for: Self.patch, selection: 0, width: width), columns: width,
        named: "patch-\(width)")
    }
  }

  @Test func theExecPromptReadsLikeCodexs() {
    let lines = ApprovalPrompt.lines(for: Self.exec, selection: 0, width: 120).map(\.text)
    #expect(
      lines == [
        "  Would you like to run the following command?", "",
        "  Environment: local", "",
        "  Reason: Do you want to run the demo echo command outside the sandbox?", "",
        "  $ echo hello-from-tool && pwd", "",
        "› 1. Yes, proceed (y)",
        "  2. Yes, and don't ask again for `echo hello-from-tool && pwd` this session (p)",
        "  3. No, and tell Cairn what to do differently (esc)", "",
        "  Press enter to confirm or esc to cancel",
      ])
  }

  @Test func theOptionsMapKeysToDecisions() {
    let exec = ApprovalPrompt.options(for: Self.exec)
    #expect(exec.map(\.shortcut) == ["y", "p", nil])
    #expect(exec.map(\.keyLabel) == ["y", "p", "esc"])
    #expect(exec.map(\.decision) == [.approvedOnce, .approvedForSession, .aborted])
    let patch = ApprovalPrompt.options(for: Self.patch)
    #expect(patch.map(\.shortcut) == ["y", "a", nil])
    #expect(patch[1].label == "Yes, and don't ask again for these files")
  }

  @Test func theSelectedOptionIsBoldCyanAndOthersHaveADimKey() {
    let lines = ApprovalPrompt.lines(for: Self.patch, selection: 2, width: 80)
    let first = lines.first { $0.text.hasPrefix("  1.") }
    #expect(first?.spans.map(\.style) == [.plain, .dim, .plain])
    let third = lines.first { $0.text.hasPrefix("› 3.") }
    #expect(third?.spans.map(\.style) == [Style.bold.foreground(.cyan)])
    // An out-of-range selection is clamped, not dropped.
    let clamped = ApprovalPrompt.lines(for: Self.patch, selection: 9, width: 80)
    #expect(clamped.contains { $0.text.hasPrefix("› 3.") })
  }

  @Test func commandsAreShownAsTyped() {
    #expect(
      ApprovalPromptModel.displayCommand(["bash", "-lc", "echo hi && pwd"]) == "echo hi && pwd")
    #expect(ApprovalPromptModel.displayCommand(["ls", "-la", "my dir"]) == "ls -la 'my dir'")
    #expect(ApprovalPromptModel.displayCommand(["echo", "it's"]) == "echo 'it'\\''s'")
  }
}

/// The prompt model built from a session's pending approval, folded from real events.
@Suite struct ApprovalPromptModelFromStateTests {
  static func state(tool: String, command: [String]) -> SessionState {
    let turn = TurnID("t1")
    let call = CallID("c1")
    let events: [Event] = [
      .sessionCreated(
        SessionCreated(
          sessionID: SessionID("s1"), cwd: "/w", model: "gpt-5.5", provider: "openai",
          approvalPolicy: .onRequest, sandboxMode: .workspaceWrite, origin: nil)),
      .turnStarted(TurnStarted(turnID: turn)),
      .toolCallPlanned(
        ToolCallPlanned(
          turnID: turn, callID: call, tool: tool, command: command, workdir: nil, risk: .risky,
          reasons: [], needsApproval: true)),
      .approvalRequested(ApprovalRequested(callID: call, reason: "needs the network")),
    ]
    var state = SessionState()
    for (index, event) in events.enumerated() {
      _ = SessionState.evolve(
        &state,
        Envelope(seq: Seq(UInt64(index + 1)), recordedAtNanoseconds: Int64(index), event: event))
    }
    return state
  }

  @Test func aShellCallAsksAboutItsCommand() throws {
    let state = Self.state(tool: "shell", command: ["bash", "-lc", "curl example.com"])
    let pending = try #require(state.approvals.pending.first)
    let run = state.tools.active.first { $0.callID == pending.callID }
    let model = ApprovalPromptModel(pending, run: run)
    #expect(
      model
        == ApprovalPromptModel(
          kind: .exec(command: "curl example.com"), reason: "needs the network"))
  }

  @Test func anApplyPatchCallAsksAboutEdits() throws {
    let state = Self.state(tool: "apply_patch", command: [])
    let pending = try #require(state.approvals.pending.first)
    let model = ApprovalPromptModel(pending, run: state.tools.active.first)
    #expect(model.kind == .patch)
    #expect(model.reason == "needs the network")
  }
}
