/// Why a request to a model provider failed. docs/MODEL_RUNTIME.md ("Transport", "Errors")
/// says which of them are retried and where.
public enum ModelTransportError: Error, Sendable, Equatable, CustomStringConvertible {
  /// libcurl.so.4 could not be loaded; the text is the loader's reason.
  case libcurlUnavailable(String)
  /// The server answered with a non-2xx status. `body` is the response body verbatim (up to
  /// `ResponsesTransport.errorBodyBytesMax`); `retryable` says whether the status is one the
  /// retry policy retries (true when retries ran out).
  case httpStatus(status: Int, body: String, retryable: Bool)
  /// No connection (refused, unresolvable, connect timeout), or the connection broke: before
  /// the response head, a request-level retry applies; after it, the stream is the runtime's
  /// to retry.
  case connectionFailed(String)
  /// No byte arrived for this many milliseconds (`stream_idle_timeout_ms`).
  case idleTimeout(milliseconds: Int)
  /// The `CancellationFlag` was raised.
  case cancelled
  /// The TLS handshake or certificate verification failed (verification is never turned off).
  case tls(String)
  /// Anything else libcurl reports (a malformed URL, an unsupported protocol, …).
  case other(String)

  public var description: String {
    switch self {
    case .libcurlUnavailable(let reason):
      "libcurl could not be loaded (\(reason)); install it with `apt-get install libcurl4`"
    case .httpStatus(let status, let body, let retryable):
      if body.isEmpty {
        "HTTP \(status) \(Self.reasonPhrase(status))"
      } else if retryable {
        "HTTP \(status) \(Self.reasonPhrase(status)): \(body)"
      } else {
        // A client error's body is the provider's own explanation: pass it on verbatim, as
        // Codex does.
        body
      }
    case .connectionFailed(let reason): "connection failed: \(reason)"
    case .idleTimeout(let milliseconds):
      "the model stream was idle for \(milliseconds) ms (stream_idle_timeout_ms)"
    case .cancelled: "cancelled"
    case .tls(let reason):
      "TLS failure: \(reason) (certificate verification is always on; check the system's CA "
        + "certificates and any TLS-intercepting proxy)"
    case .other(let reason): reason
    }
  }

  /// The standard reason phrase of the statuses a model API answers with.
  public static func reasonPhrase(_ status: Int) -> String {
    switch status {
    case 400: "Bad Request"
    case 401: "Unauthorized"
    case 403: "Forbidden"
    case 404: "Not Found"
    case 408: "Request Timeout"
    case 409: "Conflict"
    case 413: "Payload Too Large"
    case 422: "Unprocessable Entity"
    case 429: "Too Many Requests"
    case 500: "Internal Server Error"
    case 502: "Bad Gateway"
    case 503: "Service Unavailable"
    case 504: "Gateway Timeout"
    default: status >= 500 ? "Server Error" : (status >= 400 ? "Client Error" : "")
    }
  }
}
