import CairnProtocol
import Testing

func parseLine(_ text: String, options: RolloutParseOptions = RolloutParseOptions()) throws
  -> RolloutLine
{
  let scanner = JSONScanner(source: JSONMemorySource(text), bufferBytes: 64, lineMode: true)
  return try RolloutLineParser(scanner: scanner, options: options).parseLine().line
}

/// Each line type and payload kind lands in its typed model.
@Suite struct RolloutLineParserTests {
  @Test func sessionMetaOfOldAndNewVersions() throws {
    let old = try parseLine(
      #"{"timestamp":"t","type":"session_meta","payload":{"id":"A","cwd":"/w","originator":"codex_exec","cli_version":"0.46.0","instructions":null,"source":"exec"}}"#
    )
    var expectedOld = SessionMeta()
    expectedOld.id = "A"
    expectedOld.cwd = "/w"
    expectedOld.originator = "codex_exec"
    expectedOld.cliVersion = "0.46.0"
    expectedOld.source = "exec"
    #expect(old == .sessionMeta(expectedOld))
    let new = try parseLine(
      #"{"type":"session_meta","payload":{"session_id":"A","id":"A","source":{"subagent":"review"},"base_instructions":{"text":"12345"},"git":{"commit_hash":"c","branch":"main","repository_url":"u"},"instructions":"abc"}}"#
    )
    guard case .sessionMeta(let meta) = new else {
      Issue.record("not session_meta")
      return
    }
    #expect(meta.sessionID == "A" && meta.source == "object")
    #expect(meta.baseInstructionsBytes == 5 && meta.instructionsBytes == 3)
    #expect(meta.git == GitInfo(commitHash: "c", branch: "main", repositoryURL: "u"))
  }

