/// Reads the members of an event's JSON into `EventFields`, skipping (and so validating)
/// everything else, such as the `output` array repeated in `response.completed`.
struct FieldReader {
  let scanner: JSONScanner
  /// The most bytes a string can decode to: the data's length.
  let stringBytesMax: Int

  private static let eventKeys = JSONKeyTable([
    "type", "item_id", "output_index", "content_index", "summary_index", "delta", "text",
    "arguments", "input", "item", "response", "code", "message", "error",
  ])

  mutating func readEvent(into fields: inout EventFields) throws {
    try scanner.beginObject()
    while try scanner.nextMember() {
      switch Self.eventKeys.index(of: scanner) {
      case 0: fields.type = try string("type")
      case 1: fields.itemID = try string("item_id")
      case 2: fields.outputIndex = try index("output_index")
      case 3: fields.contentIndex = try index("content_index")
      case 4: fields.summaryIndex = try index("summary_index")
      case 5: fields.delta = try string("delta")
      case 6: fields.text = try string("text")
      case 7: fields.arguments = try string("arguments")
      case 8: fields.input = try string("input")
      case 9: fields.item = try item()
      case 10: fields.response = try response()
      case 11: fields.code = try string("code")
      case 12: fields.message = try string("message")
      case 13: fields.error = try errorObject("error")
      default: try scanner.skipValue()
      }
    }
  }

  // MARK: - Scalars

  /// A string, or nil for `null`.
  func string(_ path: String) throws -> String? {
    switch try scanner.peekKind() {
    case .string: return try scanner.readString(keepingBytes: stringBytesMax).text
    case .null:
      try scanner.readNull()
      return nil
    default: throw invalid(path, "a string")
    }
  }

  /// A non-negative integer that fits in `Int`, or nil for `null`.
  func index(_ path: String) throws -> Int? {
    guard let value = try count(path) else { return nil }
    guard value <= UInt64(Int.max) else { throw invalid(path, "an index") }
    return Int(value)
  }

  /// A non-negative integer, or nil for `null`.
  func count(_ path: String) throws -> UInt64? {
    switch try scanner.peekKind() {
    case .number:
      let offset = scanner.offset
      guard let value = try scanner.readInteger(), value >= 0 else {
        throw ResponseStreamDecodeError(
          eventType: nil, offset: offset, cause: .invalidMember(path, expected: "a count"))
      }
      return UInt64(value)
    case .null:
      try scanner.readNull()
      return nil
    default: throw invalid(path, "a number")
    }
  }

  func invalid(_ path: String, _ expected: String) -> ResponseStreamDecodeError {
    ResponseStreamDecodeError(
      eventType: nil, offset: scanner.offset, cause: .invalidMember(path, expected: expected))
  }

  /// Whether the next value is an object; consumes `null` (false); throws for other kinds.
  func openObject(_ path: String) throws -> Bool {
    switch try scanner.peekKind() {
    case .object:
      try scanner.beginObject()
      return true
    case .null:
      try scanner.readNull()
      return false
    default: throw invalid(path, "an object")
    }
  }

  /// Like `openObject` for arrays.
  func openArray(_ path: String) throws -> Bool {
    switch try scanner.peekKind() {
    case .array:
      try scanner.beginArray()
      return true
    case .null:
      try scanner.readNull()
      return false
    default: throw invalid(path, "an array")
    }
  }

  // MARK: - Objects

  func item() throws -> ItemFields? {
    guard try openObject("item") else { return nil }
    var item = ItemFields()
    while try scanner.nextMember() {
      if scanner.keyEquals("type") {
        item.type = try string("item.type")
      } else if scanner.keyEquals("id") {
        item.id = try string("item.id")
      } else if scanner.keyEquals("role") {
        item.role = try string("item.role")
      } else if scanner.keyEquals("call_id") {
        item.callID = try string("item.call_id")
      } else if scanner.keyEquals("name") {
        item.name = try string("item.name")
      } else if scanner.keyEquals("arguments") {
        item.arguments = try string("item.arguments")
      } else if scanner.keyEquals("input") {
        item.input = try string("item.input")
      } else if scanner.keyEquals("encrypted_content") {
        item.encryptedContent = try string("item.encrypted_content")
      } else if scanner.keyEquals("content") {
        item.outputTexts = try partTexts("item.content", keepingType: "output_text")
      } else if scanner.keyEquals("summary") {
        item.summaryTexts = try partTexts("item.summary", keepingType: nil)
      } else {
        try scanner.skipValue()
      }
    }
    return item
  }

