import CairnServer
import Testing

@Suite struct ResponsesScriptTests {
  @Test func readsEveryKindOfEntryAndItem() throws {
    let text = #"""
      {"description": "every field",
       "responses": [
        {"name": "tool", "when": {"last_user_text_contains": "RUNTOOL", "last_input_type": "message"},
         "repeat": true, "id": "resp_x",
         "output": [
           {"type": "reasoning", "id": "rs_1", "summary": ["one", "two"], "encrypted_content": "enc"},
           {"type": "function_call", "call_id": "c1", "name": "exec_command",
            "arguments": {"cmd": "echo hi", "yield_time_ms": 1000}},
           {"type": "custom_tool_call", "name": "apply_patch", "input": "*** Begin Patch\n"},
           {"type": "message", "text": "héllo", "deltas": ["hé", "llo"]}],
         "usage": {"input_tokens": 7, "output_tokens": 3, "cached_input_tokens": 1},
         "end": "failed", "failure": {"code": "rate_limit_exceeded", "message": "slow down"},
         "event_delay_ms": 5, "cut_after_events": 9},
        {"error": {"status": 429, "body": {"error": {"message": "busy"}},
                   "headers": {"retry-after": "1"}}},
        {"error": {"status": 500, "body": "plain text"}}
       ]}
      """#
    let script = try ResponsesScript.parse(Array(text.utf8))
    let expected = ResponsesScript(responses: [
      ScriptedResponse(
        name: "tool",
        condition: .init(lastUserTextContains: "RUNTOOL", lastInputType: "message"),
        repeats: true, responseID: "resp_x",
        output: [
          .reasoning(id: "rs_1", summary: ["one", "two"], encryptedContent: "enc"),
          .functionCall(
            id: nil, callID: "c1", name: "exec_command",
            arguments: #"{"cmd":"echo hi","yield_time_ms":1000}"#),
          .customToolCall(id: nil, callID: nil, name: "apply_patch", input: "*** Begin Patch\n"),
          .message(id: nil, text: "héllo", deltas: ["hé", "llo"]),
        ],
        usage: .init(inputTokens: 7, cachedInputTokens: 1, outputTokens: 3, totalTokens: 10),
        end: .failed, failure: .init(code: "rate_limit_exceeded", message: "slow down"),
        eventDelayMilliseconds: 5, cutAfterEvents: 9),
      ScriptedResponse(
        httpError: .init(
          status: 429, body: Array(#"{"error":{"message":"busy"}}"#.utf8),
          headers: [("retry-after", "1")])),
      ScriptedResponse(
        httpError: .init(
          status: 500, body: Array("plain text".utf8),
          contentType: "text/plain; charset=utf-8")),
    ])
    #expect(script == expected)
  }

  @Test func defaultsAreOneUseTheReferenceUsageAndACompletedEnd() throws {
    let script = try ResponsesScript.parse(
      Array(#"{"responses": [{"output": [{"type": "message", "text": "hi"}]}]}"#.utf8))
    #expect(
      script
        == ResponsesScript(responses: [
          ScriptedResponse(
            repeats: false, output: [.message(id: nil, text: "hi", deltas: nil)],
            usage: .reference, end: .completed)
        ]))
    #expect(ScriptedResponse.Usage.reference.totalTokens == 110)
  }

  @Test(arguments: [
    (
      "{\"responses\": [\n  {\"output\": [}]}", "s.json:2:15: not valid JSON: expected a JSON value"
    ),
    ("{\"responses\": 3}", "s.json:1:15: responses: expected an array, found a number"),
    ("{}", "s.json:1:1: a script needs a \"responses\" array"),
    (
      "{\"responses\": [{\"outputs\": []}]}",
      "s.json:1:28: responses[0].outputs: unknown member \"outputs\" (allowed here: name, when, "
        + "repeat, error, id, output, usage, end, failure, event_delay_ms, "
        + "cut_after_events)"
    ),
    (
      "{\"responses\": [{\"output\": [{\"type\": \"message\", \"text\": 5}]}]}",
      "s.json:1:56: responses[0].output[0].text: expected a string, found a number"
    ),
    (
      "{\"responses\": [{\"output\": [{\"type\": \"image\"}]}]}",
      "s.json:1:37: responses[0].output[0].type: unknown output item type \"image\" (one of: "
        + "message, reasoning, function_call, custom_tool_call)"
    ),
    (
      "{\"responses\": [{\"output\": [{\"type\": \"message\", \"text\": \"ab\", \"deltas\": [\"a\"]}]}]}",
      "s.json:1:72: responses[0].output[0].deltas: the deltas joined must equal \"text\""
    ),
    (
      "{\"responses\": [{\"error\": {\"status\": 500}, \"output\": []}]}",
      "s.json:1:53: responses[0]: an entry with \"error\" answers with that HTTP error only; "
        + "remove its \"id\", \"output\", \"usage\", \"end\", \"failure\", \"event_delay_ms\", \"cut_after_events\""
    ),
    (
      "{\"responses\": [{\"error\": {\"status\": 200}}]}",
      "s.json:1:37: responses[0].error.status: 200 is out of range (400…599)"
    ),
    (
      "{\"responses\": [{\"end\": \"done\"}]}",
      "s.json:1:24: responses[0].end: unknown end \"done\" (one of: completed, failed, truncated)"
    ),
    (
      "{\"responses\": [{\"output\": [{\"type\": \"function_call\"}]}]}",
      "s.json:1:28: responses[0].output[0]: a function_call item needs \"name\""
    ),
    ("{\"responses\": [\"x\\q\"]}", "s.json:1:18: not valid JSON: an unknown escape in a string"),
    ("{\"responses\": []} x", "s.json:1:19: not valid JSON: unexpected text after the JSON value"),
  ])
  func badScriptsAreErrorsNamingLineColumnAndPath(text: String, message: String) {
    do {
      _ = try ResponsesScript.parse(Array(text.utf8), file: "s.json")
      Issue.record("parsed a bad script: \(text)")
    } catch {
      #expect(error.description == message)
    }
  }

  @Test func deepNestingIsAnErrorNotACrash() {
    let text = "{\"responses\": [" + String(repeating: "[", count: 100_000) + "]}"
    do {
      _ = try ResponsesScript.parse(Array(text.utf8), file: "deep.json")
      Issue.record("parsed a script nested 100,000 deep")
    } catch {
      #expect(error.reason == "not valid JSON: nesting deeper than 512 levels")
    }
  }

  @Test func aMissingFileIsAnErrorNamingIt() {
    do {
      _ = try ResponsesScript.load(path: "/nonexistent/script.json")
      Issue.record("loaded a file that does not exist")
    } catch {
      #expect(error.file == "/nonexistent/script.json")
      #expect(error.reason.hasPrefix("cannot open the script: No such file or directory"))
    }
  }
}
