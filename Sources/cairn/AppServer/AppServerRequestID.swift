import CairnCore

/// A request id as the peer sent it: Codex echoes numbers as numbers and strings as
/// strings, so the id is kept in its own kind.
enum AppServerRequestID: Hashable, Sendable {
  case number(Int64)
  case string(String)

  var json: JSONValue {
    switch self {
    case .number(let value): return .int(value)
    case .string(let value): return .string(value)
    }
  }
}
