import CairnCore

/// What the scripted Responses server answers, request by request.
///
/// A script is an ordered list of entries. For each request the server takes the first entry
/// that still has uses left and whose condition matches the request (see
/// `ScriptedResponse.Condition`); an entry answers one request unless it repeats. The file
/// format is JSON and is described in docs/RESPONSES_SERVER.md, for example:
///
/// ```json
/// {"responses": [
///   {"when": {"last_user_text_contains": "RUNTOOL", "last_input_type": "message"},
///    "repeat": true,
///    "output": [{"type": "function_call", "name": "exec_command",
///                "arguments": {"cmd": "echo hello-from-tool"}}]},
///   {"output": [{"type": "message", "text": "hi"}]}
/// ]}
/// ```
public struct ResponsesScript: Sendable, Equatable {
  public var responses: [ScriptedResponse]

  public init(responses: [ScriptedResponse]) {
    self.responses = responses
  }
}

/// One scripted answer: either a 200 event stream of output items, or an HTTP error.
public struct ScriptedResponse: Sendable, Equatable {
  /// Which requests an entry may answer. Every given field must hold; an empty condition
  /// matches every request.
  public struct Condition: Sendable, Equatable {
    /// A substring of the text of the last `role: user` message in the request's `input`
    /// (its `input_text` parts joined).
    public var lastUserTextContains: String?
    /// The `type` of the very last item of `input`, e.g. `message` or
    /// `function_call_output` (the second request of a tool loop).
    public var lastInputType: String?

    public init(lastUserTextContains: String? = nil, lastInputType: String? = nil) {
      self.lastUserTextContains = lastUserTextContains
      self.lastInputType = lastInputType
    }
  }

  /// How a 200 stream ends after its output items.
  public enum StreamEnd: String, Sendable, Equatable, CaseIterable {
    /// A `response.completed` event with the usage, then the end of the body.
    case completed
    /// A `response.failed` event with `failure`, then the end of the body.
    case failed
    /// The body ends with no `response.completed` (Codex retries: "stream closed before
    /// response.completed").
    case truncated
  }

  /// Token usage reported in `response.completed`.
  public struct Usage: Sendable, Equatable {
    public var inputTokens: Int64
    public var cachedInputTokens: Int64
    public var outputTokens: Int64
    public var reasoningOutputTokens: Int64
    public var totalTokens: Int64

    /// The figures the reference mock reported for every request (CODEX_OBSERVED.md §5).
    public static let reference = Usage(
      inputTokens: 100, cachedInputTokens: 0, outputTokens: 10, reasoningOutputTokens: 0,
      totalTokens: 110)

    public init(
      inputTokens: Int64, cachedInputTokens: Int64 = 0, outputTokens: Int64,
      reasoningOutputTokens: Int64 = 0, totalTokens: Int64? = nil
    ) {
      self.inputTokens = inputTokens
      self.cachedInputTokens = cachedInputTokens
      self.outputTokens = outputTokens
      self.reasoningOutputTokens = reasoningOutputTokens
      self.totalTokens = totalTokens ?? (inputTokens + outputTokens)
    }
  }

  /// The `error` object of a `response.failed` event.
  public struct Failure: Sendable, Equatable {
    public var code: String
    public var message: String

    public init(code: String = "server_error", message: String) {
      self.code = code
      self.message = message
    }
  }

  /// A non-200 answer.
  public struct HTTPError: Sendable, Equatable {
    public var status: Int
    /// The body, sent as is.
    public var body: [UInt8]
    public var contentType: String
    /// Extra response headers, e.g. `retry-after`.
    public var headers: [(String, String)]

    public init(
      status: Int, body: [UInt8], contentType: String = "application/json",
      headers: [(String, String)] = []
    ) {
      self.status = status
      self.body = body
      self.contentType = contentType
      self.headers = headers
    }

    /// An OpenAI-style error body: `{"error":{"message":…,"type":…,"code":null}}`.
    public static func openAIStyle(status: Int, message: String, type: String) -> HTTPError {
      let error = JSONValue.object([
        ("message", .string(message)), ("type", .string(type)), ("param", .null),
        ("code", .null),
      ])
      return HTTPError(status: status, body: Array(JSONValue.object([("error", error)]).text.utf8))
    }

    public static func == (lhs: HTTPError, rhs: HTTPError) -> Bool {
      lhs.status == rhs.status && lhs.body == rhs.body && lhs.contentType == rhs.contentType
        && lhs.headers.map { [$0.0, $0.1] } == rhs.headers.map { [$0.0, $0.1] }
    }
  }

  /// A label for logs and errors; defaults to `#<index>` of the entry.
  public var name: String?
  public var condition: Condition
  /// Answers any number of requests rather than one.
  public var repeats: Bool
  /// The response id; defaults to `resp_NNN` with NNN the request's number.
  public var responseID: String?
  public var output: [ScriptedOutputItem]
  public var usage: Usage
  public var end: StreamEnd
  public var failure: Failure
  /// A pause between two events of the stream, to test streaming clients.
  public var eventDelayMilliseconds: Int
  /// When set, the body ends after this many events, whatever comes next (e.g. in the middle
  /// of a message, after some of its deltas).
  public var cutAfterEvents: Int?
  /// When set, the request gets this error instead of a stream.
  public var httpError: HTTPError?

  public init(
    name: String? = nil, condition: Condition = Condition(), repeats: Bool = false,
    responseID: String? = nil, output: [ScriptedOutputItem] = [], usage: Usage = .reference,
    end: StreamEnd = .completed,
    failure: Failure = Failure(message: "scripted response.failed"),
    eventDelayMilliseconds: Int = 0, cutAfterEvents: Int? = nil, httpError: HTTPError? = nil
  ) {
    self.name = name
    self.condition = condition
    self.repeats = repeats
    self.responseID = responseID
    self.output = output
    self.usage = usage
    self.end = end
    self.failure = failure
    self.eventDelayMilliseconds = eventDelayMilliseconds
    self.cutAfterEvents = cutAfterEvents
    self.httpError = httpError
  }
}

/// One output item of a scripted response, streamed the way the Responses API streams it.
public enum ScriptedOutputItem: Sendable, Equatable {
  /// An assistant message; `deltas` split the text into `response.output_text.delta` events
  /// (their concatenation must equal `text`); by default the whole text is one delta.
  case message(id: String?, text: String, deltas: [String]?)
  /// A reasoning item with summary parts and an opaque `encrypted_content`.
  case reasoning(id: String?, summary: [String], encryptedContent: String?)
  /// A function call; `arguments` is the JSON text the model produced (a string on the
  /// wire). Codex 0.147's shell tool is `exec_command` with `{"cmd": …}`.
  case functionCall(id: String?, callID: String?, name: String, arguments: String)
  /// A custom (free-form) tool call, e.g. `apply_patch` with the patch as `input`.
  case customToolCall(id: String?, callID: String?, name: String, input: String)
}
