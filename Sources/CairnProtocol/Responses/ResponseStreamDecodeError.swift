/// An SSE event whose `data` is not a stream event Cairn can read: malformed JSON, or a
/// known event type without a member it needs. Names the event type (the JSON `type`, or
/// the SSE `event:` name when the JSON broke before its `type`) and the byte offset in the
/// event's data.
public struct ResponseStreamDecodeError: Error, Sendable, Equatable, CustomStringConvertible {
  public enum Cause: Sendable, Equatable {
    /// The data is not well-formed JSON.
    case malformedJSON(JSONScanError.Cause)
    /// The data is JSON but not an object.
    case notAnObject
    /// The object has no string `type`.
    case missingType
    /// A member this event type needs is absent (a dotted path: `item.call_id`).
    case missingMember(String)
    /// A member has the wrong kind of value, e.g. a negative token count.
    case invalidMember(String, expected: String)
  }

  /// The event's type, when known.
  public var eventType: String?
  /// The byte offset in the event's data where the problem is (the end of the data for a
  /// missing member).
  public var offset: UInt64
  public var cause: Cause

  public init(eventType: String?, offset: UInt64, cause: Cause) {
    self.eventType = eventType
    self.offset = offset
    self.cause = cause
  }

  public var description: String {
    let what = eventType.map { "event \"\($0)\"" } ?? "event of unknown type"
    return "\(what): data byte \(offset): \(cause.text)"
  }
}

extension ResponseStreamDecodeError.Cause {
  public var text: String {
    switch self {
    case .malformedJSON(let cause): return "malformed JSON: \(cause.text)"
    case .notAnObject: return "the data is not a JSON object"
    case .missingType: return "no string member \"type\""
    case .missingMember(let path): return "missing member \"\(path)\""
    case .invalidMember(let path, let expected): return "member \"\(path)\" is not \(expected)"
    }
  }
}
