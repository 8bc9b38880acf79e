/// Decodes the JSON `data` of one SSE event into a `ResponseStreamEvent`.
///
/// The type comes from the JSON `type` member (the `event:` line is ignored, as Codex
/// ignores it); members may come in any order. Unknown types, and known ones Cairn does
/// not use, become `.other(type:)`. Malformed JSON, a missing `type` or a missing member
/// a known type needs throw `ResponseStreamDecodeError`. docs/RESPONSES_API.md.
public enum ResponseStreamEventDecoder {
  public static func decode(_ event: SSEEvent) throws -> ResponseStreamEvent {
    try decode(data: event.data, eventName: event.name)
  }

  /// `eventName` only names the event in an error when the JSON breaks before its `type`.
  public static func decode(data: [UInt8], eventName: String? = nil) throws
    -> ResponseStreamEvent
  {
    var fields = EventFields()
    let scanner = JSONScanner(
      source: JSONMemorySource(data), bufferBytes: min(max(data.count, 64), 1 << 20))
    var reader = FieldReader(scanner: scanner, stringBytesMax: max(data.count, 1))
    do {
      guard try scanner.peekKind() == .object else {
        throw ResponseStreamDecodeError(
          eventType: eventName, offset: scanner.offset, cause: .notAnObject)
      }
      try reader.readEvent(into: &fields)
      if let byte = try scanner.skipWhitespace() {
        throw JSONScanError(offset: scanner.offset, cause: .trailingBytes(byte))
      }
    } catch let error as JSONScanError {
      throw ResponseStreamDecodeError(
        eventType: fields.type ?? eventName, offset: error.offset,
        cause: .malformedJSON(error.cause))
    } catch var error as ResponseStreamDecodeError {
      error.eventType = error.eventType ?? fields.type ?? eventName
      throw error
    }
    return try fields.event(endOffset: UInt64(data.count))
  }
}

/// The members of an event object that any known type uses.
struct EventFields {
  var type: String?
  var itemID: String?
  var outputIndex: Int?
  var contentIndex: Int?
  var summaryIndex: Int?
  var delta: String?
  var text: String?
  var arguments: String?
  var input: String?
  var item: ItemFields?
  var response: ResponseFields?
  var code: String?
  var message: String?
  var error: ErrorFields?

  func event(endOffset: UInt64) throws -> ResponseStreamEvent {
    guard let type else {
      throw ResponseStreamDecodeError(eventType: nil, offset: endOffset, cause: .missingType)
    }
    func need<Value>(_ value: Value?, _ name: String) throws -> Value {
      guard let value else {
        throw ResponseStreamDecodeError(
          eventType: type, offset: endOffset, cause: .missingMember(name))
      }
      return value
    }
    switch type {
    case "response.created":
      return .created(responseID: try need(response?.id, "response.id"))
    case "response.output_item.added", "response.output_item.done":
      let item = try need(item, "item").outputItem(eventType: type, endOffset: endOffset)
      let index = outputIndex ?? 0
      return type == "response.output_item.added"
        ? .outputItemAdded(outputIndex: index, item: item)
        : .outputItemDone(outputIndex: index, item: item)
    case "response.output_text.delta":
      return .outputTextDelta(
        itemID: try need(itemID, "item_id"), outputIndex: outputIndex ?? 0,
        contentIndex: contentIndex ?? 0, delta: try need(delta, "delta"))
    case "response.output_text.done":
      return .outputTextDone(
        itemID: try need(itemID, "item_id"), outputIndex: outputIndex ?? 0,
        contentIndex: contentIndex ?? 0, text: try need(text, "text"))
    case "response.reasoning_summary_text.delta":
      return .reasoningSummaryTextDelta(
        itemID: try need(itemID, "item_id"), summaryIndex: summaryIndex ?? 0,
        delta: try need(delta, "delta"))
    case "response.reasoning_summary_text.done":
      return .reasoningSummaryTextDone(
        itemID: try need(itemID, "item_id"), summaryIndex: summaryIndex ?? 0,
        text: try need(text, "text"))
    case "response.function_call_arguments.delta":
      return .functionCallArgumentsDelta(
        itemID: try need(itemID, "item_id"), outputIndex: outputIndex ?? 0,
        delta: try need(delta, "delta"))
    case "response.function_call_arguments.done":
      return .functionCallArgumentsDone(
        itemID: try need(itemID, "item_id"), outputIndex: outputIndex ?? 0,
        arguments: try need(arguments, "arguments"))
    case "response.custom_tool_call_input.delta":
      return .customToolCallInputDelta(
        itemID: try need(itemID, "item_id"), outputIndex: outputIndex ?? 0,
        delta: try need(delta, "delta"))
    case "response.custom_tool_call_input.done":
      return .customToolCallInputDone(
        itemID: try need(itemID, "item_id"), outputIndex: outputIndex ?? 0,
        input: try need(input, "input"))
    case "response.completed":
      let response = try need(response, "response")
      return .completed(responseID: try need(response.id, "response.id"), usage: response.usage)
    case "response.failed":
      let failure = response?.error
      return .failed(
        responseID: response?.id,
        error: ResponseErrorInfo(
          code: failure?.code,
          message: failure?.message ?? "response.failed without an error message"))
    case "response.incomplete":
      return .incomplete(responseID: response?.id, reason: response?.incompleteReason)
    case "error":
      // The message is at the top level in the Responses API; some servers nest it.
      return .error(
        ResponseErrorInfo(
          code: code ?? error?.code,
          message: message ?? error?.message ?? "error event without a message"))
    default:
      return .other(type: type)
    }
  }
}

/// The members of an output item.
struct ItemFields {
  var type: String?
  var id: String?
  var role: String?
  var callID: String?
  var name: String?
  var arguments: String?
  var input: String?
  /// The `output_text` parts of a message's `content`.
  var outputTexts: [String] = []
  /// The `text` of each `summary` part of a reasoning item.
  var summaryTexts: [String] = []
  var encryptedContent: String?

  func outputItem(eventType: String, endOffset: UInt64) throws -> ResponseOutputItem {
    func need(_ value: String?, _ name: String) throws -> String {
      guard let value else {
        throw ResponseStreamDecodeError(
          eventType: eventType, offset: endOffset, cause: .missingMember("item." + name))
      }
      return value
    }
    switch try need(type, "type") {
    case "message":
      return .message(id: id ?? "", role: role ?? "assistant", text: outputTexts.joined())
    case "reasoning":
      return .reasoning(id: id ?? "", summary: summaryTexts, encryptedContent: encryptedContent)
    case "function_call":
      return .functionCall(
        id: id, callID: try need(callID, "call_id"), name: try need(name, "name"),
        arguments: arguments ?? "")
    case "custom_tool_call":
      return .customToolCall(
        id: id, callID: try need(callID, "call_id"), name: try need(name, "name"),
        input: input ?? "")
    case let other:
      return .other(type: other, id: id)
    }
  }
}

/// The members of the `response` object of created/completed/failed/incomplete events.
struct ResponseFields {
  var id: String?
  var usage: ResponseUsage?
  var error: ErrorFields?
  var incompleteReason: String?
}

struct ErrorFields {
  var code: String?
  var message: String?
}
