import CairnProtocol
import Testing

@Suite struct ResponseAccumulatorTests {
  func accumulate(_ events: [ResponseStreamEvent]) -> ResponseAccumulator {
    var accumulator = ResponseAccumulator()
    for event in events { accumulator.apply(event) }
    return accumulator
  }

  func accumulate(fixture name: String) throws -> ResponseAccumulator {
    accumulate(try ResponsesFixtures.streamEvents(name))
  }

  @Test func aCompletedStreamWithReasoningAndAFunctionCall() throws {
    let result = try accumulate(fixture: "reasoning-function-call.sse")
    #expect(result.outcome == .completed)
    #expect(result.responseID == "resp_004")
    #expect(result.usage?.totalTokens == 110)
    #expect(
      result.completedItems == [
        .reasoning(
          id: "rs_resp_004", summary: ["**Planning** the tool run"],
          encryptedContent: "gAAAAmockEnc=="),
        .functionCall(
          id: "fc_resp_004", callID: "call_resp_004", name: "exec_command",
          arguments: #"{"cmd":"echo hello-from-tool","yield_time_ms":1000}"#),
      ])
    #expect(result.partialText.isEmpty)
    #expect(result.partialItems.isEmpty)
  }

  @Test func aFailedStreamKeepsItsItemsAndError() throws {
    let result = try accumulate(fixture: "failed.sse")
    #expect(
      result.outcome
        == .failed(ResponseErrorInfo(code: "server_error", message: "mock response.failed")))
    #expect(result.usage == nil)
    #expect(
      result.completedItems == [
        .reasoning(id: "rs_resp_001", summary: ["Thinking"], encryptedContent: "gAAAAenc"),
        .message(id: "msg_resp_001", role: "assistant", text: "Partial answer — café ☕ then"),
      ])
  }

  @Test func aCutStreamKeepsThePartialText() throws {
    let result = try accumulate(fixture: "truncated.sse")
    #expect(result.outcome == .streaming)
    #expect(result.completedItems.isEmpty)
    #expect(result.partialText == ["msg_resp_002": "one two "])
    #expect(
      result.partialItems == [.message(id: "msg_resp_002", role: "assistant", text: "one two ")])
  }

  @Test func doneItemsWithoutTextAreFilledFromTheDeltas() {
    let result = accumulate([
      .created(responseID: "r"),
      .outputItemAdded(outputIndex: 0, item: .message(id: "m", role: "assistant", text: "")),
      .outputTextDelta(itemID: "m", outputIndex: 0, contentIndex: 0, delta: "Hel"),
      .outputTextDelta(itemID: "m", outputIndex: 0, contentIndex: 0, delta: "lo"),
      .outputTextDelta(itemID: "m", outputIndex: 0, contentIndex: 1, delta: " again"),
      .outputItemDone(outputIndex: 0, item: .message(id: "m", role: "assistant", text: "")),
      .outputItemAdded(
        outputIndex: 1, item: .functionCall(id: "f", callID: "c", name: "n", arguments: "")),
      .functionCallArgumentsDelta(itemID: "f", outputIndex: 1, delta: "{\"a\":"),
      .functionCallArgumentsDelta(itemID: "f", outputIndex: 1, delta: "1}"),
      .outputItemDone(
        outputIndex: 1, item: .functionCall(id: "f", callID: "c", name: "n", arguments: "")),
      .reasoningSummaryTextDelta(itemID: "rs", summaryIndex: 0, delta: "one"),
      .reasoningSummaryTextDelta(itemID: "rs", summaryIndex: 1, delta: "two"),
      .outputItemDone(
        outputIndex: 2, item: .reasoning(id: "rs", summary: [], encryptedContent: nil)),
      .customToolCallInputDelta(itemID: "t", outputIndex: 3, delta: "patch"),
      .outputItemDone(
        outputIndex: 3, item: .customToolCall(id: "t", callID: "c2", name: "p", input: "")),
      .completed(responseID: "r", usage: nil),
    ])
    #expect(
      result.completedItems == [
        .message(id: "m", role: "assistant", text: "Hello again"),
        .functionCall(id: "f", callID: "c", name: "n", arguments: "{\"a\":1}"),
        .reasoning(id: "rs", summary: ["one", "two"], encryptedContent: nil),
        .customToolCall(id: "t", callID: "c2", name: "p", input: "patch"),
      ])
    #expect(result.outcome == .completed)
  }

  @Test func doneEventsReplaceTheDeltasAndTheDoneItemWins() {
    let result = accumulate([
      .outputTextDelta(itemID: "m", outputIndex: 0, contentIndex: 0, delta: "garbled"),
      .outputTextDone(itemID: "m", outputIndex: 0, contentIndex: 0, text: "clean"),
    ])
    #expect(result.partialText == ["m": "clean"])
    let done = accumulate([
      .outputTextDelta(itemID: "m", outputIndex: 0, contentIndex: 0, delta: "streamed"),
      .outputItemDone(outputIndex: 0, item: .message(id: "m", role: "assistant", text: "final")),
    ])
    #expect(done.completedItems == [.message(id: "m", role: "assistant", text: "final")])
    #expect(done.partialText.isEmpty)
  }

  @Test func partialItemsOfSeveralKindsInOutputOrder() {
    let result = accumulate([
      .outputItemAdded(
        outputIndex: 0, item: .reasoning(id: "rs", summary: [], encryptedContent: "e")),
      .reasoningSummaryTextDelta(itemID: "rs", summaryIndex: 0, delta: "first"),
      .reasoningSummaryTextDelta(itemID: "rs", summaryIndex: 1, delta: "second"),
      .outputItemAdded(
        outputIndex: 1, item: .customToolCall(id: "t", callID: "c", name: "apply_patch", input: "")),
      .customToolCallInputDelta(itemID: "t", outputIndex: 1, delta: "*** Begin"),
      .error(ResponseErrorInfo(code: "server_error", message: "boom")),
      .completed(responseID: "late", usage: nil),
    ])
    #expect(result.outcome == .failed(ResponseErrorInfo(code: "server_error", message: "boom")))
    #expect(result.partialText == ["rs": "first\n\nsecond", "t": "*** Begin"])
    #expect(
      result.partialItems == [
        .reasoning(id: "rs", summary: ["first", "second"], encryptedContent: "e"),
        .customToolCall(id: "t", callID: "c", name: "apply_patch", input: "*** Begin"),
      ])
  }

  @Test func anIncompleteResponse() {
    let result = accumulate([
      .created(responseID: "r"), .incomplete(responseID: "r", reason: "max_output_tokens"),
    ])
    #expect(result.outcome == .incomplete("max_output_tokens"))
  }

  @Test func aHostileContentIndexDoesNotAllocate() {
    let result = accumulate([
      .outputTextDelta(itemID: "m", outputIndex: 0, contentIndex: Int.max, delta: "x"),
      .outputTextDelta(itemID: "m", outputIndex: 0, contentIndex: 0, delta: "ok"),
    ])
    #expect(result.partialText == ["m": "ok"])
  }
}
