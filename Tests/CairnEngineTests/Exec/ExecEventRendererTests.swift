import CairnCore
import CairnEngine
import CairnLogFormat
import Testing

@Suite struct ExecEventRendererTests {
  private func envelopes(_ events: [Event]) -> [Envelope] {
    events.enumerated().map { index, event in
      Envelope(
        seq: Seq(UInt64(index + 1)), recordedAtNanoseconds: Int64(index) * 1_000, event: event)
    }
  }

  private func render(_ events: [Event], usage: TokenCounts = TokenCounts()) -> [String] {
    var renderer = ExecEventRenderer(usage: usage)
    return envelopes(events).flatMap { renderer.lines(for: $0) }.map(\.text)
  }

  @Test func aTurnWithACommandAndAnAnswerRendersCodexEvents() {
    let turn = TurnID("t1")
    let call = CallID("call_1")
    let lines = render(
      [
        .turnStarted(TurnStarted(turnID: turn)),
        .userMessageAdded(UserMessageAdded(turnID: turn, text: "list", images: [])),
        .functionCallCompleted(
          FunctionCallCompleted(
            turnID: turn, itemID: ItemID("fc_1"), callID: call, name: "exec_command",
            arguments: #"{"cmd":"ls -la"}"#)),
        .toolCallPlanned(
          ToolCallPlanned(
            turnID: turn, callID: call, tool: "exec_command",
            command: ["/bin/bash", "-lc", "ls -la"], workdir: "/w", risk: .safe, reasons: [],
            needsApproval: false)),
        .toolStarted(ToolStarted(callID: call, processID: 42, tty: false)),
        .toolOutputReceived(
          ToolOutputReceived(callID: call, stream: .stdout, chunk: Array("a\n".utf8))),
        .toolOutputReceived(
          ToolOutputReceived(callID: call, stream: .stdout, chunk: Array("b\n".utf8))),
        .toolExited(ToolExited(callID: call, exitCode: 0, signal: nil, durationNanoseconds: 5)),
        .tokenUsageRecorded(
          TokenUsageRecorded(
            turnID: turn, inputTokens: 100, cachedInputTokens: 20, outputTokens: 10,
            reasoningOutputTokens: 3)),
        .reasoningCompleted(
          ReasoningCompleted(
            turnID: turn, itemID: ItemID("rs_1"), summary: ["think", "more"], encryptedContent: nil)
        ),
        .messageCompleted(MessageCompleted(turnID: turn, itemID: ItemID("msg_1"), text: "done")),
        .tokenUsageRecorded(
          TokenUsageRecorded(
            turnID: turn, inputTokens: 200, cachedInputTokens: 0, outputTokens: 5,
            reasoningOutputTokens: 0)),
        .turnCompleted(TurnCompleted(turnID: turn)),
      ], usage: TokenCounts(inputTokens: 300, outputTokens: 100))
    #expect(
      lines == [
        #"{"type":"turn.started"}"#,
        #"{"type":"item.started","item":{"id":"item_0","type":"command_execution","command":"/bin/bash -lc 'ls -la'","aggregated_output":"","exit_code":null,"status":"in_progress"}}"#,
        #"{"type":"item.completed","item":{"id":"item_0","type":"command_execution","command":"/bin/bash -lc 'ls -la'","aggregated_output":"a\nb\n","exit_code":0,"status":"completed"}}"#,
        #"{"type":"item.completed","item":{"id":"item_1","type":"reasoning","text":"think\n\nmore"}}"#,
        #"{"type":"item.completed","item":{"id":"item_2","type":"agent_message","text":"done"}}"#,
        #"{"type":"turn.completed","usage":{"input_tokens":600,"cached_input_tokens":20,"cache_write_input_tokens":0,"output_tokens":115,"reasoning_output_tokens":3}}"#,
      ])
  }

  @Test func retriesFailuresAndPlansRenderAsCodexDoes() {
    let turn = TurnID("t1")
    let plan = CallID("call_p")
    let lines = render([
      .turnStarted(TurnStarted(turnID: turn)),
      .modelRequestRetried(
        ModelRequestRetried(
          turnID: turn, streamLevel: false, attempt: 1, maxAttempts: 4, reason: "HTTP 500",
          delayMilliseconds: 200)),
      .modelRequestRetried(
        ModelRequestRetried(
          turnID: turn, streamLevel: true, attempt: 1, maxAttempts: 5,
          reason: "stream disconnected before completion: closed", delayMilliseconds: 200)),
      .functionCallCompleted(
        FunctionCallCompleted(
          turnID: turn, itemID: ItemID("fc_p"), callID: plan, name: "update_plan",
          arguments:
            #"{"plan":[{"step":"read","status":"completed"},{"step":"write","status":"pending"}]}"#)
      ),
      .toolResultRecorded(ToolResultRecorded(callID: plan, output: "Plan updated", success: true)),
      .turnFailed(TurnFailed(turnID: turn, message: "boom")),
    ])
    #expect(
      lines == [
        #"{"type":"turn.started"}"#,
        #"{"type":"error","message":"Reconnecting... 1/5 (stream disconnected before completion: closed)"}"#,
        #"{"type":"item.started","item":{"id":"item_0","type":"todo_list","items":[{"text":"read","completed":true},{"text":"write","completed":false}]}}"#,
        #"{"type":"item.completed","item":{"id":"item_0","type":"todo_list","items":[{"text":"read","completed":true},{"text":"write","completed":false}]}}"#,
        #"{"type":"error","message":"boom"}"#,
        #"{"type":"turn.failed","error":{"message":"boom"}}"#,
      ])
  }

  @Test func theHumanOutputIsCodexsLayoutAndStylesOnlyWhenAsked() {
    let turn = TurnID("t1")
    let call = CallID("c1")
    let events: [Event] = [
      .userMessageAdded(UserMessageAdded(turnID: turn, text: "run it", images: [])),
      .toolCallPlanned(
        ToolCallPlanned(
          turnID: turn, callID: call, tool: "exec_command",
          command: ["/bin/bash", "-lc", "exit 3"], workdir: "/w", risk: .safe, reasons: [],
          needsApproval: false)),
      .toolStarted(ToolStarted(callID: call, processID: 9, tty: false)),
      .toolOutputReceived(
        ToolOutputReceived(callID: call, stream: .stderr, chunk: Array("e\n".utf8))),
      .toolExited(
        ToolExited(callID: call, exitCode: 3, signal: nil, durationNanoseconds: 7_000_000)),
      .messageCompleted(MessageCompleted(turnID: turn, itemID: ItemID("m"), text: "done")),
      .tokenUsageRecorded(
        TokenUsageRecorded(
          turnID: turn, inputTokens: 100, cachedInputTokens: 0, outputTokens: 10,
          reasoningOutputTokens: 0)),
      .turnCompleted(TurnCompleted(turnID: turn)),
    ]
    var plain = ExecHumanRenderer()
    let text = envelopes(events).map { plain.text(for: $0) }.joined()
    #expect(
      text == """
        user
        run it
        exec
        /bin/bash -lc 'exit 3' in /w
         exited 3 in 7ms:
        e

        codex
        done
        tokens used
        110

        """)
    var styled = ExecHumanRenderer(color: true)
    let colored = envelopes(events).map { styled.text(for: $0) }.joined()
    #expect(colored.contains("\u{1B}[1;31mexited 3\u{1B}[0m"))
    #expect(colored.replacingEscapes() == text)
  }

