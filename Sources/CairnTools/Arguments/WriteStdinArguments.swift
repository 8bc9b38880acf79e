/// The arguments of Codex 0.147's `write_stdin` tool: input for a live `exec_command`
/// session, or an empty poll for more of its output.
///
/// ```swift
/// let arguments = try WriteStdinArguments.parse(#"{"session_id": 4821, "chars": "y\n"}"#)
/// arguments.sessionID  // 4821
/// ```
public struct WriteStdinArguments: Sendable, Equatable {
  /// The session id `exec_command` answered with.
  public var sessionID: Int
  /// What to type; empty polls for output.
  public var chars: String
  /// How long to wait for output; nil for Codex's default (250 ms, 5 s for a poll).
  public var yieldMilliseconds: UInt64?
  public var maxOutputTokens: Int?

  public init(
    sessionID: Int, chars: String = "", yieldMilliseconds: UInt64? = nil,
    maxOutputTokens: Int? = nil
  ) {
    self.sessionID = sessionID
    self.chars = chars
    self.yieldMilliseconds = yieldMilliseconds
    self.maxOutputTokens = maxOutputTokens
  }

  public static func parse(_ text: String) throws(ToolArgumentsError) -> WriteStdinArguments {
    var arguments = WriteStdinArguments(sessionID: 0)
    var sawSession = false
    try ToolArgumentsReader.readObject(text) { (reader, name) throws(ToolArgumentsError) in
      switch name {
      case "session_id":
        arguments.sessionID = Int(clamping: try reader.unsignedInteger(name))
        sawSession = true
      case "chars": arguments.chars = try reader.string(name)
      case "yield_time_ms": arguments.yieldMilliseconds = try reader.unsignedInteger(name)
      case "max_output_tokens":
        arguments.maxOutputTokens = Int(clamping: try reader.unsignedInteger(name))
      default: return false
      }
      return true
    }
    guard sawSession else { throw .missingField("session_id") }
    return arguments
  }
}
