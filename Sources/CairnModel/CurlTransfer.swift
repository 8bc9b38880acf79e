import CCurlShim

/// The state of one running transfer, handed to libcurl's C callbacks as their userdata
/// pointer (C callbacks cannot capture). It lives on the thread that runs the transfer.
final class CurlTransfer {
  let sink: any HTTPResponseSink
  let cancel: CancellationFlag
  /// When a byte last moved either way, or the transfer started.
  var lastActivity: ContinuousClock.Instant
  var uploaded: curl_off_t = 0
  var downloaded: curl_off_t = 0

  /// The response being read: libcurl hands its header lines one at a time.
  private var status = 0
  private var headers: [HTTPHeader] = []
  private(set) var headDelivered = false
  /// The sink's receiveBody returned false.
  private(set) var stoppedBySink = false
  /// Body bytes passed to the sink.
  private(set) var bodyBytes = 0

  init(sink: any HTTPResponseSink, cancel: CancellationFlag) {
    self.sink = sink
    self.cancel = cancel
    lastActivity = .now
  }

  func headerLine(_ bytes: UnsafeRawBufferPointer) {
    lastActivity = .now
    guard !headDelivered else { return }  // trailers
    // Drop the line end as bytes: as Characters, "\r\n" is one grapheme, not two.
    var end = bytes.count
    while end > 0, bytes[end - 1] == 0x0D || bytes[end - 1] == 0x0A { end -= 1 }
    let line = Substring(decoding: UnsafeRawBufferPointer(rebasing: bytes[..<end]), as: UTF8.self)
    if line.hasPrefix("HTTP/") {
      // A new status line: an interim 1xx response ends and the real one begins.
      status = line.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) } ?? 0
      headers = []
    } else if line.isEmpty {
      if status >= 200 || status == 0 { deliverHead() }
    } else if let colon = line.firstIndex(of: ":") {
      let name = line[..<colon]
      let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
      var trimmed = value
      while let last = trimmed.last, last == " " || last == "\t" { trimmed.removeLast() }
      headers.append(HTTPHeader(name: String(name), value: String(trimmed)))
    }
  }

  func body(_ bytes: UnsafeRawBufferPointer) -> Bool {
    lastActivity = .now
    if !headDelivered { deliverHead() }
    bodyBytes += bytes.count
    if !sink.receiveBody(bytes) {
      stoppedBySink = true
      return false
    }
    return true
  }

  /// Progress: any change in the byte counts is activity (a large request body uploading
  /// slowly is not an idle stream). Returns whether to go on.
  func progress(uploaded: curl_off_t, downloaded: curl_off_t) -> Bool {
    if uploaded != self.uploaded || downloaded != self.downloaded {
      self.uploaded = uploaded
      self.downloaded = downloaded
      lastActivity = .now
    }
    return !cancel.isCancelled
  }

  private func deliverHead() {
    headDelivered = true
    sink.receiveHead(status: status, headers: headers)
  }
}

// The C callbacks: plain functions, no captures; the transfer comes through userdata.

func curlWriteCallback(
  _ pointer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int,
  _ userdata: UnsafeMutableRawPointer?
) -> Int {
  let bytes = size * count
  guard let userdata else { return 0 }
  let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
  let buffer = UnsafeRawBufferPointer(start: pointer, count: pointer == nil ? 0 : bytes)
  // Returning less than `bytes` makes libcurl stop with CURLE_WRITE_ERROR.
  return transfer.body(buffer) ? bytes : 0
}

func curlHeaderCallback(
  _ pointer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int,
  _ userdata: UnsafeMutableRawPointer?
) -> Int {
  let bytes = size * count
  guard let userdata else { return 0 }
  let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
  transfer.headerLine(UnsafeRawBufferPointer(start: pointer, count: pointer == nil ? 0 : bytes))
  return bytes
}

func curlProgressCallback(
  _ userdata: UnsafeMutableRawPointer?, _ downloadTotal: curl_off_t, _ downloaded: curl_off_t,
  _ uploadTotal: curl_off_t, _ uploaded: curl_off_t
) -> Int32 {
  guard let userdata else { return 0 }
  let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
  // Non-zero aborts the transfer with CURLE_ABORTED_BY_CALLBACK.
  return transfer.progress(uploaded: uploaded, downloaded: downloaded) ? 0 : 1
}
