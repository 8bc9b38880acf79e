import CairnServer
import CairnTestSupport
import Foundation
import Testing

/// The server in this process, over real loopback sockets, with libcurl as the client.
@Suite struct ResponsesServerTests {
  /// A Responses request body shaped like Codex's: context messages, then the prompt.
  static func requestBody(_ prompt: String, tail: [String] = []) -> [UInt8] {
    let items =
      [
        #"{"type":"message","role":"developer","content":[{"type":"input_text","text":"rules"}]}"#,
        #"{"type":"message","role":"user","content":[{"type":"input_text","text":"<environment_context/>"}]}"#,
        #"{"type":"message","role":"user","content":[{"type":"input_text","text":"\#(prompt)"}]}"#,
      ] + tail
    return Array(
      #"{"model":"gpt-5.5","input":[\#(items.joined(separator: ","))],"stream":true}"#.utf8)
  }

  static let toolOutput =
    #"{"type":"function_call_output","call_id":"call_resp_001","output":"hello-from-tool\n"}"#

  static func start(_ json: String, log: String? = nil) async throws -> ResponsesServer {
    let script = try ResponsesScript.parse(Array(json.utf8))
    return try await ResponsesServer.start(script: script, requestLogPath: log)
  }

  static func post(_ server: ResponsesServer, _ body: [UInt8], path: String = "/v1/responses")
    async throws -> HTTPReply
  {
    let url = "http://127.0.0.1:\(server.port)\(path)"
    return try await offPool {
      try LoopbackHTTPClient.send(
        "POST", url,
        headers: ["Content-Type: application/json", "Authorization: Bearer sk-test-secret-42"],
        body: body)
    }
  }

  @Test func aMessageStreamsAddedDeltasDoneAndCompleted() async throws {
    let server = try await Self.start(
      #"{"responses": [{"output": [{"type": "message", "text": "Hello", "deltas": ["Hel", "lo"]}]}]}"#
    )
    let reply = try await Self.post(server, Self.requestBody("say hi"))
    try await server.shutdown()

    #expect(reply.status == 200)
    #expect(reply.header("content-type") == "text/event-stream")
    #expect(reply.header("transfer-encoding") == "chunked")
    let events = parseServerSentEvents(reply.body)
    #expect(
      events.map(\.name) == [
        "response.created", "response.output_item.added", "response.content_part.added",
        "response.output_text.delta", "response.output_text.delta", "response.output_text.done",
        "response.content_part.done", "response.output_item.done", "response.completed",
      ])
    // Codex reads the event's kind from the data's "type", not from the event line.
    let types = events.map { $0.json["type"] as? String }
    #expect(types == events.map(\.name))
    let deltas = events.filter { $0.name == "response.output_text.delta" }
      .map { $0.json["delta"] as? String }
    #expect(deltas == ["Hel", "lo"])
    let done = events[7].json["item"] as? [String: Any]
    #expect(done?["id"] as? String == "msg_resp_001")
    #expect(done?["role"] as? String == "assistant")
    let content = done?["content"] as? [[String: Any]]
    #expect(content?.first?["text"] as? String == "Hello")
    let completed = events[8].json["response"] as? [String: Any]
    #expect(completed?["id"] as? String == "resp_001")
    let usage = completed?["usage"] as? [String: Any]
    #expect(usage?["input_tokens"] as? Int == 100)
    #expect(usage?["total_tokens"] as? Int == 110)
    #expect((usage?["input_tokens_details"] as? [String: Any])?["cached_tokens"] as? Int == 0)
  }