  @Test func responseItemsOfEveryKind() throws {
    func item(_ payload: String) throws -> ResponseItem? {
      if case .responseItem(let item) = try parseLine(
        #"{"type":"response_item","payload":"# + payload + "}")
      {
        return item
      }
      return nil
    }
    #expect(
      try item(
        #"{"type":"message","role":"user","content":[{"type":"input_text","text":"hi"},{"type":"input_image","image_url":"x"}]}"#
      )
        == .message(
          .init(
            role: "user",
            parts: [.init(kind: "input_text", text: JSONText("hi")), .init(kind: "input_image")],
            partCount: 2)))
    #expect(
      try item(
        #"{"type":"function_call","name":"shell","arguments":"{\"command\":[\"ls\"]}","call_id":"c1"}"#
      )
        == .functionCall(
          .init(callID: "c1", name: "shell", input: JSONText(#"{"command":["ls"]}"#))))
    #expect(
      try item(#"{"type":"function_call_output","call_id":"c1","output":"done"}"#)
        == .functionCallOutput(.init(callID: "c1", output: JSONTextBytes("done"))))
    #expect(
      try item(
        #"{"type":"function_call_output","call_id":"c2","output":[{"type":"input_text","text":"x"}]}"#
      )
        == .functionCallOutput(
          .init(callID: "c2", parts: [.init(kind: "input_text", text: JSONText("x"))])))
    #expect(
      try item(
        #"{"type":"custom_tool_call","status":"completed","call_id":"c3","name":"apply_patch","input":"*** Begin Patch"}"#
      )
        == .customToolCall(
          .init(
            callID: "c3", name: "apply_patch", input: JSONText("*** Begin Patch"),
            status: "completed")))
    #expect(
      try item(
        #"{"type":"local_shell_call","call_id":"c4","status":"completed","action":{"type":"exec","command":["bash","-lc","ls"]}}"#
      )
        == .localShellCall(
          .init(
            callID: "c4", input: JSONText("bash -lc ls"), status: "completed", actionType: "exec")))
    #expect(
      try item(
        #"{"type":"web_search_call","status":"completed","action":{"type":"search","query":"swift"}}"#
      )
        == .webSearchCall(
          .init(input: JSONText("swift"), status: "completed", actionType: "search")))
    #expect(
      try item(
        #"{"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"s"}],"content":null,"encrypted_content":"abcd"}"#
      )
        == .reasoning(
          .init(
            id: "rs_1", summary: [.init(kind: "summary_text", text: JSONText("s"))], content: [],
            encryptedContentBytes: 4)))
    #expect(try item(#"{"type":"ghost_snapshot","ghost_commit":{}}"#) == .ghostSnapshot)
    #expect(
      try item(#"{"type":"compaction","encrypted_content":"xy"}"#)
        == .compaction(encryptedContentBytes: 2))
    #expect(try item(#"{"type":"teleport","x":1}"#) == .unknown(type: "teleport"))
  }

  @Test func eventMessagesOfEveryKind() throws {
    func event(_ payload: String) throws -> EventMessage? {
      if case .eventMsg(let event) = try parseLine(
        #"{"type":"event_msg","payload":"# + payload + "}")
      {
        return event
      }
      return nil
    }
    #expect(
      try event(#"{"type":"user_message","message":"hi","images":["a","b"],"kind":"plain"}"#)
        == .userMessage(text: JSONText("hi"), imageCount: 2))
    #expect(
      try event(#"{"type":"agent_message","message":"yo","phase":null}"#)
        == .agentMessage(JSONText("yo")))
    #expect(
      try event(#"{"type":"agent_reasoning","text":"hmm"}"#) == .agentReasoning(JSONText("hmm")))
    var usage = TokenUsage()
    usage.inputTokens = 100
    usage.outputTokens = 10
    usage.totalTokens = 110
    usage.cacheWriteInputTokens = 3
    #expect(
      try event(
        #"{"type":"token_count","info":{"total_token_usage":{"input_tokens":100,"cache_write_input_tokens":3,"output_tokens":10,"total_tokens":110},"last_token_usage":{},"model_context_window":258400},"rate_limits":{"primary":null}}"#
      )
        == .tokenCount(TokenCountInfo(total: usage, last: TokenUsage(), modelContextWindow: 258400))
    )
    #expect(try event(#"{"type":"token_count","info":null}"#) == .tokenCount(nil))
    #expect(
      try event(
        #"{"type":"task_started","turn_id":"T","started_at":1795634712,"model_context_window":258400}"#
      )
        == .taskStarted(
          TaskStarted(turnID: "T", startedAt: 1_795_634_712, modelContextWindow: 258400)))
    var complete = TaskComplete()
    complete.turnID = "T"
    complete.durationMilliseconds = 317
    complete.errorMessage = JSONText("boom")
    #expect(
      try event(
        #"{"type":"task_complete","turn_id":"T","duration_ms":317,"error":{"message":"boom","codex_error_info":"other"}}"#
      ) == .taskComplete(complete))
    #expect(
      try event(#"{"type":"turn_aborted","reason":"interrupted"}"#)
        == .turnAborted(turnID: nil, reason: "interrupted"))
    #expect(try event(#"{"type":"context_compacted"}"#) == .contextCompacted)
    #expect(
      try event(
        #"{"type":"thread_settings_applied","thread_settings":{"model":"gpt-5.5","cwd":"/w"}}"#)
        == .threadSettingsApplied(model: "gpt-5.5"))
    #expect(
      try event(
        #"{"type":"patch_apply_end","call_id":"c","success":true,"changes":{"/a":{},"/b":{}}}"#)
        == .patchApplyEnd(callID: "c", success: true, changedFiles: 2))
    #expect(
      try event(#"{"type":"exec_command_end","call_id":"c","exit_code":2}"#)
        == .execCommandEnd(callID: "c", exitCode: 2))
    #expect(try event(#"{"type":"error","message":"bad"}"#) == .error(message: JSONText("bad")))
    #expect(try event(#"{"type":"future","x":[]}"#) == .unknown(type: "future"))
  }

  @Test func otherLineTypes() throws {
    var context = TurnContext()
    context.cwd = "/w"
    context.sandboxMode = "read-only"
    context.summary = "auto"
    context.model = "m"
    #expect(
      try parseLine(
        #"{"type":"turn_context","payload":{"cwd":"/w","sandbox_policy":{"type":"read-only"},"model":"m","summary":"auto"}}"#
      ) == .turnContext(context))
    #expect(
      try parseLine(
        #"{"type":"world_state","payload":{"full":false,"state":{"environments":{},"model":"m"}}}"#)
        == .worldState(
          WorldState(isFull: false, stateKeys: ["environments", "model"], stateKeyCount: 2)))
    #expect(
      try parseLine(
        #"{"type":"compacted","payload":{"message":"summary","replacement_history":[{},{},{}]}}"#)
        == .compacted(Compacted(message: JSONText("summary"), replacementHistoryCount: 3)))
    #expect(
      try parseLine(#"{"type":"future_line","payload":[1]}"#) == .unknown(type: "future_line"))
    #expect(throws: RolloutLineError.missingType) { _ = try parseLine(#"{"payload":{}}"#) }
    #expect(throws: RolloutLineError.missingPayload(type: "event_msg")) {
      _ = try parseLine(#"{"type":"event_msg","payload":null}"#)
    }
  }

  /// All texts of a line share one budget.
  @Test func textIsKeptWithinThePerLineBudget() throws {
    let line = try parseLine(
      #"{"type":"response_item","payload":{"type":"message","role":"user","content":[{"type":"input_text","text":"abcdef"},{"type":"input_text","text":"ghijkl"}]}}"#,
      options: RolloutParseOptions(textBytesMax: 8))
    guard case .responseItem(.message(let message)) = line else {
      Issue.record("not a message")
      return
    }
    #expect(message.parts.map { $0.text?.text } == ["abcdef", "gh"])
    #expect(message.parts.map { $0.text?.totalBytes } == [6, 6])
  }

  @Test func timestampsRoundTrip() {
    #expect(RolloutTimestamp.milliseconds("2026-11-25T19:25:12.460Z") == 1_795_634_712_460)
    #expect(RolloutTimestamp.milliseconds("1970-01-01T00:00:00Z") == 0)
    #expect(RolloutTimestamp.milliseconds("2026-11-25T20:25:12.4601+01:00") == 1_795_634_712_460)
    #expect(RolloutTimestamp.milliseconds("2026-13-25T19:25:12Z") == nil)
    #expect(RolloutTimestamp.milliseconds("yesterday") == nil)
    #expect(RolloutTimestamp.text(milliseconds: 1_795_634_712_460) == "2026-11-25T19:25:12.460Z")
    #expect(RolloutTimestamp.text(milliseconds: 951_782_400_000) == "2000-02-29T00:00:00.000Z")
  }
}
