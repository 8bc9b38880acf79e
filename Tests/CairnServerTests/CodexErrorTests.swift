import CairnServer
import CairnTestSupport
import Foundation
import Testing

/// How the real codex 0.147 reacts to scripted failures: CODEX_OBSERVED.md §6, checked
/// against the running binary. Slow by nature (codex backs off between retries).
@Suite(.serialized) struct CodexErrorTests {
  static func failingScript(_ entry: String) -> String {
    #"{"responses": [{"repeat": true, \#(entry)}]}"#
  }

  static let exec = ["exec", "--skip-git-repo-check", "--json", "say hi"]

  /// The `task_complete` payload at the end of the run's rollout.
  static func taskComplete(_ run: CodexRun) throws -> [String: Any] {
    let lines = try rolloutLines(path: try #require(run.rolloutPaths.first))
    let payloads = lines.filter { $0["type"] as? String == "event_msg" }
      .compactMap { $0["payload"] as? [String: Any] }
    return try #require(payloads.last { $0["type"] as? String == "task_complete" })
  }

  static func errorMessages(_ run: CodexRun) -> [String] {
    run.events(ofType: "error").compactMap { $0["message"] as? String }
  }

  static func failureMessage(_ run: CodexRun) -> String? {
    (run.events(ofType: "turn.failed").first?["error"] as? [String: Any])?["message"] as? String
  }

  @Test func http500IsRetried30TimesThenTheTurnFails() throws {
    let codex = try CodexLoopback(scriptJSON: Self.failingScript(#""error": {"status": 500}"#))
    defer { codex.cleanUp() }
    let run = try codex.run(Self.exec, timeoutSeconds: 120)
    let requests = try codex.stopServer()

    let busy = "We're currently experiencing high demand, which may cause temporary errors."
    #expect(run.exitCode == 1)
    // 6 stream attempts of 5 HTTP tries each.
    #expect(requests.count == 30)
    #expect(Self.errorMessages(run) == (1...5).map { "Reconnecting... \($0)/5 (\(busy))" } + [busy])
    #expect(Self.failureMessage(run) == busy)
    let complete = try Self.taskComplete(run)
    #expect(complete["last_agent_message"] is NSNull)
    let error = complete["error"] as? [String: Any]
    #expect(error?["codex_error_info"] as? String == "internal_server_error")
  }

  @Test func http429FailsTheTurnAtOnceWithoutRetrying() throws {
    let codex = try CodexLoopback(scriptJSON: Self.failingScript(#""error": {"status": 429}"#))
    defer { codex.cleanUp() }
    let run = try codex.run(Self.exec)
    let requests = try codex.stopServer()

    let message = "exceeded retry limit, last status: 429 Too Many Requests"
    #expect(run.exitCode == 1)
    #expect(requests.count == 1)
    #expect(Self.errorMessages(run) == [message])
    #expect(Self.failureMessage(run) == message)
    let error = try Self.taskComplete(run)["error"] as? [String: Any]
    let info = error?["codex_error_info"] as? [String: Any]
    let attempts = info?["response_too_many_failed_attempts"] as? [String: Any]
    #expect(attempts?["http_status_code"] as? Int == 429)
  }

  @Test func http400FailsAtOnceWithTheRawBodyAsTheMessage() throws {
    let body = #"{"error":{"message":"mock bad request","type":"invalid_request_error"}}"#
    let codex = try CodexLoopback(
      scriptJSON: Self.failingScript(#""error": {"status": 400, "body": \#(body)}"#))
    defer { codex.cleanUp() }
    let run = try codex.run(Self.exec)
    let requests = try codex.stopServer()

    #expect(run.exitCode == 1)
    #expect(requests.count == 1)
    #expect(Self.failureMessage(run) == body)
    let error = try Self.taskComplete(run)["error"] as? [String: Any]
    #expect(error?["codex_error_info"] as? String == "other")
  }

  @Test func aStreamCutInsideAMessageIsRetried5TimesAndItsTextIsNotStored() throws {
    // Cut after response.created, output_item.added, content_part.added and one delta.
    let codex = try CodexLoopback(
      scriptJSON: Self.failingScript(
        #""output": [{"type": "message", "text": "partial answer"}], "cut_after_events": 4"#))
    defer { codex.cleanUp() }
    let run = try codex.run(Self.exec, timeoutSeconds: 60)
    let requests = try codex.stopServer()

    let cause = "stream disconnected before completion: stream closed before response.completed"
    #expect(run.exitCode == 1)
    #expect(requests.count == 6)
    let reconnects = Self.errorMessages(run).filter { $0.hasPrefix("Reconnecting") }
    #expect(reconnects == (1...5).map { "Reconnecting... \($0)/5 (\(cause))" })
    #expect(Self.failureMessage(run) == cause)
    let rollout = try String(contentsOfFile: try #require(run.rolloutPaths.first), encoding: .utf8)
    let storesPartialText = rollout.contains("partial answer")
    #expect(!storesPartialText)
  }

  @Test func aMessageCompletedBeforeTheStreamEndsIsStoredAndResentByEveryRetry() throws {
    // The item's output_item.done arrives; only response.completed is missing. Codex keeps
    // the finished item from every attempt (six copies after five retries) and sends the
    // earlier ones back with each retry.
    let codex = try CodexLoopback(
      scriptJSON: Self.failingScript(
        #""output": [{"type": "message", "text": "finished answer"}], "end": "truncated""#))
    defer { codex.cleanUp() }
    let run = try codex.run(Self.exec, timeoutSeconds: 60)
    let requests = try codex.stopServer()

    #expect(run.exitCode == 1)
    #expect(requests.count == 6)
    let lines = try rolloutLines(path: try #require(run.rolloutPaths.first))
    let stored = lines.filter { $0["type"] as? String == "response_item" }
      .compactMap { $0["payload"] as? [String: Any] }
      .filter { $0["role"] as? String == "assistant" }.compactMap { $0["id"] as? String }
    #expect(stored == (1...6).map { "msg_resp_00\($0)" })
    // And each retry sends back the finished items of the attempts before it.
    let firstCount = try #require(requests.first).inputItems.count
    for (index, request) in requests.enumerated() {
      let items = request.inputItems
      #expect(items.count == firstCount + index)
      let resent = items.suffix(index).compactMap { $0["id"] as? String }
      #expect(resent == (0..<index).map { "msg_resp_00\($0 + 1)" })
    }
  }

  @Test func aResponseFailedEventIsTreatedLikeADisconnect() throws {
    let codex = try CodexLoopback(
      scriptJSON: Self.failingScript(
        #""end": "failed", "failure": {"message": "mock response.failed"}"#))
    defer { codex.cleanUp() }
    let run = try codex.run(Self.exec, timeoutSeconds: 60)
    let requests = try codex.stopServer()

    let cause = "stream disconnected before completion: mock response.failed"
    #expect(run.exitCode == 1)
    #expect(requests.count == 6)
    #expect(Self.failureMessage(run) == cause)
    #expect(Self.errorMessages(run).first == "Reconnecting... 1/5 (\(cause))")
  }
}
