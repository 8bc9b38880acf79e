import CairnCore
import CairnServer

/// One line from the peer, classified as Codex's app-server reads it: a request (id,
/// method, params), a notification (method, no id), or a response to a request the server
/// sent (id, result or error). A `"jsonrpc"` member is accepted and ignored. Anything else
/// (not JSON, not an object, an id of another type) is `.ignored`: Codex drops it silently
/// and keeps the connection.
enum AppServerMessage {
  case request(id: AppServerRequestID, method: String, params: ParsedJSON?)
  case notification(method: String, params: ParsedJSON?)
  case response(id: AppServerRequestID, result: ParsedJSON?, error: ParsedJSON?)
  case ignored(reason: String)

  static func parse(_ bytes: [UInt8]) -> AppServerMessage {
    let value: ParsedJSON
    do {
      value = try ParsedJSON.parse(bytes)
    } catch {
      return .ignored(reason: "not JSON at byte \(error.offset): \(error.reason)")
    }
    guard case .object = value.kind else { return .ignored(reason: "not a JSON object") }
    let id: AppServerRequestID?
    switch value["id"]?.kind {
    case nil, .null?: id = nil
    case .string(let text)?: id = .string(text)
    case .number(let text)?:
      guard let number = Int64(text) else {
        return .ignored(reason: "an id that is not an integer")
      }
      id = .number(number)
    default: return .ignored(reason: "an id that is neither a number nor a string")
    }
    if let method = value["method"] {
      guard let name = method.stringValue else {
        return .ignored(reason: "a method that is not a string")
      }
      if let id { return .request(id: id, method: name, params: value["params"]) }
      return .notification(method: name, params: value["params"])
    }
    if let id, value["result"] != nil || value["error"] != nil {
      return .response(id: id, result: value["result"], error: value["error"])
    }
    return .ignored(reason: "neither a request, a notification nor a response")
  }
}
