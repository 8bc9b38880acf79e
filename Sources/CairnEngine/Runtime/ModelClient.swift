import CairnModel
import CairnProtocol

/// One model request's stream: the transport's bytes through the SSE decoder and the
/// event decoder, each event handed on as it arrives and folded into an accumulator.
public struct ModelClient: Sendable {
  public let transport: ResponsesTransport

  public init(transport: ResponsesTransport) {
    self.transport = transport
  }

  /// Streams one request. Returns what arrived, complete or not: a stream that ends early
  /// is the caller's to retry (`stream_max_retries`); HTTP failures after the transport's
  /// own retries are thrown.
  public func stream(
    body: [UInt8], headers: [HTTPHeader], cancel: CancellationFlag,
    onRetry: (_ attempt: Int, _ reason: String, _ delay: Duration) -> Void,
    onEvent: (ResponseStreamEvent) -> Void
  ) throws(ModelTransportError) -> StreamedResponse {
    try withoutActuallyEscaping(onEvent) { handler throws(ModelTransportError) in
      let sink = StreamSink(onEvent: handler)
      try transport.stream(
        body: body, headers: headers, cancel: cancel, onRetry: onRetry, sink: sink)
      return sink.finish()
    }
  }
}

/// What one request's stream gave: the folded events, and why it ended if not cleanly.
public struct StreamedResponse: Sendable {
  public var accumulator: ResponseAccumulator
  /// A stream that broke off, or whose data could not be decoded: why, for the retry
  /// message ("stream disconnected before completion: …"); nil when it completed.
  public var failure: String?
}

private final class StreamSink: HTTPResponseSink {
  private var decoder = SSEDecoder()
  private var accumulator = ResponseAccumulator()
  private var decodeFailure: String?
  private var status = 0
  private let onEvent: (ResponseStreamEvent) -> Void

  init(onEvent: @escaping (ResponseStreamEvent) -> Void) {
    self.onEvent = onEvent
  }

  func receiveHead(status: Int, headers: [HTTPHeader]) {
    self.status = status
  }

  func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
    guard (200..<300).contains(status), decodeFailure == nil else { return true }
    do {
      try decoder.feed(bytes) { event in
        let decoded = try ResponseStreamEventDecoder.decode(event)
        accumulator.apply(decoded)
        onEvent(decoded)
      }
    } catch {
      decodeFailure = "\(error)"
      return false
    }
    return true
  }

  func finish() -> StreamedResponse {
    _ = decoder.finish()
    var failure = decodeFailure
    switch accumulator.outcome {
    case .completed:
      break
    case .failed(let error):
      failure = failure ?? error.message
    case .incomplete(let reason):
      failure = failure ?? "response incomplete: \(reason ?? "no reason given")"
    case .streaming:
      failure = failure ?? "stream closed before response.completed"
    }
    return StreamedResponse(accumulator: accumulator, failure: failure)
  }
}
