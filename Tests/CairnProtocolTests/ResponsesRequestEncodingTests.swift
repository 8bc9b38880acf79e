import CairnProtocol
import Testing

@Suite struct ResponsesRequestEncodingTests {
  static let execParameters =
    #"{"type":"object","properties":{"cmd":{"type":"string","description":"Trimmed."},"justification":{"type":"string","description":"Trimmed."},"login":{"type":"boolean","description":"Trimmed."},"max_output_tokens":{"type":"number","description":"Trimmed."},"prefix_rule":{"type":"array","description":"Trimmed.","items":{"type":"string"}},"sandbox_permissions":{"type":"string","description":"Trimmed.","enum":["use_default","require_escalated"]},"shell":{"type":"string","description":"Trimmed."},"tty":{"type":"boolean","description":"Trimmed."},"workdir":{"type":"string","description":"Trimmed."},"yield_time_ms":{"type":"number","description":"Trimmed."}},"required":["cmd"],"additionalProperties":false}"#
  static let patchFormat =
    #"{"type":"grammar","syntax":"lark","definition":"start: \"*** Begin Patch\" LF body \"*** End Patch\"\nbody: /(.|\\n)*/\n%import common.LF\n"}"#
  static let toolSearch =
    #"{"type":"tool_search","execution":"client","description":"Trimmed.","parameters":{"type":"object","properties":{"limit":{"type":"number","description":"Trimmed."},"query":{"type":"string","description":"Trimmed."}},"required":["query"],"additionalProperties":false}}"#

  static func tools(webAccess: Bool) throws -> [ResponseTool] {
    [
      .function(
        name: "exec_command", description: "Trimmed.",
        parameters: try RawJSON(validating: execParameters), strict: false),
      .custom(
        name: "apply_patch", description: "Trimmed.",
        format: try RawJSON(validating: patchFormat)),
      .raw(try RawJSON(validating: toolSearch)),
      .raw(
        try RawJSON(
          validating:
            #"{"type":"web_search","external_web_access":\#(webAccess),"search_content_types":["text","image"]}"#
        )),
    ]
  }

  static let instructions =
    "You are a coding agent. (Base instructions trimmed from a recorded Codex 0.147 request.)"

  static func contextMessages(_ developerID: String, _ environmentID: String)
    -> [ResponseInputItem]
  {
    [
      .message(
        ResponseInputMessage(
          id: developerID, role: "developer",
          content: [
            .inputText("<skills_instructions>trimmed</skills_instructions>"),
            .inputText("<permissions instructions>trimmed</permissions instructions>"),
          ])),
      .message(
        ResponseInputMessage(
          id: environmentID, role: "user",
          text: "<environment_context>trimmed</environment_context>")),
    ]
  }

  static func metadata(_ pairs: KeyValuePairs<String, String>) -> [ResponseMetadataEntry] {
    pairs.map { ResponseMetadataEntry(key: $0.key, value: $0.value) }
  }

