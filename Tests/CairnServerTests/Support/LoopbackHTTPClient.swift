import CCurl
import CCurlShim
import Foundation

/// One-time libcurl initialisation, before any handle exists.
private let curlInitialised: Void = { _ = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

/// A finished HTTP exchange as libcurl saw it.
struct HTTPReply: Sendable {
  var status: Int
  /// Raw header lines, status line first, without line ends.
  var headerLines: [String]
  var body: [UInt8]

  var bodyText: String { String(decoding: body, as: UTF8.self) }

  /// The value of the last header named `name` (any case).
  func header(_ name: String) -> String? {
    let prefix = name.lowercased() + ":"
    return headerLines.last { $0.lowercased().hasPrefix(prefix) }
      .map { String($0.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces) }
  }
}

/// Collects what libcurl's callbacks deliver; passed to them as `void *` userdata.
private final class Collected {
  var body: [UInt8] = []
  var headerLines: [String] = []
}

/// A small blocking HTTP client over libcurl, for tests against 127.0.0.1 only. It runs on
/// the calling thread; tests call it through `offPool`.
enum LoopbackHTTPClient {
  static func send(
    _ method: String, _ url: String, headers: [String] = [], body: [UInt8]? = nil,
    timeoutSeconds: Int = 30
  ) throws -> HTTPReply {
    _ = curlInitialised
    guard url.hasPrefix("http://127.0.0.1:") else {
      throw ClientFailure("refusing a non-loopback URL: \(url)")
    }
    guard let handle = curl_easy_init() else { throw ClientFailure("curl_easy_init failed") }
    defer { curl_easy_cleanup(handle) }
    let collected = Collected()
    let context = Unmanaged.passRetained(collected)
    defer { context.release() }

    cairn_curl_setopt_string(handle, CURLOPT_URL, url)
    cairn_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method)
    cairn_curl_setopt_long(handle, CURLOPT_TIMEOUT, timeoutSeconds)
    cairn_curl_setopt_string(handle, CURLOPT_NOPROXY, "*")
    var list: UnsafeMutablePointer<curl_slist>?
    for header in headers { list = curl_slist_append(list, header) }
    defer { curl_slist_free_all(list) }
    if list != nil { cairn_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, list) }
    var payload = body ?? []
    if body != nil {
      cairn_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, payload.count)
    }
    cairn_curl_setopt_write_function(handle) { pointer, size, count, userdata in
      let bytes = size * count
      let target = Unmanaged<Collected>.fromOpaque(userdata!).takeUnretainedValue()
      pointer.map {
        target.body.append(contentsOf: UnsafeRawBufferPointer(start: $0, count: bytes))
      }
      return bytes
    }
    cairn_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context.toOpaque())
    cairn_curl_setopt_header_function(handle) { pointer, size, count, userdata in
      let bytes = size * count
      let target = Unmanaged<Collected>.fromOpaque(userdata!).takeUnretainedValue()
      if let pointer {
        let line = String(
          decoding: UnsafeRawBufferPointer(start: pointer, count: bytes), as: UTF8.self)
        let trimmed = line.trimmingCharacters(in: .newlines)
        if !trimmed.isEmpty { target.headerLines.append(trimmed) }
      }
      return bytes
    }
    cairn_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context.toOpaque())

    let result = payload.withUnsafeMutableBytes { buffer -> CURLcode in
      if body != nil {
        cairn_curl_setopt_pointer(handle, CURLOPT_POSTFIELDS, buffer.baseAddress)
      }
      return curl_easy_perform(handle)
    }
    guard result == CURLE_OK else {
      throw ClientFailure("\(method) \(url): \(String(cString: curl_easy_strerror(result)))")
    }
    var status = 0
    cairn_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
    return HTTPReply(status: status, headerLines: collected.headerLines, body: collected.body)
  }
}

extension LoopbackHTTPClient {
  /// POSTs `body` twice on one curl handle and returns how many connections that opened
  /// (curl reuses a kept-alive connection, so a well-behaved server gives 1).
  static func connectionsForTwoPosts(_ url: String, _ body: [UInt8]) throws -> Int {
    _ = curlInitialised
    guard let handle = curl_easy_init() else { throw ClientFailure("curl_easy_init failed") }
    defer { curl_easy_cleanup(handle) }
    cairn_curl_setopt_string(handle, CURLOPT_URL, url)
    cairn_curl_setopt_string(handle, CURLOPT_NOPROXY, "*")
    cairn_curl_setopt_long(handle, CURLOPT_TIMEOUT, 30)
    cairn_curl_setopt_write_function(handle) { _, size, count, _ in size * count }
    var payload = body
    var opened = 0
    for _ in 0..<2 {
      let result = payload.withUnsafeMutableBytes { buffer -> CURLcode in
        cairn_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, buffer.count)
        cairn_curl_setopt_pointer(handle, CURLOPT_POSTFIELDS, buffer.baseAddress)
        return curl_easy_perform(handle)
      }
      guard result == CURLE_OK else {
        throw ClientFailure("POST \(url): \(String(cString: curl_easy_strerror(result)))")
      }
      var connects = 0
      cairn_curl_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &connects)
      opened += connects
    }
    return opened
  }
}

struct ClientFailure: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}

/// Runs blocking work (libcurl, process I/O) on its own thread rather than on the
/// cooperative pool, which has only two threads here.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
  try await withCheckedThrowingContinuation { continuation in
    Thread { continuation.resume(with: Result { try body() }) }.start()
  }
}
