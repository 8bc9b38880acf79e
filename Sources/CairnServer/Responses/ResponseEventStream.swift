import CairnCore

/// One server-sent event: `event: <name>\ndata: <json>\n\n`. The JSON repeats the name as
/// its `type`, which is what Codex reads (it ignores the `event:` line).
struct ServerSentEvent: Sendable, Equatable {
  var name: String
  var data: JSONValue

  var bytes: [UInt8] {
    var out = Array("event: \(name)\ndata: ".utf8)
    data.write(to: &out)
    out.append(contentsOf: [0x0A, 0x0A])
    return out
  }
}

/// The events of a scripted 200 response, in the order and shape the Responses API streams
/// them (docs/RESPONSES_SERVER.md lists them).
enum ResponseEventStream {
  /// The events for `response`, answering request number `request` (1-based; it makes the
  /// default ids: `resp_001`, `msg_resp_001`, `call_resp_001`, …).
  static func events(for response: ScriptedResponse, request: Int, model: String?)
    -> [ServerSentEvent]
  {
    var builder = Builder(request: request)
    let responseID = response.responseID ?? "resp_\(builder.number)"
    builder.emit(
      "response.created",
      [("response", responseObject(id: responseID, status: "in_progress", model: model, []))])
    var doneItems: [JSONValue] = []
    for (outputIndex, item) in response.output.enumerated() {
      doneItems.append(builder.stream(item, outputIndex: outputIndex))
    }
    switch response.end {
    case .completed:
      var object = responseObject(id: responseID, status: "completed", model: model, doneItems)
      object = appending(("usage", usageObject(response.usage)), to: object)
      builder.emit("response.completed", [("response", object)])
    case .failed:
      var object = responseObject(id: responseID, status: "failed", model: model, doneItems)
      let error = JSONValue.object([
        ("code", .string(response.failure.code)), ("message", .string(response.failure.message)),
      ])
      object = appending(("error", error), to: object)
      builder.emit("response.failed", [("response", object)])
    case .truncated:
      break
    }
    return builder.events
  }

  static func usageObject(_ usage: ScriptedResponse.Usage) -> JSONValue {
    .object([
      ("input_tokens", .int(usage.inputTokens)),
      ("input_tokens_details", .object([("cached_tokens", .int(usage.cachedInputTokens))])),
      ("output_tokens", .int(usage.outputTokens)),
      (
        "output_tokens_details",
        .object([("reasoning_tokens", .int(usage.reasoningOutputTokens))])
      ),
      ("total_tokens", .int(usage.totalTokens)),
    ])
  }

  private static func responseObject(
    id: String, status: String, model: String?, _ output: [JSONValue]
  ) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("id", .string(id)), ("object", .string("response")), ("status", .string(status)),
    ]
    if let model { members.append(("model", .string(model))) }
    members.append(("output", .array(output)))
    return .object(members)
  }

  private static func appending(_ member: (String, JSONValue), to object: JSONValue) -> JSONValue {
    guard case .object(let members) = object else { return object }
    return .object(members + [member])
  }
}

/// Accumulates events with their sequence numbers and hands out default ids.
private struct Builder {
  let number: String
  var events: [ServerSentEvent] = []
  var idsUsed: [String: Int] = [:]

  init(request: Int) {
    let digits = String(request)
    number = String(repeating: "0", count: max(0, 3 - digits.count)) + digits
  }

  /// `prefix_resp_NNN`, then `prefix_resp_NNN_2`, … within one response.
  mutating func defaultID(_ prefix: String) -> String {
    let count = (idsUsed[prefix] ?? 0) + 1
    idsUsed[prefix] = count
    let base = "\(prefix)_resp_\(number)"
    return count == 1 ? base : "\(base)_\(count)"
  }

  mutating func emit(_ name: String, _ members: [(String, JSONValue)]) {
    let data = JSONValue.object(
      [("type", .string(name)), ("sequence_number", .int(Int64(events.count)))] + members)
    events.append(ServerSentEvent(name: name, data: data))
  }

