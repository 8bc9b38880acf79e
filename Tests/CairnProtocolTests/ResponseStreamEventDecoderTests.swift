import CairnProtocol
import Testing

@Suite struct ResponseStreamEventDecoderTests {
  func decode(_ json: String, name: String? = nil) throws -> ResponseStreamEvent {
    try ResponseStreamEventDecoder.decode(SSEEvent(name: name, data: Array(json.utf8)))
  }

  func decodeError(_ json: String, name: String? = nil) -> ResponseStreamDecodeError? {
    do {
      _ = try decode(json, name: name)
      return nil
    } catch let error as ResponseStreamDecodeError {
      return error
    } catch {
      return nil
    }
  }

  static let referenceUsage = ResponseUsage(
    inputTokens: 100, cachedInputTokens: 0, outputTokens: 10, reasoningOutputTokens: 0,
    totalTokens: 110)

  @Test func reasoningAndAFunctionCall() throws {
    let arguments = #"{"cmd":"echo hello-from-tool","yield_time_ms":1000}"#
    let summary = "**Planning** the tool run"
    #expect(
      try ResponsesFixtures.streamEvents("reasoning-function-call.sse") == [
        .created(responseID: "resp_004"),
        .outputItemAdded(
          outputIndex: 0,
          item: .reasoning(id: "rs_resp_004", summary: [], encryptedContent: "gAAAAmockEnc==")),
        .other(type: "response.reasoning_summary_part.added"),
        .reasoningSummaryTextDelta(itemID: "rs_resp_004", summaryIndex: 0, delta: summary),
        .reasoningSummaryTextDone(itemID: "rs_resp_004", summaryIndex: 0, text: summary),
        .other(type: "response.reasoning_summary_part.done"),
        .outputItemDone(
          outputIndex: 0,
          item: .reasoning(
            id: "rs_resp_004", summary: [summary], encryptedContent: "gAAAAmockEnc==")),
        .outputItemAdded(
          outputIndex: 1,
          item: .functionCall(
            id: "fc_resp_004", callID: "call_resp_004", name: "exec_command", arguments: "")),
        .functionCallArgumentsDelta(itemID: "fc_resp_004", outputIndex: 1, delta: arguments),
        .functionCallArgumentsDone(itemID: "fc_resp_004", outputIndex: 1, arguments: arguments),
        .outputItemDone(
          outputIndex: 1,
          item: .functionCall(
            id: "fc_resp_004", callID: "call_resp_004", name: "exec_command",
            arguments: arguments)),
        .completed(responseID: "resp_004", usage: Self.referenceUsage),
      ])
  }

  @Test func aCustomToolCall() throws {
    let patch = "*** Begin Patch\n*** Add File: hello.txt\n+hello from apply_patch\n*** End Patch\n"
    #expect(
      try ResponsesFixtures.streamEvents("custom-tool-call.sse") == [
        .created(responseID: "resp_005"),
        .outputItemAdded(
          outputIndex: 0,
          item: .customToolCall(
            id: "ctc_resp_005", callID: "call_resp_005", name: "apply_patch", input: "")),
        .customToolCallInputDelta(itemID: "ctc_resp_005", outputIndex: 0, delta: patch),
        .customToolCallInputDone(itemID: "ctc_resp_005", outputIndex: 0, input: patch),
        .outputItemDone(
          outputIndex: 0,
          item: .customToolCall(
            id: "ctc_resp_005", callID: "call_resp_005", name: "apply_patch", input: patch)),
        .completed(responseID: "resp_005", usage: Self.referenceUsage),
      ])
  }

  @Test func textDeltasWithEscapesAndNonASCIIAndTheFullUsage() throws {
    let events = try ResponsesFixtures.streamEvents("text-deltas.sse")
    let deltas = events.compactMap { event -> String? in
      if case .outputTextDelta(_, _, _, let delta) = event { return delta }
      return nil
    }
    #expect(deltas == ["Hello, ", "world! Line two\n", "and \"quoted\" ", "☃ text."])
    #expect(
      events.last
        == .completed(
          responseID: "resp_003",
          usage: ResponseUsage(
            inputTokens: 1200, cachedInputTokens: 1024, outputTokens: 345,
            reasoningOutputTokens: 128, totalTokens: 1545)))
    #expect(
      events.contains(
        .outputItemDone(
          outputIndex: 0,
          item: .message(
            id: "msg_resp_003", role: "assistant",
            text: "Hello, world! Line two\nand \"quoted\" ☃ text."))))
  }

  @Test func aFailedResponse() throws {
    let events = try ResponsesFixtures.streamEvents("failed.sse")
    #expect(
      events.last
        == .failed(
          responseID: "resp_001",
          error: ResponseErrorInfo(code: "server_error", message: "mock response.failed")))
  }

  @Test func membersInAnyOrder() throws {
    #expect(
      try decode(
        #"{"delta":"d","content_index":2,"output_index":1,"item_id":"m","type":"response.output_text.delta"}"#
      )
        == .outputTextDelta(itemID: "m", outputIndex: 1, contentIndex: 2, delta: "d"))
  }

  @Test func unknownAndUnusedTypesAreOther() throws {
    #expect(
      try decode(#"{"type":"response.in_progress","response":{"id":"r"}}"#)
        == .other(type: "response.in_progress"))
    #expect(
      try decode(#"{"type":"response.brand_new","x":[1,{"y":null}]}"#)
        == .other(type: "response.brand_new"))
    #expect(
      try decode(
        #"{"type":"response.output_item.added","output_index":3,"item":{"type":"web_search_call","id":"ws_1","status":"in_progress"}}"#
      )
        == .outputItemAdded(outputIndex: 3, item: .other(type: "web_search_call", id: "ws_1")))
  }

  @Test func incompleteAndErrorEvents() throws {
    #expect(
      try decode(
        #"{"type":"response.incomplete","response":{"id":"r9","incomplete_details":{"reason":"max_output_tokens"}}}"#
      )
        == .incomplete(responseID: "r9", reason: "max_output_tokens"))
    #expect(
      try decode(
        #"{"type":"error","code":"rate_limit_exceeded","message":"slow down","param":null}"#)
        == .error(ResponseErrorInfo(code: "rate_limit_exceeded", message: "slow down")))
    #expect(
      try decode(#"{"type":"error","error":{"code":null,"message":"nested"}}"#)
        == .error(ResponseErrorInfo(code: nil, message: "nested")))
    #expect(
      try decode(#"{"type":"response.completed","response":{"id":"r","usage":null}}"#)
        == .completed(responseID: "r", usage: nil))
  }

  @Test func malformedJSONNamesTheTypeAndTheOffset() {
    let error = decodeError(#"{"type":"response.output_text.delta","delta":"ab"#)
    #expect(error?.eventType == "response.output_text.delta")
    #expect(error?.offset == 48)
    #expect(error?.cause == .malformedJSON(.unexpectedEndOfInput))
    #expect(
      error?.description
        == "event \"response.output_text.delta\": data byte 48: malformed JSON: the input ends inside a JSON value"
    )
    // Broken before its type: the SSE event name stands in.
    let early = decodeError(#"{"delta":x,"type":"a"}"#, name: "response.output_text.delta")
    #expect(early?.eventType == "response.output_text.delta")
    #expect(early?.offset == 9)
    #expect(decodeError("[1]")?.cause == .notAnObject)
    #expect(
      decodeError(#"{"type":"a"} x"#)?.cause == .malformedJSON(.trailingBytes(UInt8(ascii: "x"))))
    #expect(decodeError("")?.cause == .malformedJSON(.unexpectedEndOfInput))
  }

  @Test func missingTypeOrMembersAreErrors() {
    #expect(decodeError(#"{"delta":"x"}"#)?.cause == .missingType)
    let missing = decodeError(#"{"type":"response.output_text.delta","item_id":"m"}"#)
    #expect(missing?.cause == .missingMember("delta"))
    #expect(missing?.eventType == "response.output_text.delta")
    #expect(
      decodeError(
        #"{"type":"response.output_item.done","item":{"type":"function_call","name":"f"}}"#)?.cause
        == .missingMember("item.call_id"))
    #expect(
      decodeError(
        #"{"type":"response.completed","response":{"id":"r","usage":{"input_tokens":-1}}}"#)?.cause
        == .invalidMember("usage.input_tokens", expected: "a count"))
    #expect(
      decodeError(#"{"type":"response.output_text.delta","item_id":"m","delta":5}"#)?.cause
        == .invalidMember("delta", expected: "a string"))
  }
}
