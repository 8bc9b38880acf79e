import CairnCore
import CairnServer
import Testing

@Suite struct RecordedResponsesTests {
  let turn = TurnID("turn-1")

  func usage(_ input: UInt64, _ output: UInt64) -> Event {
    .tokenUsageRecorded(
      TokenUsageRecorded(
        turnID: turn, inputTokens: input, cachedInputTokens: 3, outputTokens: output,
        reasoningOutputTokens: 2))
  }

  @Test func eachCompletedResponseBecomesOneEntryInOrder() {
    var recorded = RecordedResponses()
    let events: [Event] = [
      .turnStarted(TurnStarted(turnID: turn)),
      .modelResponseStarted(ModelResponseStarted(turnID: turn, responseID: "resp_a")),
      .reasoningCompleted(
        ReasoningCompleted(
          turnID: turn, itemID: ItemID("rs_1"), summary: ["thinking"], encryptedContent: "enc")),
      .functionCallCompleted(
        FunctionCallCompleted(
          turnID: turn, itemID: ItemID("fc_1"), callID: CallID("call_1"), name: "exec_command",
          arguments: #"{"cmd":"ls"}"#)),
      usage(100, 10),
      .toolResultRecorded(ToolResultRecorded(callID: CallID("call_1"), output: "x", success: true)),
      // A stream attempt that failed: started, nothing completed, then retried.
      .modelResponseStarted(ModelResponseStarted(turnID: turn, responseID: "resp_failed")),
      .modelResponseStarted(ModelResponseStarted(turnID: turn, responseID: "resp_b")),
      .messageCompleted(MessageCompleted(turnID: turn, itemID: ItemID("msg_1"), text: "done")),
      usage(120, 5),
      .turnCompleted(TurnCompleted(turnID: turn)),
    ]
    for event in events { recorded.add(event) }
    let script = recorded.script()
    #expect(script.responses.count == 2)
    #expect(script.responses.map(\.responseID) == ["resp_a", "resp_b"])
    #expect(
      script.responses[0].output == [
        .reasoning(id: "rs_1", summary: ["thinking"], encryptedContent: "enc"),
        .functionCall(
          id: "fc_1", callID: "call_1", name: "exec_command", arguments: #"{"cmd":"ls"}"#),
      ])
    #expect(
      script.responses[0].usage
        == ScriptedResponse.Usage(
          inputTokens: 100, cachedInputTokens: 3, outputTokens: 10, reasoningOutputTokens: 2))
    #expect(script.responses[1].output == [.message(id: "msg_1", text: "done", deltas: nil)])
    #expect(script.responses[1].usage.inputTokens == 120)
    #expect(script.responses.allSatisfy { !$0.repeats && $0.condition == .init() })
  }

  @Test func aCompactionInsideATurnServesItsSummary() {
    var recorded = RecordedResponses()
    recorded.add(.turnStarted(TurnStarted(turnID: turn)))
    recorded.add(usage(900, 40))
    recorded.add(
      .compactionArtifactRecorded(
        CompactionArtifactRecorded(
          artifactID: "a1", kind: .semanticSummary, checkpointSeq: .none,
          ranges: [SeqRange(first: .first, last: .first)], summary: "the summary")))
    recorded.add(.modelResponseStarted(ModelResponseStarted(turnID: turn, responseID: "resp_c")))
    recorded.add(.messageCompleted(MessageCompleted(turnID: turn, itemID: ItemID("m"), text: "ok")))
    recorded.add(.turnFailed(TurnFailed(turnID: turn, message: "later failure")))
    let script = recorded.script()
    #expect(script.responses.count == 2)
    #expect(script.responses[0].output == [.message(id: nil, text: "the summary", deltas: nil)])
    #expect(script.responses[0].usage.inputTokens == 900)
    #expect(script.responses[1].responseID == "resp_c")
  }

  @Test func anEmptySessionHasNoResponses() {
    var recorded = RecordedResponses()
    recorded.add(.turnStarted(TurnStarted(turnID: turn)))
    recorded.add(.turnFailed(TurnFailed(turnID: turn, message: "no key")))
    #expect(recorded.script().responses.isEmpty)
  }
}