  /// Streams one item and returns its final (`output_item.done`) form.
  mutating func stream(_ item: ScriptedOutputItem, outputIndex: Int) -> JSONValue {
    let index = ("output_index", JSONValue.int(Int64(outputIndex)))
    switch item {
    case .message(let id, let text, let deltas):
      let itemID = id ?? defaultID("msg")
      let position: [(String, JSONValue)] = [
        ("item_id", .string(itemID)), index, ("content_index", .int(0)),
      ]
      func message(_ status: String, _ content: [JSONValue]) -> JSONValue {
        .object([
          ("id", .string(itemID)), ("type", .string("message")), ("status", .string(status)),
          ("role", .string("assistant")), ("content", .array(content)),
        ])
      }
      func part(_ text: String) -> JSONValue {
        .object([
          ("type", .string("output_text")), ("text", .string(text)), ("annotations", .array([])),
        ])
      }
      emit("response.output_item.added", [index, ("item", message("in_progress", []))])
      emit("response.content_part.added", position + [("part", part(""))])
      for delta in deltas ?? [text] where !delta.isEmpty {
        emit("response.output_text.delta", position + [("delta", .string(delta))])
      }
      emit("response.output_text.done", position + [("text", .string(text))])
      emit("response.content_part.done", position + [("part", part(text))])
      let done = message("completed", [part(text)])
      emit("response.output_item.done", [index, ("item", done)])
      return done

    case .reasoning(let id, let summary, let encryptedContent):
      let itemID = id ?? defaultID("rs")
      func reasoning(_ parts: [String]) -> JSONValue {
        var members: [(String, JSONValue)] = [
          ("id", .string(itemID)), ("type", .string("reasoning")),
          ("summary", .array(parts.map(summaryPart))),
        ]
        if let encryptedContent {
          members.append(("encrypted_content", .string(encryptedContent)))
        }
        return .object(members)
      }
      emit("response.output_item.added", [index, ("item", reasoning([]))])
      for (summaryIndex, text) in summary.enumerated() {
        let position: [(String, JSONValue)] = [
          ("item_id", .string(itemID)), index, ("summary_index", .int(Int64(summaryIndex))),
        ]
        emit("response.reasoning_summary_part.added", position + [("part", summaryPart(""))])
        emit("response.reasoning_summary_text.delta", position + [("delta", .string(text))])
        emit("response.reasoning_summary_text.done", position + [("text", .string(text))])
        emit("response.reasoning_summary_part.done", position + [("part", summaryPart(text))])
      }
      let done = reasoning(summary)
      emit("response.output_item.done", [index, ("item", done)])
      return done

    case .functionCall(let id, let callID, let name, let arguments):
      let itemID = id ?? defaultID("fc")
      let call = callID ?? defaultID("call")
      func functionCall(_ status: String, _ arguments: String) -> JSONValue {
        .object([
          ("id", .string(itemID)), ("type", .string("function_call")),
          ("status", .string(status)), ("arguments", .string(arguments)),
          ("call_id", .string(call)), ("name", .string(name)),
        ])
      }
      let position: [(String, JSONValue)] = [("item_id", .string(itemID)), index]
      emit("response.output_item.added", [index, ("item", functionCall("in_progress", ""))])
      emit("response.function_call_arguments.delta", position + [("delta", .string(arguments))])
      emit("response.function_call_arguments.done", position + [("arguments", .string(arguments))])
      let done = functionCall("completed", arguments)
      emit("response.output_item.done", [index, ("item", done)])
      return done

    case .customToolCall(let id, let callID, let name, let input):
      let itemID = id ?? defaultID("ctc")
      let call = callID ?? defaultID("call")
      func customCall(_ status: String, _ input: String) -> JSONValue {
        .object([
          ("id", .string(itemID)), ("type", .string("custom_tool_call")),
          ("status", .string(status)), ("call_id", .string(call)), ("name", .string(name)),
          ("input", .string(input)),
        ])
      }
      let position: [(String, JSONValue)] = [("item_id", .string(itemID)), index]
      emit("response.output_item.added", [index, ("item", customCall("in_progress", ""))])
      emit("response.custom_tool_call_input.delta", position + [("delta", .string(input))])
      emit("response.custom_tool_call_input.done", position + [("input", .string(input))])
      let done = customCall("completed", input)
      emit("response.output_item.done", [index, ("item", done)])
      return done
    }
  }
}

private func summaryPart(_ text: String) -> JSONValue {
  .object([("type", .string("summary_text")), ("text", .string(text))])
}
