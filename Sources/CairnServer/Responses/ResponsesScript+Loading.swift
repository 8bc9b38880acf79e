import CairnCore

/// A script file that cannot be used, with where and why: `script.json:4:18:
/// responses[0].output[1].text: expected a string, found a number`.
public struct ResponsesScriptError: Error, Equatable, CustomStringConvertible {
  /// The file name as given (or `<script>` for text that came from no file).
  public var file: String
  public var line: Int
  public var column: Int
  /// The JSON path of the offending value, e.g. `responses[0].output[1].text`.
  public var path: String
  public var reason: String

  public var description: String {
    let location = path.isEmpty ? "" : "\(path): "
    return "\(file):\(line):\(column): \(location)\(reason)"
  }
}

extension ResponsesScript {
  /// Reads a script from JSON text; `file` names it in errors.
  public static func parse(_ bytes: [UInt8], file: String = "<script>") throws(ResponsesScriptError)
    -> ResponsesScript
  {
    let root: ParsedJSON
    do {
      root = try ParsedJSON.parse(bytes)
    } catch {
      let (line, column) = lineAndColumn(of: error.offset, in: bytes)
      throw ResponsesScriptError(
        file: file, line: line, column: column, path: "",
        reason: "not valid JSON: \(error.reason)")
    }
    var reader = ScriptReader(bytes: bytes, file: file)
    return try reader.script(root)
  }
}

/// Turns parsed JSON into a script, with an error naming the path and position of the
/// first value that does not fit.
private struct ScriptReader {
  let bytes: [UInt8]
  let file: String

  func error(_ value: ParsedJSON, _ path: String, _ reason: String) -> ResponsesScriptError {
    let (line, column) = lineAndColumn(of: value.offset, in: bytes)
    return ResponsesScriptError(file: file, line: line, column: column, path: path, reason: reason)
  }

  func members(_ value: ParsedJSON, _ path: String, allowed: [String]) throws(ResponsesScriptError)
    -> [(String, ParsedJSON)]
  {
    guard case .object(let members) = value.kind else {
      throw error(value, path, "expected an object, found \(value.typeName)")
    }
    for (key, member) in members where !allowed.contains(key) {
      throw error(
        member, join(path, key),
        "unknown member \"\(key)\" (allowed here: \(allowed.joined(separator: ", ")))")
    }
    return members
  }

  func string(_ value: ParsedJSON, _ path: String) throws(ResponsesScriptError) -> String {
    guard case .string(let text) = value.kind else {
      throw error(value, path, "expected a string, found \(value.typeName)")
    }
    return text
  }

  func integer(_ value: ParsedJSON, _ path: String, in range: ClosedRange<Int64>)
    throws(ResponsesScriptError) -> Int64
  {
    guard case .number(let text) = value.kind, let number = Int64(text) else {
      throw error(value, path, "expected an integer, found \(value.typeName)")
    }
    guard range.contains(number) else {
      throw error(
        value, path, "\(number) is out of range (\(range.lowerBound)…\(range.upperBound))")
    }
    return number
  }

  func bool(_ value: ParsedJSON, _ path: String) throws(ResponsesScriptError) -> Bool {
    guard case .bool(let flag) = value.kind else {
      throw error(value, path, "expected true or false, found \(value.typeName)")
    }
    return flag
  }

  func array(_ value: ParsedJSON, _ path: String) throws(ResponsesScriptError) -> [ParsedJSON] {
    guard case .array(let items) = value.kind else {
      throw error(value, path, "expected an array, found \(value.typeName)")
    }
    return items
  }

  func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

  mutating func script(_ root: ParsedJSON) throws(ResponsesScriptError) -> ResponsesScript {
    var responses: [ScriptedResponse]?
    for (key, value) in try members(root, "", allowed: ["description", "responses"]) {
      switch key {
      case "description": _ = try string(value, key)
      default:
        var entries: [ScriptedResponse] = []
        for (index, item) in try array(value, key).enumerated() {
          entries.append(try response(item, "responses[\(index)]"))
        }
        responses = entries
      }
    }
    guard let responses else {
      throw error(root, "", "a script needs a \"responses\" array")
    }
    return ResponsesScript(responses: responses)
  }

