/// One line of a Codex rollout file (`{"timestamp", "type", "payload"}`), typed by its
/// top-level `type`. docs/CODEX_ROLLOUT.md lists what each case keeps, per Codex version.
public enum RolloutLine: Sendable, Equatable {
  /// Line 1 of every rollout: the session's identity and origin.
  case sessionMeta(SessionMeta)
  /// The settings of a turn (or, up to 0.106, of each model request in it).
  case turnContext(TurnContext)
  /// 0.147+: the environment snapshot, `full` or a diff of what changed.
  case worldState(WorldState)
  /// A model-visible history item.
  case responseItem(ResponseItem)
  /// A UI event.
  case eventMsg(EventMessage)
  /// An auto-compaction's summary and the history that replaced the old one.
  case compacted(Compacted)
  /// A top-level `type` this reader does not know (counted, not fatal).
  case unknown(type: String)

  /// The top-level `type` as written.
  public var typeName: String {
    switch self {
    case .sessionMeta: return "session_meta"
    case .turnContext: return "turn_context"
    case .worldState: return "world_state"
    case .responseItem: return "response_item"
    case .eventMsg: return "event_msg"
    case .compacted: return "compacted"
    case .unknown(let type): return type
    }
  }
}

/// A parsed line with where it was and when it was written.
public struct RolloutRecord: Sendable, Equatable {
  /// 1-based line number in the file.
  public var lineNumber: Int
  /// Byte offset of the line's first byte.
  public var byteOffset: UInt64
  /// The line's bytes, without its newline.
  public var byteCount: UInt64
  /// The line's `timestamp`, milliseconds since the epoch (nil when absent or unparsable).
  public var timestampMilliseconds: Int64?
  public var line: RolloutLine

  public init(
    lineNumber: Int, byteOffset: UInt64, byteCount: UInt64, timestampMilliseconds: Int64?,
    line: RolloutLine
  ) {
    self.lineNumber = lineNumber
    self.byteOffset = byteOffset
    self.byteCount = byteCount
    self.timestampMilliseconds = timestampMilliseconds
    self.line = line
  }
}

/// A line that is JSON but not a rollout line.
public enum RolloutLineError: Error, Equatable, Sendable, CustomStringConvertible {
  /// No string `type` member at the top level.
  case missingType
  /// A known `type` whose `payload` is missing or not an object.
  case missingPayload(type: String)

  public var description: String {
    switch self {
    case .missingType: return "not a rollout line: no string \"type\" member"
    case .missingPayload(let type): return "\(type) line without an object \"payload\""
    }
  }
}
