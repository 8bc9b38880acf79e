/// One event of a streamed response, decoded from an SSE event's JSON `data` by
/// `ResponseStreamEventDecoder` (docs/RESPONSES_API.md lists the wire shapes).
public enum ResponseStreamEvent: Sendable, Equatable {
  /// `response.created`.
  case created(responseID: String)
  /// `response.output_item.added`: an item starts (usually without its text yet).
  case outputItemAdded(outputIndex: Int, item: ResponseOutputItem)
  /// `response.output_item.done`: the item's final form.
  case outputItemDone(outputIndex: Int, item: ResponseOutputItem)
  case outputTextDelta(itemID: String, outputIndex: Int, contentIndex: Int, delta: String)
  case outputTextDone(itemID: String, outputIndex: Int, contentIndex: Int, text: String)
  case reasoningSummaryTextDelta(itemID: String, summaryIndex: Int, delta: String)
  case reasoningSummaryTextDone(itemID: String, summaryIndex: Int, text: String)
  case functionCallArgumentsDelta(itemID: String, outputIndex: Int, delta: String)
  case functionCallArgumentsDone(itemID: String, outputIndex: Int, arguments: String)
  case customToolCallInputDelta(itemID: String, outputIndex: Int, delta: String)
  case customToolCallInputDone(itemID: String, outputIndex: Int, input: String)
  /// `response.completed`, with `response.usage` when present.
  case completed(responseID: String, usage: ResponseUsage?)
  /// `response.failed`, with `response.error`.
  case failed(responseID: String?, error: ResponseErrorInfo)
  /// `response.incomplete`, with `response.incomplete_details.reason`
  /// (e.g. `max_output_tokens`).
  case incomplete(responseID: String?, reason: String?)
  /// A top-level `error` event.
  case error(ResponseErrorInfo)
  /// A type that is known but carries nothing Cairn keeps (`response.in_progress`,
  /// `response.content_part.*`, `response.reasoning_summary_part.*`, …), or an unknown
  /// one: never fatal.
  case other(type: String)
}

/// An output item as it appears in `output_item.added` / `output_item.done` (and in the
/// accumulator's results).
public enum ResponseOutputItem: Sendable, Equatable {
  /// An assistant message; `text` is its `output_text` parts joined.
  case message(id: String, role: String, text: String)
  case reasoning(id: String, summary: [String], encryptedContent: String?)
  case functionCall(id: String?, callID: String, name: String, arguments: String)
  case customToolCall(id: String?, callID: String, name: String, input: String)
  /// Any other item type (`web_search_call`, …), kept by type and id only.
  case other(type: String, id: String?)

  /// The item's `id`, when it has one.
  public var id: String? {
    switch self {
    case .message(let id, _, _), .reasoning(let id, _, _): return id
    case .functionCall(let id, _, _, _), .customToolCall(let id, _, _, _), .other(_, let id):
      return id
    }
  }
}

/// Token usage from `response.completed`: `input_tokens`,
/// `input_tokens_details.cached_tokens`, `output_tokens`,
/// `output_tokens_details.reasoning_tokens`, `total_tokens` (0 when absent).
public struct ResponseUsage: Sendable, Equatable {
  public var inputTokens: UInt64
  public var cachedInputTokens: UInt64
  public var outputTokens: UInt64
  public var reasoningOutputTokens: UInt64
  public var totalTokens: UInt64

  public init(
    inputTokens: UInt64 = 0, cachedInputTokens: UInt64 = 0, outputTokens: UInt64 = 0,
    reasoningOutputTokens: UInt64 = 0, totalTokens: UInt64 = 0
  ) {
    self.inputTokens = inputTokens
    self.cachedInputTokens = cachedInputTokens
    self.outputTokens = outputTokens
    self.reasoningOutputTokens = reasoningOutputTokens
    self.totalTokens = totalTokens
  }
}

/// The `error` of a failed response or an `error` event.
public struct ResponseErrorInfo: Sendable, Equatable {
  /// e.g. `server_error`, `rate_limit_exceeded`, `context_length_exceeded`.
  public var code: String?
  public var message: String

  public init(code: String? = nil, message: String) {
    self.code = code
    self.message = message
  }
}
