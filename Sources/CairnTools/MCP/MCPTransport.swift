/// A connection to one MCP server that carries JSON-RPC messages both ways: the stdio
/// transport (a child process) or streamable HTTP. A transport is used by one caller at a
/// time (the client serializes); `close` may come from any thread.
protocol MCPTransport: AnyObject, Sendable {
  /// Sends request `id` (its whole JSON text) and returns its answer, answering the
  /// server's own requests and reading past its notifications meanwhile. Throws
  /// `.timedOut` when no answer came by `deadlineNanoseconds` (monotonic clock).
  func request(id: Int64, method: String, message: [UInt8], deadlineNanoseconds: UInt64)
    throws(MCPClientError) -> Result<[UInt8], MCPMessage.RPCError>
  /// Sends a notification; nothing comes back.
  func notify(_ message: [UInt8], deadlineNanoseconds: UInt64) throws(MCPClientError)
  /// Whether the server is known to be gone (its process exited).
  var isGone: Bool { get }
  /// Checks, without a request, whether the server went away (its process exited): the
  /// error that says how, or nil while it runs. Called under the client's request lock.
  func probeEnded() -> MCPClientError?
  /// Ends the connection: the process group is killed, or the HTTP session deleted.
  func close()
}