  @Test func aToolLoopRequestIsByteForByteWhatCodexSent() throws {
    let thread = "01a21543-9f1f-7493-aaa5-e80c3247a2dc"
    let turn = "01a21543-9f7b-79e2-b5d7-e7b1d42dab84"
    let installation = "6b87bd07-ad76-423e-8f39-bb937999f29f"
    let turnMetadata =
      #"{"installation_id":"\#(installation)","session_id":"\#(thread)","thread_id":"\#(thread)","turn_id":"\#(turn)","window_id":"\#(thread):0","request_kind":"turn","thread_source":"user","sandbox":"none","turn_started_at_unix_ms":1795653083007}"#
    let request = ResponsesRequest(
      model: "gpt-5.5", instructions: Self.instructions,
      input: Self.contextMessages(
        "msg_01a21543-9f8d-7c31-bc53-808de138e6db", "msg_01a21543-9f8d-7c31-bc53-8099d9a3f6c5")
        + [
          .message(
            ResponseInputMessage(
              id: "msg_01a21543-9fbb-7e10-9705-f79cd8ad47e3", role: "user",
              text: "RUNTOOL please")),
          .reasoning(
            ResponseReasoningItem(
              id: "rs_resp_001", summary: ["**Planning** the tool run"],
              encryptedContent: "gAAAAmockEnc==")),
          .functionCall(
            ResponseFunctionCall(
              id: "fc_resp_001", callID: "call_resp_001", name: "exec_command",
              arguments: #"{"cmd":"echo hello-from-tool","yield_time_ms":1000}"#)),
          .functionCallOutput(
            ResponseToolOutput(
              id: "fco_01a21543-a07a-78d1-85a1-e4174c9aaeab", callID: "call_resp_001",
              output:
                "Chunk ID: 682dff\nWall time: 0.0000 seconds\nProcess exited with code 0\nOriginal token count: 4\nOutput:\nhello-from-tool\n"
            )),
          .customToolCall(
            ResponseCustomToolCall(
              id: "ctc_resp_002", status: "completed", callID: "call_resp_002",
              name: "apply_patch",
              input:
                "*** Begin Patch\n*** Add File: hello.txt\n+hello from apply_patch\n*** End Patch\n"
            )),
          .customToolCallOutput(
            ResponseToolOutput(
              id: "ctco_01a21543-a0ee-7843-bddf-c19f6ea5ddcd", callID: "call_resp_002",
              output:
                "Exit code: 0\nWall time: 0 seconds\nOutput:\nSuccess. Updated the following files:\nA hello.txt\n"
            )),
        ],
      tools: try Self.tools(webAccess: true),
      reasoning: ResponseReasoning(effort: "medium"), promptCacheKey: thread,
      text: ResponseTextControls(verbosity: "low"),
      clientMetadata: Self.metadata([
        "x-codex-turn-metadata": turnMetadata, "thread_id": thread, "session_id": thread,
        "x-codex-window-id": "\(thread):0", "turn_id": turn,
        "x-codex-installation-id": installation,
      ]))
    let expected = try ResponsesFixtures.bytes("codex-request-tool-loop.json")
    let encoded = request.encodedJSON()
    #expect(String(decoding: encoded, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
  }

  @Test func anOutputSchemaAndImageRequestIsByteForByteWhatCodexSent() throws {
    let thread = "01a21543-c677-7493-86e9-d11fcb0e2936"
    let turn = "01a21543-c6c6-71e3-9b39-93d53900523b"
    let installation = "6b87bd07-ad76-423e-8f39-bb937999f29f"
    let turnMetadata =
      #"{"installation_id":"\#(installation)","session_id":"\#(thread)","thread_id":"\#(thread)","turn_id":"\#(turn)","window_id":"\#(thread):0","request_kind":"turn","thread_source":"user","sandbox":"seccomp","turn_started_at_unix_ms":1795653093071}"#
    // The schema as a user writes it in a file: whitespace is dropped, order kept.
    let schema = try RawJSON(
      validating: """
        {
          "type": "object",
          "properties": { "answer": { "type": "string" } },
          "required": ["answer"],
          "additionalProperties": false
        }
        """)
    let request = ResponsesRequest(
      model: "gpt-5.5", instructions: Self.instructions,
      input: Self.contextMessages(
        "msg_01a21543-c6f3-7501-9a23-70aa5e0c6f2c", "msg_01a21543-c6f3-7501-9a23-70b883e41b73")
        + [
          .message(
            ResponseInputMessage(
              id: "msg_01a21543-c704-7ff3-9522-887f035cad9e", role: "user",
              content: [
                .inputText(#"<image name=[Image #1] path="img.png">"#),
                .inputImage(
                  imageURL:
                    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC",
                  detail: "high"),
                .inputText("</image>"),
                .inputText("describe"),
              ]))
        ],
      tools: try Self.tools(webAccess: false),
      reasoning: ResponseReasoning(effort: "medium"), promptCacheKey: thread,
      text: ResponseTextControls(verbosity: "low", format: ResponseTextFormat(schema: schema)),
      clientMetadata: Self.metadata([
        "turn_id": turn, "x-codex-installation-id": installation, "thread_id": thread,
        "x-codex-turn-metadata": turnMetadata, "session_id": thread,
        "x-codex-window-id": "\(thread):0",
      ]))
    let expected = try ResponsesFixtures.bytes("codex-request-output-schema.json")
    #expect(
      String(decoding: request.encodedJSON(), as: UTF8.self)
        == String(decoding: expected, as: UTF8.self))
  }

  @Test func defaultsAndOmittedKeys() throws {
    let plain = ResponsesRequest(
      model: "m", instructions: "i",
      input: [.message(ResponseInputMessage(role: "assistant", text: "a"))], tools: [])
    #expect(
      String(decoding: plain.encodedJSON(), as: UTF8.self)
        == #"{"model":"m","instructions":"i","input":[{"type":"message","role":"assistant","content":[{"type":"output_text","text":"a"}]}],"tools":[],"tool_choice":"auto","parallel_tool_calls":true,"store":false,"stream":true,"include":[]}"#
    )
    let reasoning = ResponsesRequest(
      model: "m", instructions: "", input: [], tools: [], parallelToolCalls: false,
      reasoning: ResponseReasoning(effort: "high", summary: "auto"))
    #expect(reasoning.include == ["reasoning.encrypted_content"])
    #expect(
      String(decoding: reasoning.encodedJSON(), as: UTF8.self)
        == #"{"model":"m","instructions":"","input":[],"tools":[],"tool_choice":"auto","parallel_tool_calls":false,"reasoning":{"effort":"high","summary":"auto"},"store":false,"stream":true,"include":["reasoning.encrypted_content"]}"#
    )
  }

  @Test func stringsAreEscapedLikeCodex() {
    var writer = JSONWriter()
    writer.string("q\" b\\ n\n r\r t\t b\u{8} f\u{C} nul\u{0} esc\u{1B} del\u{7F} / é ☃ 🎉")
    #expect(
      String(decoding: writer.bytes, as: UTF8.self)
        == #""q\" b\\ n\n r\r t\t b\b f\f nul\u0000 esc\u001b del\#u{7F} / é ☃ 🎉""#)
  }

  @Test func rawJSONIsValidatedAndCompacted() throws {
    #expect(
      try RawJSON(validating: " [1, {\"a b\" : \"c d\\\" e\"}] \n").text
        == #"[1,{"a b":"c d\" e"}]"#)
    #expect(
      throws: JSONScanError(
        offset: 5, cause: .unexpectedByte(UInt8(ascii: "}"), expected: "a JSON value"))
    ) {
      try RawJSON(validating: #"{"a":}"#)
    }
    #expect(throws: JSONScanError(offset: 3, cause: .trailingBytes(UInt8(ascii: "x")))) {
      try RawJSON(validating: "{} x")
    }
    #expect(throws: JSONScanError.self) { try RawJSON(validating: "") }
  }
}