  /// The `text` of each part of an array of `{"type", "text"}` objects, keeping only parts
  /// of `keepingType` when given.
  func partTexts(_ path: String, keepingType: StaticString?) throws -> [String] {
    guard try openArray(path) else { return [] }
    var texts: [String] = []
    while try scanner.nextElement() {
      guard try openObject(path + "[]") else { continue }
      var type: String?
      var text: String?
      while try scanner.nextMember() {
        if scanner.keyEquals("type") {
          type = try string(path + "[].type")
        } else if scanner.keyEquals("text") {
          text = try string(path + "[].text")
        } else {
          try scanner.skipValue()
        }
      }
      if let text, keepingType.map({ type == $0.description }) ?? true { texts.append(text) }
    }
    return texts
  }

  func response() throws -> ResponseFields? {
    guard try openObject("response") else { return nil }
    var response = ResponseFields()
    while try scanner.nextMember() {
      if scanner.keyEquals("id") {
        response.id = try string("response.id")
      } else if scanner.keyEquals("usage") {
        response.usage = try usage()
      } else if scanner.keyEquals("error") {
        response.error = try errorObject("response.error")
      } else if scanner.keyEquals("incomplete_details") {
        if try openObject("response.incomplete_details") {
          while try scanner.nextMember() {
            if scanner.keyEquals("reason") {
              response.incompleteReason = try string("response.incomplete_details.reason")
            } else {
              try scanner.skipValue()
            }
          }
        }
      } else {
        try scanner.skipValue()
      }
    }
    return response
  }

  func usage() throws -> ResponseUsage? {
    guard try openObject("response.usage") else { return nil }
    var usage = ResponseUsage()
    while try scanner.nextMember() {
      if scanner.keyEquals("input_tokens") {
        usage.inputTokens = try count("usage.input_tokens") ?? 0
      } else if scanner.keyEquals("output_tokens") {
        usage.outputTokens = try count("usage.output_tokens") ?? 0
      } else if scanner.keyEquals("total_tokens") {
        usage.totalTokens = try count("usage.total_tokens") ?? 0
      } else if scanner.keyEquals("input_tokens_details") {
        usage.cachedInputTokens = try detail("input_tokens_details", "cached_tokens") ?? 0
      } else if scanner.keyEquals("output_tokens_details") {
        usage.reasoningOutputTokens =
          try detail("output_tokens_details", "reasoning_tokens") ?? 0
      } else {
        try scanner.skipValue()
      }
    }
    return usage
  }

  /// The count `name` inside the details object `object`.
  private func detail(_ object: String, _ name: StaticString) throws -> UInt64? {
    guard try openObject("usage." + object) else { return nil }
    var value: UInt64?
    while try scanner.nextMember() {
      if scanner.keyEquals(name) {
        value = try count("usage.\(object).\(name)")
      } else {
        try scanner.skipValue()
      }
    }
    return value
  }

  func errorObject(_ path: String) throws -> ErrorFields? {
    guard try openObject(path) else { return nil }
    var error = ErrorFields()
    while try scanner.nextMember() {
      if scanner.keyEquals("code") {
        error.code = try codeText(path + ".code")
      } else if scanner.keyEquals("message") {
        error.message = try string(path + ".message")
      } else {
        try scanner.skipValue()
      }
    }
    return error
  }

  /// An error code: a string, or a number written as text.
  private func codeText(_ path: String) throws -> String? {
    if try scanner.peekKind() == .number {
      return try scanner.readInteger().map { String($0) }
    }
    return try string(path)
  }
}
