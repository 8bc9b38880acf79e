/// One JSON-RPC 2.0 message from an MCP server, as the client sorts it: the answer to one
/// of its requests, a request of the server's own (`ping`, `roots/list`, …), or a
/// notification (logs, progress), which the client reads past.
enum MCPMessage: Equatable {
  /// A JSON-RPC error object.
  struct RPCError: Error, Equatable, CustomStringConvertible {
    var code: Int64
    var message: String
    var description: String { "\(message) (JSON-RPC error \(code))" }
  }

  case response(id: Int64, result: Result<[UInt8], RPCError>)
  /// `id` is kept as its raw JSON text, to be echoed in the answer.
  case request(id: [UInt8], method: String)
  case notification(method: String)

  /// Parses one message (a line of the stdio transport, an SSE event's data, or an HTTP
  /// body that holds a single object).
  static func parse(_ bytes: ArraySlice<UInt8>) throws(MCPJSON.Malformed) -> MCPMessage {
    let members = try MCPJSON.members(bytes)
    let method = members[member: "method"].flatMap(MCPJSON.string)
    if let method {
      guard let id = members[member: "id"] else { return .notification(method: method) }
      return .request(id: Array(id), method: method)
    }
    guard let rawID = members[member: "id"], let id = MCPJSON.integer(rawID) else {
      throw MCPJSON.Malformed(reason: "a response without a numeric id")
    }
    if let error = members[member: "error"] {
      let fields = try MCPJSON.members(error)
      return .response(
        id: id,
        result: .failure(
          RPCError(
            code: fields[member: "code"].flatMap(MCPJSON.integer) ?? 0,
            message: fields[member: "message"].flatMap(MCPJSON.string) ?? "no message")))
    }
    guard let result = members[member: "result"] else {
      throw MCPJSON.Malformed(reason: "a response without a result or an error")
    }
    return .response(id: id, result: .success(Array(result)))
  }
}