  @Test func shellQuotingReadsBackAsTheSameWords() {
    #expect(
      ShellQuoting.join(["/bin/bash", "-lc", "echo 'hi' > f"])
        == #"/bin/bash -lc 'echo '"'"'hi'"'"' > f'"#)
    #expect(ShellQuoting.join(["ls", "", "a=b"]) == "ls '' a=b")
  }

  @Test func uuidv7IdsCarryTheTimeAndStayOrderedWithinAMillisecond() {
    var generator = UUIDv7Generator()
    let time: Int64 = 1_795_653_728_844_000_000
    let ids = (0..<1000).map { _ in generator.next(unixNanoseconds: time) }
    #expect(ids == ids.sorted())
    #expect(Set(ids).count == ids.count)
    for id in ids {
      let parts = id.split(separator: "-")
      #expect(parts.map(\.count) == [8, 4, 4, 4, 12])
      #expect(parts[2].first == "7")
      #expect("89ab".contains(parts[3].first!))
      #expect(
        String(parts[0] + parts[1]) == String(UInt64(1_795_653_728_844), radix: 16).leftPadded(12))
    }
    let later = generator.next(unixNanoseconds: time + 1_000_000)
    #expect(later > ids.last!)
  }
}

extension String {
  /// The text without ANSI SGR sequences.
  fileprivate func replacingEscapes() -> String {
    var out = ""
    var inEscape = false
    for character in self {
      if character == "\u{1B}" {
        inEscape = true
      } else if inEscape {
        if character == "m" { inEscape = false }
      } else {
        out.append(character)
      }
    }
    return out
  }

  fileprivate func leftPadded(_ width: Int) -> String {
    String(repeating: "0", count: max(0, width - count)) + self
  }
}
