/// One dispatched server-sent event (the WHATWG "server-sent events" rules).
public struct SSEEvent: Sendable, Equatable {
  /// The `event:` field, nil when the event had none (the spec's default type "message").
  public var name: String?
  /// The `data:` lines joined with `\n`, as bytes (not necessarily UTF-8).
  public var data: [UInt8]
  /// The last event id seen in the stream (`id:`), which persists across events.
  public var id: String?

  public init(name: String? = nil, data: [UInt8], id: String? = nil) {
    self.name = name
    self.data = data
    self.id = id
  }
}

/// How a stream ended, from `SSEDecoder.finish()`.
public enum SSEStreamEnd: Sendable, Equatable {
  /// After a complete event (or nothing at all).
  case clean
  /// In the middle of an event: its lines (and a partial line) were never dispatched, as
  /// the spec requires. `bytes` counts the field bytes that were dropped.
  case partialEvent(bytes: Int)
}

/// A stream the decoder refuses.
public enum SSEDecodeError: Error, Sendable, Equatable, CustomStringConvertible {
  /// One event (the sum of its field lines, or a single unterminated line) grew past
  /// `maxEventBytes`; `lineOffset` is the stream offset of the line that crossed it.
  case eventTooLarge(limitBytes: Int, lineOffset: UInt64)

  public var description: String {
    switch self {
    case .eventTooLarge(let limit, let offset):
      return
        "server-sent event larger than \(limit) bytes (the line at stream byte \(offset) "
        + "crosses the limit); raise maxEventBytes if such events are expected"
    }
  }
}
