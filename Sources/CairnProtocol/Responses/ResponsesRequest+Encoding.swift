extension ResponsesRequest {
  /// Compact JSON, keys in Codex 0.147's order (CODEX_OBSERVED.md §5): model,
  /// instructions, input, tools, tool_choice, parallel_tool_calls, reasoning, store,
  /// stream, include, prompt_cache_key, text, client_metadata.
  public func encodedJSON() -> [UInt8] {
    var writer = JSONWriter(reservingCapacity: estimatedBytes)
    writer.beginObject()
    writer.member("model", model)
    writer.member("instructions", instructions)
    writer.key("input")
    writer.beginArray()
    for item in input { item.write(to: &writer) }
    writer.endArray()
    writer.key("tools")
    writer.beginArray()
    for tool in tools { tool.write(to: &writer) }
    writer.endArray()
    writer.member("tool_choice", toolChoice)
    writer.key("parallel_tool_calls")
    writer.bool(parallelToolCalls)
    if let reasoning {
      writer.key("reasoning")
      writer.beginObject()
      if let effort = reasoning.effort { writer.member("effort", effort) }
      if let summary = reasoning.summary { writer.member("summary", summary) }
      writer.endObject()
    }
    writer.key("store")
    writer.bool(store)
    writer.key("stream")
    writer.bool(stream)
    writer.key("include")
    writer.beginArray()
    for entry in include { writer.string(entry) }
    writer.endArray()
    if let promptCacheKey { writer.member("prompt_cache_key", promptCacheKey) }
    if let text {
      writer.key("text")
      writer.beginObject()
      if let verbosity = text.verbosity { writer.member("verbosity", verbosity) }
      if let format = text.format {
        writer.key("format")
        writer.beginObject()
        writer.member("type", "json_schema")
        writer.key("strict")
        writer.bool(format.strict)
        writer.key("schema")
        writer.raw(format.schema)
        writer.member("name", format.name)
        writer.endObject()
      }
      writer.endObject()
    }
    if !clientMetadata.isEmpty {
      writer.key("client_metadata")
      writer.beginObject()
      for entry in clientMetadata { writer.member(entry.key, entry.value) }
      writer.endObject()
    }
    writer.endObject()
    return writer.bytes
  }

  /// A capacity guess that avoids most regrowth of the output for large histories.
  private var estimatedBytes: Int {
    var bytes = 1024 + instructions.utf8.count
    for item in input { bytes += item.estimatedBytes }
    for tool in tools { bytes += tool.estimatedBytes }
    return bytes
  }
}

extension ResponseInputItem {
  func write(to writer: inout JSONWriter) {
    writer.beginObject()
    switch self {
    case .message(let message):
      writer.member("type", "message")
      if let id = message.id { writer.member("id", id) }
      writer.member("role", message.role)
      writer.key("content")
      writer.beginArray()
      for part in message.content { part.write(to: &writer) }
      writer.endArray()
    case .functionCall(let call):
      writer.member("type", "function_call")
      if let id = call.id { writer.member("id", id) }
      writer.member("name", call.name)
      writer.member("arguments", call.arguments)
      writer.member("call_id", call.callID)
    case .functionCallOutput(let output):
      writer.member("type", "function_call_output")
      output.writeMembers(to: &writer)
    case .customToolCall(let call):
      writer.member("type", "custom_tool_call")
      if let id = call.id { writer.member("id", id) }
      if let status = call.status { writer.member("status", status) }
      writer.member("call_id", call.callID)
      writer.member("name", call.name)
      writer.member("input", call.input)
    case .customToolCallOutput(let output):
      writer.member("type", "custom_tool_call_output")
      output.writeMembers(to: &writer)
    case .reasoning(let reasoning):
      writer.member("type", "reasoning")
      writer.member("id", reasoning.id)
      writer.key("summary")
      writer.beginArray()
      for text in reasoning.summary {
        writer.beginObject()
        writer.member("type", "summary_text")
        writer.member("text", text)
        writer.endObject()
      }
      writer.endArray()
      writer.key("content")
      writer.null()
      // Codex writes the member even without a value.
      writer.key("encrypted_content")
      if let encrypted = reasoning.encryptedContent {
        writer.string(encrypted)
      } else {
        writer.null()
      }
    }
    writer.endObject()
  }

  var estimatedBytes: Int {
    switch self {
    case .message(let message):
      return message.content.reduce(96) { total, part in
        switch part {
        case .inputText(let text), .outputText(let text): return total + text.utf8.count + 32
        case .inputImage(let url, _): return total + url.utf8.count + 64
        }
      }
    case .functionCall(let call): return 96 + call.arguments.utf8.count + call.name.utf8.count
    case .functionCallOutput(let output), .customToolCallOutput(let output):
      return 96 + output.output.utf8.count
    case .customToolCall(let call): return 128 + call.input.utf8.count
    case .reasoning(let reasoning):
      return reasoning.summary.reduce(128 + (reasoning.encryptedContent?.utf8.count ?? 0)) {
        $0 + $1.utf8.count + 40
      }
    }
  }
}

extension ResponseToolOutput {
  fileprivate func writeMembers(to writer: inout JSONWriter) {
    if let id { writer.member("id", id) }
    writer.member("call_id", callID)
    writer.member("output", output)
  }
}

extension ResponseContentPart {
  func write(to writer: inout JSONWriter) {
    writer.beginObject()
    switch self {
    case .inputText(let text):
      writer.member("type", "input_text")
      writer.member("text", text)
    case .outputText(let text):
      writer.member("type", "output_text")
      writer.member("text", text)
    case .inputImage(let url, let detail):
      writer.member("type", "input_image")
      writer.member("image_url", url)
      if let detail { writer.member("detail", detail) }
    }
    writer.endObject()
  }
}

extension ResponseTool {
  func write(to writer: inout JSONWriter) {
    switch self {
    case .function(let name, let description, let parameters, let strict):
      writer.beginObject()
      writer.member("type", "function")
      writer.member("name", name)
      writer.member("description", description)
      writer.key("strict")
      writer.bool(strict)
      writer.key("parameters")
      writer.raw(parameters)
      writer.endObject()
    case .custom(let name, let description, let format):
      writer.beginObject()
      writer.member("type", "custom")
      writer.member("name", name)
      writer.member("description", description)
      if let format {
        writer.key("format")
        writer.raw(format)
      }
      writer.endObject()
    case .raw(let json):
      writer.raw(json)
    }
  }

  var estimatedBytes: Int {
    switch self {
    case .function(let name, let description, let parameters, _):
      return 96 + name.utf8.count + description.utf8.count + parameters.text.utf8.count
    case .custom(let name, let description, let format):
      return 96 + name.utf8.count + description.utf8.count + (format?.text.utf8.count ?? 0)
    case .raw(let json): return json.text.utf8.count
    }
  }
}