  func response(_ value: ParsedJSON, _ path: String) throws(ResponsesScriptError)
    -> ScriptedResponse
  {
    let streamKeys = [
      "id", "output", "usage", "end", "failure", "event_delay_ms", "cut_after_events",
    ]
    let allowed = ["name", "when", "repeat", "error"] + streamKeys
    let entries = try members(value, path, allowed: allowed)
    var response = ScriptedResponse()
    var sawStreamKey: ParsedJSON?
    for (key, member) in entries {
      let here = join(path, key)
      if streamKeys.contains(key) { sawStreamKey = sawStreamKey ?? member }
      switch key {
      case "name": response.name = try string(member, here)
      case "when": response.condition = try condition(member, here)
      case "repeat": response.repeats = try bool(member, here)
      case "id": response.responseID = try string(member, here)
      case "output":
        for (index, item) in try array(member, here).enumerated() {
          response.output.append(try outputItem(item, "\(here)[\(index)]"))
        }
      case "usage": response.usage = try usage(member, here)
      case "end":
        let text = try string(member, here)
        guard let end = ScriptedResponse.StreamEnd(rawValue: text) else {
          let names = ScriptedResponse.StreamEnd.allCases.map(\.rawValue).joined(separator: ", ")
          throw error(member, here, "unknown end \"\(text)\" (one of: \(names))")
        }
        response.end = end
      case "failure":
        var failure = ScriptedResponse.Failure(message: "")
        var sawMessage = false
        for (name, part) in try members(member, here, allowed: ["code", "message"]) {
          if name == "code" {
            failure.code = try string(part, join(here, name))
          } else {
            failure.message = try string(part, join(here, name))
            sawMessage = true
          }
        }
        guard sawMessage else { throw error(member, here, "a failure needs a \"message\"") }
        response.failure = failure
      case "event_delay_ms":
        response.eventDelayMilliseconds = Int(try integer(member, here, in: 0...60_000))
      case "cut_after_events":
        response.cutAfterEvents = Int(try integer(member, here, in: 0...1_000_000))
      default:
        response.httpError = try httpError(member, here)
      }
    }
    if response.httpError != nil, let streamed = sawStreamKey {
      throw error(
        streamed, path,
        "an entry with \"error\" answers with that HTTP error only; remove its "
          + streamKeys.map { "\"\($0)\"" }.joined(separator: ", "))
    }
    return response
  }

  func condition(_ value: ParsedJSON, _ path: String) throws(ResponsesScriptError)
    -> ScriptedResponse.Condition
  {
    var condition = ScriptedResponse.Condition()
    let allowed = ["last_user_text_contains", "last_input_type"]
    for (key, member) in try members(value, path, allowed: allowed) {
      let text = try string(member, join(path, key))
      if key == "last_user_text_contains" {
        condition.lastUserTextContains = text
      } else {
        condition.lastInputType = text
      }
    }
    return condition
  }

  func usage(_ value: ParsedJSON, _ path: String) throws(ResponsesScriptError)
    -> ScriptedResponse.Usage
  {
    let allowed = [
      "input_tokens", "cached_input_tokens", "output_tokens", "reasoning_output_tokens",
      "total_tokens",
    ]
    var figures: [String: Int64] = [:]
    for (key, member) in try members(value, path, allowed: allowed) {
      figures[key] = try integer(member, join(path, key), in: 0...Int64(Int32.max) * 1024)
    }
    guard let input = figures["input_tokens"], let output = figures["output_tokens"] else {
      throw error(value, path, "usage needs \"input_tokens\" and \"output_tokens\"")
    }
    return ScriptedResponse.Usage(
      inputTokens: input, cachedInputTokens: figures["cached_input_tokens"] ?? 0,
      outputTokens: output, reasoningOutputTokens: figures["reasoning_output_tokens"] ?? 0,
      totalTokens: figures["total_tokens"])
  }

