import CairnCore

/// A server notification before it is framed: its method and params. The connection adds
/// `emittedAtMs` when it sends it.
struct AppServerNotification {
  var method: String
  var params: JSONValue

  init(_ method: String, _ params: [(String, JSONValue)]) {
    self.method = method
    self.params = .object(params)
  }
}
