import CairnCore

/// A JSON-RPC error answer, with Codex's codes: -32600 for anything wrong with the request
/// (unknown method, bad params, unknown thread: Codex uses it where JSON-RPC would use
/// -32601 or -32602), -32603 for failures inside the server (I/O).
struct AppServerError: Error, Equatable {
  var code: Int64
  var message: String
  /// Codex's `data` member, for errors that carry one (config writes:
  /// `{"config_write_error_code": …}`).
  var data: JSONValue? = nil

  static let invalidRequestCode: Int64 = -32600
  static let internalErrorCode: Int64 = -32603
  /// Cairn's code for a method it knows but does not run yet (docs/APP_SERVER.md).
  static let notSupportedCode: Int64 = -32601

  /// A request the server refuses, with Codex's text as is.
  static func invalid(_ message: String) -> AppServerError {
    AppServerError(code: invalidRequestCode, message: message)
  }

  /// A request that does not decode: Codex prefixes serde's text with "Invalid request: ".
  static func malformed(_ detail: String) -> AppServerError {
    AppServerError(code: invalidRequestCode, message: "Invalid request: " + detail)
  }

  /// JSON-RPC's invalid-params answer, which Codex gives for some checks of its own
  /// (`command/exec` sizes and stdin writes).
  static func invalidParams(_ message: String) -> AppServerError {
    AppServerError(code: -32602, message: message)
  }

  static func `internal`(_ message: String) -> AppServerError {
    AppServerError(code: internalErrorCode, message: message)
  }

  /// A method of Codex's protocol that Cairn does not run yet, and why.
  static func notSupported(_ method: String, reason: String) -> AppServerError {
    AppServerError(
      code: notSupportedCode, message: "`\(method)` is not supported yet by cairn: \(reason)")
  }

  var json: JSONValue {
    guard let data else { return .object([("code", .int(code)), ("message", .string(message))]) }
    return .object([("code", .int(code)), ("data", data), ("message", .string(message))])
  }
}