  func httpError(_ value: ParsedJSON, _ path: String) throws(ResponsesScriptError)
    -> ScriptedResponse.HTTPError
  {
    let entries = try members(value, path, allowed: ["status", "body", "content_type", "headers"])
    guard let statusValue = value["status"] else {
      throw error(value, path, "an error needs a \"status\"")
    }
    let status = Int(try integer(statusValue, join(path, "status"), in: 400...599))
    var result = ScriptedResponse.HTTPError.openAIStyle(
      status: status, message: "scripted HTTP \(status)",
      type: status >= 500 ? "server_error" : "invalid_request_error")
    for (key, member) in entries {
      let here = join(path, key)
      switch key {
      case "body":
        if case .string(let text) = member.kind {
          result.body = Array(text.utf8)
          result.contentType = "text/plain; charset=utf-8"
        } else {
          result.body = Array(member.jsonValue.text.utf8)
        }
      case "headers":
        var headers: [(String, String)] = []
        guard case .object(let pairs) = member.kind else {
          throw error(member, here, "expected an object, found \(member.typeName)")
        }
        for (name, header) in pairs {
          headers.append((name, try string(header, join(here, name))))
        }
        result.headers = headers
      default:
        continue
      }
    }
    if let contentType = value["content_type"] {
      result.contentType = try string(contentType, join(path, "content_type"))
    }
    return result
  }

  func outputItem(_ value: ParsedJSON, _ path: String) throws(ResponsesScriptError)
    -> ScriptedOutputItem
  {
    guard let typeValue = value["type"] else {
      throw error(
        value, path,
        "an output item needs a \"type\": message, reasoning, function_call or custom_tool_call"
      )
    }
    let type = try string(typeValue, join(path, "type"))
    func text(_ key: String) throws(ResponsesScriptError) -> String? {
      guard let member = value[key] else { return nil }
      return try string(member, join(path, key))
    }
    func required(_ key: String) throws(ResponsesScriptError) -> String {
      guard let found = try text(key) else {
        throw error(value, path, "a \(type) item needs \"\(key)\"")
      }
      return found
    }
    switch type {
    case "message":
      _ = try members(value, path, allowed: ["type", "id", "text", "deltas"])
      let body = try required("text")
      var deltas: [String]?
      if let member = value["deltas"] {
        var parts: [String] = []
        for (index, part) in try array(member, join(path, "deltas")).enumerated() {
          parts.append(try string(part, "\(join(path, "deltas"))[\(index)]"))
        }
        guard parts.joined() == body else {
          throw error(member, join(path, "deltas"), "the deltas joined must equal \"text\"")
        }
        deltas = parts
      }
      return .message(id: try text("id"), text: body, deltas: deltas)
    case "reasoning":
      _ = try members(value, path, allowed: ["type", "id", "summary", "encrypted_content"])
      var summary: [String] = []
      if let member = value["summary"] {
        if case .string(let single) = member.kind {
          summary = [single]
        } else {
          for (index, part) in try array(member, join(path, "summary")).enumerated() {
            summary.append(try string(part, "\(join(path, "summary"))[\(index)]"))
          }
        }
      }
      return .reasoning(
        id: try text("id"), summary: summary, encryptedContent: try text("encrypted_content"))
    case "function_call":
      _ = try members(value, path, allowed: ["type", "id", "call_id", "name", "arguments"])
      var arguments = "{}"
      if let member = value["arguments"] {
        switch member.kind {
        case .string(let raw): arguments = raw
        case .object, .array: arguments = member.jsonValue.text
        case .null, .bool, .number:
          throw error(
            member, join(path, "arguments"),
            "expected a JSON text (string) or an object, found \(member.typeName)")
        }
      }
      return .functionCall(
        id: try text("id"), callID: try text("call_id"), name: try required("name"),
        arguments: arguments)
    case "custom_tool_call":
      _ = try members(value, path, allowed: ["type", "id", "call_id", "name", "input"])
      return .customToolCall(
        id: try text("id"), callID: try text("call_id"), name: try required("name"),
        input: try required("input"))
    default:
      throw error(
        typeValue, join(path, "type"),
        "unknown output item type \"\(type)\" (one of: message, reasoning, function_call, "
          + "custom_tool_call)")
    }
  }
}
