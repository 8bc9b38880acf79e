/// Parses rollout lines from a line-mode `JSONScanner`, keeping only what the typed
/// models hold and skipping the rest. Member order does not matter: payload members are
/// collected first and typed once the line's `type` is known.
public struct RolloutLineParser {
  public let scanner: JSONScanner
  public var options: RolloutParseOptions

  public init(scanner: JSONScanner, options: RolloutParseOptions = RolloutParseOptions()) {
    self.scanner = scanner
    self.options = options
  }

  static let topKeys = JSONKeyTable(["timestamp", "type", "payload"])

  /// Parses one line's object, leaving the scanner just after it (the caller then calls
  /// `finishLine()`). Returns the line and its `timestamp` text.
  public func parseLine() throws -> (timestamp: String?, line: RolloutLine) {
    try scanner.beginObject()
    var timestamp: String?
    var type: String?
    var payload: RolloutPayloadFields?
    while try scanner.nextMember() {
      switch Self.topKeys.index(of: scanner) {
      case 0: timestamp = try scanner.stringIfString(keeping: options.nameBytesMax)?.text
      case 1: type = try scanner.stringIfString(keeping: options.nameBytesMax)?.text
      case 2:
        if try scanner.peekKind() == .object {
          var fields = RolloutPayloadFields(options: options)
          try fields.collect(from: scanner)
          payload = fields
        } else {
          try scanner.skipValue()
        }
      default: try scanner.skipValue()
      }
    }
    guard let type else { throw RolloutLineError.missingType }
    return (timestamp, try Self.line(type: type, payload: payload))
  }

  static func line(type: String, payload: RolloutPayloadFields?) throws -> RolloutLine {
    let known = ["session_meta", "turn_context", "world_state", "response_item", "event_msg"]
    guard let payload else {
      if known.contains(type) || type == "compacted" {
        throw RolloutLineError.missingPayload(type: type)
      }
      return .unknown(type: type)
    }
    switch type {
    case "session_meta": return .sessionMeta(payload.sessionMeta)
    case "turn_context": return .turnContext(payload.turnContext)
    case "world_state": return .worldState(payload.worldState)
    case "response_item": return .responseItem(payload.responseItem)
    case "event_msg": return .eventMsg(payload.eventMessage)
    case "compacted": return .compacted(payload.compacted)
    default: return .unknown(type: type)
    }
  }
}

extension JSONScanner {
  /// The next value if it is a string, else skips it and returns nil: rollout fields whose
  /// kind changed between versions are read leniently.
  func stringIfString(keeping bytes: Int) throws -> JSONText? {
    guard try peekKind() == .string else {
      try skipValue()
      return nil
    }
    return try readString(keepingBytes: bytes)
  }

  /// The next value if it is an integer, else skips it and returns nil.
  func integerIfNumber() throws -> Int64? {
    guard try peekKind() == .number else {
      try skipValue()
      return nil
    }
    return try readInteger()
  }

  /// The next value if it is a boolean, else skips it and returns nil.
  func boolIfBool() throws -> Bool? {
    guard try peekKind() == .bool else {
      try skipValue()
      return nil
    }
    return try readBool()
  }

  /// Skips the next value; when it is a string, returns its length.
  func stringLengthIfString() throws -> Int? {
    guard try peekKind() == .string else {
      try skipValue()
      return nil
    }
    return try skipString()
  }

  /// Visits the members of the next value if it is an object (else skips it); says
  /// whether it was one.
  @discardableResult
  func members(_ body: () throws -> Void) throws -> Bool {
    guard try peekKind() == .object else {
      try skipValue()
      return false
    }
    try beginObject()
    while try nextMember() { try body() }
    return true
  }

  /// Visits the elements of the next value if it is an array (else skips it); returns
  /// how many there were, or nil when it was not an array.
  @discardableResult
  func elements(_ body: () throws -> Void) throws -> Int? {
    guard try peekKind() == .array else {
      try skipValue()
      return nil
    }
    try beginArray()
    var count = 0
    while try nextElement() {
      count += 1
      try body()
    }
    return count
  }
}
