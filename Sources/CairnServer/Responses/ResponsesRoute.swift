/// Which endpoint a request is for. The server answers the Responses API at both
/// `/v1/responses` and `/responses` (a `base_url` with or without `/v1`), and the same for
/// `models`; a query string is ignored.
enum ResponsesRoute: Equatable {
  case responses
  case models
  /// A known path with the wrong method; `allowed` is the method to use.
  case wrongMethod(allowed: String)
  case unknown

  init(method: String, target: String) {
    let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]
    switch path {
    case "/v1/responses", "/responses":
      self = method == "POST" ? .responses : .wrongMethod(allowed: "POST")
    case "/v1/models", "/models":
      self = method == "GET" ? .models : .wrongMethod(allowed: "GET")
    default:
      self = .unknown
    }
  }
}
