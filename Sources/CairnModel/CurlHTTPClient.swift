import CCurlShim

/// One blocking, streaming HTTP POST through libcurl, which is loaded on first use
/// (`CCurlShim`; the cairn binary does not link it). docs/MODEL_RUNTIME.md, "Transport".
///
/// Call it from a `Thread`, never from the cooperative pool: it blocks until the response
/// ends, fails, times out or is cancelled.
///
/// - TLS: peer and host verification are always on, against the system's CA bundle.
/// - Proxies: libcurl's own environment handling is left on: `http_proxy`, `https_proxy`
///   (or `HTTPS_PROXY`), `all_proxy` and `no_proxy` (or `NO_PROXY`) apply as they do for
///   the `curl` tool. Uppercase `HTTP_PROXY` is ignored by libcurl on purpose.
/// - HTTP/2 is used over TLS when both ends offer it; HTTP/1.1 otherwise.
/// - Redirects are not followed: a 3xx is returned as it is.
public struct CurlHTTPClient: Sendable {
  /// The longest the transfer loop waits before looking at the cancellation flag and the
  /// idle clock again: cancellation takes effect within about this long.
  public static let pollIntervalMilliseconds = 50

  public init() {}

  /// POSTs `body` to `url` and streams the answer into `sink`: the head (status, headers)
  /// first, then body chunks as they arrive. Returns when the response is complete or the
  /// sink asked to stop. Any status is a response: deciding what a 4xx or 5xx means is the
  /// caller's job.
  ///
  /// - Parameters:
  ///   - connectTimeoutMilliseconds: the limit on establishing the connection.
  ///   - idleTimeoutMilliseconds: the limit on a silence, from the start of the transfer
  ///     until its end: no byte sent or received for this long ends it with `.idleTimeout`.
  ///     There is no limit on the total duration.
  ///   - cancel: raising it ends the transfer with `.cancelled` within
  ///     `pollIntervalMilliseconds`.
  public func post(
    url: String, headers: [HTTPHeader], body: [UInt8], connectTimeoutMilliseconds: Int,
    idleTimeoutMilliseconds: Int, cancel: CancellationFlag, sink: any HTTPResponseSink
  ) throws(ModelTransportError) {
    if let reason = cairn_curl_load_error() {
      throw .libcurlUnavailable(String(cString: reason))
    }
    // Bytes, not Characters: "\r\n" is a single Character and would slip past a check for
    // "\r" or "\n".
    for header in headers {
      if header.name.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0x3A })
        || header.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A })
      {
        throw .other("the request header `\(header.name)` holds a line break or a colon")
      }
    }
    if cancel.isCancelled { throw .cancelled }
    guard let easy = cairn_curl_easy_init() else { throw .other("curl_easy_init failed") }
    defer { cairn_curl_easy_cleanup(easy) }
    guard let multi = cairn_curl_multi_init() else { throw .other("curl_multi_init failed") }
    defer { cairn_curl_multi_cleanup(multi) }

    var list: UnsafeMutablePointer<curl_slist>?
    for header in headers { list = cairn_curl_slist_append(list, header.line) }
    // No `Expect: 100-continue` round trip before a large body: the Responses API answers
    // at once, and the wait would only add latency.
    list = cairn_curl_slist_append(list, "Expect:")
    defer { cairn_curl_slist_free_all(list) }

    let transfer = CurlTransfer(sink: sink, cancel: cancel)
    let context = Unmanaged.passRetained(transfer)
    defer { context.release() }
    let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
    errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    defer { errorBuffer.deallocate() }

    cairn_curl_setopt_string(easy, CURLOPT_URL, url)
    // Only HTTP and HTTPS, whatever the URL says.
    _ = cairn_curl_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https")
    cairn_curl_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
    cairn_curl_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, max(1, connectTimeoutMilliseconds))
    cairn_curl_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 1)
    cairn_curl_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 2)
    cairn_curl_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1)
    cairn_curl_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0)
    cairn_curl_setopt_slist(easy, CURLOPT_HTTPHEADER, list)
    cairn_curl_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer)
    cairn_curl_setopt_write_function(easy, curlWriteCallback)
    cairn_curl_setopt_pointer(easy, CURLOPT_WRITEDATA, context.toOpaque())
    cairn_curl_setopt_header_function(easy, curlHeaderCallback)
    cairn_curl_setopt_pointer(easy, CURLOPT_HEADERDATA, context.toOpaque())
    cairn_curl_setopt_xferinfo_function(easy, curlProgressCallback)
    cairn_curl_setopt_pointer(easy, CURLOPT_XFERINFODATA, context.toOpaque())
    cairn_curl_setopt_long(easy, CURLOPT_NOPROGRESS, 0)

    // Typed throws do not pass through withUnsafeBytes: the closure returns a Result.
    let outcome = body.withUnsafeBytes { bytes -> Result<Void, ModelTransportError> in
      cairn_curl_setopt_long(easy, CURLOPT_POSTFIELDSIZE_LARGE, bytes.count)
      // POSTFIELDS with a NULL pointer would read the body from stdin: point an empty body
      // at the error buffer instead (zero bytes of it are sent).
      let start =
        UnsafeMutableRawPointer(mutating: bytes.baseAddress) ?? UnsafeMutableRawPointer(errorBuffer)
      cairn_curl_setopt_pointer(easy, CURLOPT_POSTFIELDS, start)
      return run(
        easy: easy, multi: multi, transfer: transfer,
        idleTimeoutMilliseconds: idleTimeoutMilliseconds)
    }
    if case .failure(let error) = outcome { throw error }
    let result = finalResult(of: transfer, easy: easy, multi: multi)
    try classify(result, transfer: transfer, errorBuffer: errorBuffer, url: url)
  }

  /// The transfer loop: drive libcurl, wait for its sockets for at most the poll interval,
  /// and look at the cancellation flag and the idle clock in between.
  private func run(
    easy: UnsafeMutableRawPointer, multi: UnsafeMutableRawPointer, transfer: CurlTransfer,
    idleTimeoutMilliseconds: Int
  ) -> Result<Void, ModelTransportError> {
    let added = cairn_curl_multi_add_handle(multi, easy)
    guard added == CURLM_OK else {
      return .failure(
        .other("curl_multi_add_handle: \(String(cString: cairn_curl_multi_strerror(added)))"))
    }
    let idleLimit = Duration.milliseconds(max(1, idleTimeoutMilliseconds))
    var running: Int32 = 1
    while true {
      let performed = cairn_curl_multi_perform(multi, &running)
      guard performed == CURLM_OK else {
        cairn_curl_multi_remove_handle(multi, easy)
        return .failure(
          .other("curl_multi_perform: \(String(cString: cairn_curl_multi_strerror(performed)))"))
      }
      if running == 0 { return .success(()) }
      if transfer.cancel.isCancelled {
        cairn_curl_multi_remove_handle(multi, easy)
        return .failure(.cancelled)
      }
      let silent = ContinuousClock.now - transfer.lastActivity
      if silent >= idleLimit {
        cairn_curl_multi_remove_handle(multi, easy)
        return .failure(.idleTimeout(milliseconds: idleTimeoutMilliseconds))
      }
      let left = idleLimit - silent
      let waitMilliseconds = min(
        Self.pollIntervalMilliseconds,
        Int(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)
          + 1)
      cairn_curl_multi_poll(multi, Int32(waitMilliseconds))
    }
  }

  private func finalResult(
    of transfer: CurlTransfer, easy: UnsafeMutableRawPointer, multi: UnsafeMutableRawPointer
  ) -> CURLcode {
    var result = CURLE_OK
    let found = cairn_curl_multi_transfer_result(multi, easy, &result)
    cairn_curl_multi_remove_handle(multi, easy)
    return found == 1 ? result : CURLE_OK
  }

  /// Maps libcurl's result to success or a `ModelTransportError`.
  private func classify(
    _ result: CURLcode, transfer: CurlTransfer, errorBuffer: UnsafeMutablePointer<CChar>,
    url: String
  ) throws(ModelTransportError) {
    if result == CURLE_OK { return }
    if result == CURLE_WRITE_ERROR && transfer.stoppedBySink { return }
    if result == CURLE_ABORTED_BY_CALLBACK && transfer.cancel.isCancelled { throw .cancelled }
    let detail = String(cString: errorBuffer)
    let reason =
      "\(String(cString: cairn_curl_easy_strerror(result)))"
      + (detail.isEmpty ? "" : ": \(detail)")
    let target = "POST \(Self.redactedURL(url))"
    switch result {
    case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
      CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR,
      CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE,
      CURLE_USE_SSL_FAILED, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
      CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_SHUTDOWN_FAILED:
      throw .tls("\(target): \(reason)")
    case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_BAD_FUNCTION_ARGUMENT,
      CURLE_OUT_OF_MEMORY, CURLE_FAILED_INIT, CURLE_NOT_BUILT_IN:
      throw .other("\(target): \(reason)")
    default:
      // Refused, unresolvable, connect timeout (no total timeout is set, so a timeout is
      // always the connect phase), reset, closed early: the connection failed.
      let when = transfer.headDelivered ? " (after the response began)" : ""
      throw .connectionFailed("\(target): \(reason)\(when)")
    }
  }

  /// The URL without its query, which may carry a credential in some providers' setups.
  static func redactedURL(_ url: String) -> String {
    guard let question = url.firstIndex(of: "?") else { return url }
    return String(url[..<question]) + "?…"
  }
}
