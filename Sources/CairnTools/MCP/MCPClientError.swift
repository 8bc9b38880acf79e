/// Why talking to an MCP server failed. The description is a sentence for the user (the
/// startup report) and for the model (`tool call error: …`); it never holds a header value
/// or a token.
public enum MCPClientError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The server's command could not be started.
  case spawnFailed(String)
  /// The server's process ended; `stderr` is the tail of what it wrote there.
  case exited(ProcessTermination?, stderr: String)
  /// No answer to `method` within the limit.
  case timedOut(method: String, milliseconds: Int)
  /// The server answered with a JSON-RPC error.
  case rpc(method: String, code: Int64, message: String)
  /// The server sent something that is not MCP.
  case malformed(String)
  /// The HTTP exchange failed: connection, status, or content type.
  case http(String)
  /// Configuration the server needs is missing, e.g. the bearer token's variable.
  case configuration(String)
  /// The client was closed (the session ended).
  case closed

  public var description: String {
    switch self {
    case .spawnFailed(let reason): return reason
    case .exited(let termination, let stderr):
      let how: String
      switch termination {
      case .exited(let code)?: how = "the server exited with status \(code)"
      case .signaled(let signal)?: how = "the server was killed by signal \(signal)"
      case nil: how = "the server closed its output"
      }
      let tail = stderr.trimmingSuffixWhitespace
      return tail.isEmpty ? how : "\(how); its stderr ends: \(tail)"
    case .timedOut(let method, let milliseconds):
      return "request timed out: no answer to \(method) within \(Self.seconds(milliseconds))"
    case .rpc(let method, let code, let message):
      return "\(method) failed: \(message) (JSON-RPC error \(code))"
    case .malformed(let reason): return "the server sent an invalid message: \(reason)"
    case .http(let reason): return reason
    case .configuration(let reason): return reason
    case .closed: return "the MCP client is closed"
    }
  }

  static func seconds(_ milliseconds: Int) -> String {
    milliseconds % 1000 == 0
      ? "\(milliseconds / 1000) s" : "\(Double(milliseconds) / 1000) s"
  }
}

extension String {
  var trimmingSuffixWhitespace: String {
    var text = Substring(self)
    while let last = text.last, last.isWhitespace { text = text.dropLast() }
    return String(text)
  }
}