  @Test func entriesAreChosenByConditionThenInOrderAndEachServesOnceUnlessRepeated()
    async throws
  {
    let server = try await Self.start(
      #"""
      {"responses": [
        {"when": {"last_user_text_contains": "RUNTOOL", "last_input_type": "message"},
         "repeat": true,
         "output": [{"type": "function_call", "name": "exec_command",
                     "arguments": {"cmd": "echo hello-from-tool"}}]},
        {"when": {"last_input_type": "function_call_output"},
         "output": [{"type": "message", "text": "tool done"}]},
        {"output": [{"type": "message", "text": "first"}]},
        {"output": [{"type": "message", "text": "second"}]}
      ]}
      """#)
    var finalTexts: [String] = []
    let bodies = [
      Self.requestBody("RUNTOOL please"),
      Self.requestBody("RUNTOOL please", tail: [Self.toolOutput]),
      Self.requestBody("RUNTOOL again"),
      Self.requestBody("hello"),
      Self.requestBody("hello"),
    ]
    for body in bodies {
      let reply = try await Self.post(server, body)
      let done = parseServerSentEvents(reply.body).filter { $0.name == "response.output_item.done" }
      let item = done.last?.json["item"] as? [String: Any]
      let text = ((item?["content"] as? [[String: Any]])?.first?["text"] as? String)
      finalTexts.append(text ?? (item?["type"] as? String ?? "-"))
    }
    let exhausted = try await Self.post(server, Self.requestBody("hello"))
    let entries = server.requests.map(\.scriptEntry)
    try await server.shutdown()

    #expect(finalTexts == ["function_call", "tool done", "function_call", "first", "second"])
    #expect(entries == [0, 1, 0, 2, 3, nil])
    #expect(exhausted.status == 400)
    #expect(
      exhausted.bodyText.contains(
        #"no script entry is left for request 6 (last user text: \"hello\") (last input item: message)"#
      ))
  }

  @Test func aFunctionCallCarriesItsArgumentsAsAJSONString() async throws {
    let server = try await Self.start(
      #"{"responses": [{"output": [{"type": "function_call", "name": "exec_command", "arguments": {"cmd": "echo hi", "yield_time_ms": 1000}}]}]}"#
    )
    let reply = try await Self.post(server, Self.requestBody("go"))
    try await server.shutdown()

    let events = parseServerSentEvents(reply.body)
    #expect(
      events.map(\.name) == [
        "response.created", "response.output_item.added",
        "response.function_call_arguments.delta", "response.function_call_arguments.done",
        "response.output_item.done", "response.completed",
      ])
    let item = events[4].json["item"] as? [String: Any]
    #expect(item?["type"] as? String == "function_call")
    #expect(item?["id"] as? String == "fc_resp_001")
    #expect(item?["call_id"] as? String == "call_resp_001")
    #expect(item?["name"] as? String == "exec_command")
    #expect(item?["arguments"] as? String == #"{"cmd":"echo hi","yield_time_ms":1000}"#)
  }

  @Test func reasoningAndCustomToolCallsStreamTheirParts() async throws {
    let server = try await Self.start(
      #"""
      {"responses": [{"output": [
        {"type": "reasoning", "summary": ["a", "b"], "encrypted_content": "enc=="},
        {"type": "custom_tool_call", "name": "apply_patch", "input": "*** Begin Patch\n*** End Patch\n"}
      ]}]}
      """#)
    let reply = try await Self.post(server, Self.requestBody("go"))
    try await server.shutdown()

    let events = parseServerSentEvents(reply.body)
    let summaryDeltas = events.filter { $0.name == "response.reasoning_summary_text.delta" }
    #expect(summaryDeltas.map { $0.json["summary_index"] as? Int } == [0, 1])
    #expect(summaryDeltas.map { $0.json["delta"] as? String } == ["a", "b"])
    let done = events.filter { $0.name == "response.output_item.done" }
      .map { $0.json["item"] as? [String: Any] ?? [:] }
    #expect(done.count == 2)
    #expect(done.first?["id"] as? String == "rs_resp_001")
    #expect(done.first?["encrypted_content"] as? String == "enc==")
    let summary = done.first?["summary"] as? [[String: Any]]
    #expect(summary?.map { $0["text"] as? String } == ["a", "b"])
    #expect(done.last?["type"] as? String == "custom_tool_call")
    #expect(done.last?["id"] as? String == "ctc_resp_001")
    #expect(done.last?["input"] as? String == "*** Begin Patch\n*** End Patch\n")
    #expect((events.last?.json["response"] as? [String: Any])?["output"] as? [Any] != nil)
  }

  @Test func streamsCanEndFailedOrTruncated() async throws {
    let server = try await Self.start(
      #"""
      {"responses": [
        {"output": [{"type": "message", "text": "partial"}], "end": "failed",
         "failure": {"code": "server_error", "message": "scripted failure"}},
        {"output": [{"type": "message", "text": "partial"}], "end": "truncated"},
        {"output": [{"type": "message", "text": "partial"}], "cut_after_events": 4}
      ]}
      """#)
    let failed = parseServerSentEvents(try await Self.post(server, Self.requestBody("a")).body)
    let truncated = parseServerSentEvents(try await Self.post(server, Self.requestBody("b")).body)
    let cut = parseServerSentEvents(try await Self.post(server, Self.requestBody("c")).body)
    try await server.shutdown()

    #expect(failed.last?.name == "response.failed")
    let error = (failed.last?.json["response"] as? [String: Any])?["error"] as? [String: Any]
    #expect(error?["message"] as? String == "scripted failure")
    let failedCompleted = failed.filter { $0.name == "response.completed" }
    #expect(failedCompleted.isEmpty)
    #expect(truncated.last?.name == "response.output_item.done")
    let truncatedEnds = truncated.filter {
      $0.name == "response.completed" || $0.name == "response.failed"
    }
    #expect(truncatedEnds.isEmpty)
    #expect(
      cut.map(\.name) == [
        "response.created", "response.output_item.added", "response.content_part.added",
        "response.output_text.delta",
      ])
  }

  @Test func anErrorEntryAnswersWithItsStatusBodyAndHeaders() async throws {
    let server = try await Self.start(
      #"""
      {"responses": [
        {"error": {"status": 429, "body": {"error": {"message": "slow down", "type": "rate_limit"}},
                   "headers": {"retry-after": "7"}}},
        {"error": {"status": 500}}
      ]}
      """#)
    let limited = try await Self.post(server, Self.requestBody("a"))
    let failed = try await Self.post(server, Self.requestBody("b"))
    try await server.shutdown()

    #expect(limited.status == 429)
    #expect(limited.header("retry-after") == "7")
    #expect(limited.header("content-type") == "application/json")
    #expect(limited.bodyText == #"{"error":{"message":"slow down","type":"rate_limit"}}"#)
    #expect(failed.status == 500)
    #expect(
      failed.bodyText
        == #"{"error":{"message":"scripted HTTP 500","type":"server_error","param":null,"code":null}}"#
    )
  }

  @Test func modelsIsAnsweredAndOtherPathsAre404Or405() async throws {
    let server = try await Self.start(#"{"responses": []}"#)
    let base = "http://127.0.0.1:\(server.port)"
    let models = try await offPool { try LoopbackHTTPClient.send("GET", base + "/v1/models") }
    let modelsNoPrefix = try await offPool { try LoopbackHTTPClient.send("GET", base + "/models") }
    let unknown = try await offPool { try LoopbackHTTPClient.send("GET", base + "/v1/chat") }
    let wrongMethod = try await offPool {
      try LoopbackHTTPClient.send("GET", base + "/v1/responses")
    }
    let unprefixed = try await Self.post(server, Self.requestBody("x"), path: "/responses?x=1")
    let recorded = server.requests
    try await server.shutdown()

    #expect(models.status == 200)
    #expect(models.bodyText == #"{"object":"list","data":[],"models":[]}"#)
    #expect(modelsNoPrefix.status == 200)
    #expect(unknown.status == 404)
    #expect(unknown.bodyText.contains("GET /v1/chat: no such endpoint"))
    #expect(wrongMethod.status == 405)
    #expect(wrongMethod.header("allow") == "POST")
    // The script is empty, so a POST to /responses reaches the script and finds nothing.
    #expect(unprefixed.status == 400)
    #expect(
      recorded.map(\.path) == [
        "/v1/models", "/models", "/v1/chat", "/v1/responses", "/responses?x=1",
      ])
    #expect(recorded.map(\.status) == [200, 200, 404, 405, 400])
  }

  @Test func theRequestLogHoldsEveryRequestWithCredentialsRedacted() async throws {
    let directory = try makeScratchDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let log = directory + "/requests.jsonl"
    let server = try await Self.start(
      #"{"responses": [{"repeat": true, "output": [{"type": "message", "text": "ok"}]}]}"#,
      log: log)
    let body = Self.requestBody("say hi")
    _ = try await Self.post(server, body)
    _ = try await offPool {
      try LoopbackHTTPClient.send("GET", "http://127.0.0.1:\(server.port)/v1/models")
    }
    let inMemory = server.requests
    try await server.shutdown()

    let logged = try RequestLogReader.read(path: log)
    #expect(logged == inMemory)
    #expect(logged.map(\.method) == ["POST", "GET"])
    #expect(logged.map(\.number) == [1, 2])
    #expect(logged.first?.body == body)
    #expect(logged.first?.header("authorization") == "Bearer [REDACTED]")
    #expect(logged.first?.header("content-type") == "application/json")
    #expect(logged.first?.scriptEntry == 0)
    let text = try String(contentsOfFile: log, encoding: .utf8)
    #expect(!text.contains("sk-test-secret-42"))
    let attributes = try FileManager.default.attributesOfItem(atPath: log)
    #expect((attributes[.posixPermissions] as? Int) == 0o600)
  }

  @Test func defaultIDsCountResponsesRequestsAndNumberRepeatedKinds() async throws {
    let server = try await Self.start(
      #"""
      {"responses": [{"repeat": true, "event_delay_ms": 1, "output": [
        {"type": "message", "text": "one"}, {"type": "message", "text": "two"},
        {"type": "function_call", "name": "a"}, {"type": "function_call", "name": "b"}]}]}
      """#)
    // A GET does not count: ids number the POSTs to /responses.
    _ = try await offPool {
      try LoopbackHTTPClient.send("GET", "http://127.0.0.1:\(server.port)/v1/models")
    }
    _ = try await Self.post(server, Self.requestBody("x"))
    let reply = try await Self.post(server, Self.requestBody("y"))
    try await server.shutdown()

    let events = parseServerSentEvents(reply.body)
    let items = events.filter { $0.name == "response.output_item.done" }
      .map { $0.json["item"] as? [String: Any] ?? [:] }
    #expect(
      items.map { $0["id"] as? String } == [
        "msg_resp_002", "msg_resp_002_2", "fc_resp_002", "fc_resp_002_2",
      ])
    #expect(
      items.map { $0["call_id"] as? String } == [nil, nil, "call_resp_002", "call_resp_002_2"])
    #expect((events.last?.json["response"] as? [String: Any])?["id"] as? String == "resp_002")
    #expect(events.map { $0.json["sequence_number"] as? Int } == Array(0..<events.count))
  }

  @Test func oneConnectionServesSeveralRequests() async throws {
    let server = try await Self.start(
      #"{"responses": [{"repeat": true, "output": [{"type": "message", "text": "ok"}]}]}"#)
    let url = "http://127.0.0.1:\(server.port)/v1/responses"
    let body = Self.requestBody("x")
    // Two transfers on one curl handle reuse the kept-alive connection.
    let connections = try await offPool { try LoopbackHTTPClient.connectionsForTwoPosts(url, body) }
    let count = server.requests.count
    try await server.shutdown()
    #expect(count == 2)
    #expect(connections == 1)
  }
}

/// A fresh directory for one test, outside /tmp's shared names.
func makeScratchDirectory() throws -> String {
  var template = Array((NSTemporaryDirectory() + "/cairn-server.XXXXXX").utf8CString)
  guard let made = mkdtemp(&template) else { throw ClientFailure("mkdtemp failed") }
  return String(cString: made)
}
