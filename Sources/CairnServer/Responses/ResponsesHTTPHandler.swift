import NIOCore
import NIOHTTP1

/// One connection's HTTP handler: gathers a whole request, asks the exchange what to answer,
/// and writes the answer, streaming event by event. Runs on the connection's event loop only.
final class ResponsesHTTPHandler: ChannelInboundHandler {
  typealias InboundIn = HTTPServerRequestPart
  typealias OutboundOut = HTTPServerResponsePart

  /// Requests with larger bodies get 413 and the connection is closed. Codex resumed from a
  /// 500 MB rollout sends a 240 MB body (CODEX_OBSERVED.md §7), so leave room above that.
  static let requestBodyBytesMax = 512 * 1024 * 1024

  private let exchange: ResponsesExchange
  private var head: HTTPRequestHead?
  private var body: [UInt8] = []
  private var bodyTooLarge = false

  init(exchange: ResponsesExchange) {
    self.exchange = exchange
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch unwrapInboundIn(data) {
    case .head(let requestHead):
      head = requestHead
      body = []
      bodyTooLarge = false
    case .body(var chunk):
      if body.count + chunk.readableBytes > Self.requestBodyBytesMax {
        bodyTooLarge = true
        body = []
      } else if !bodyTooLarge, let bytes = chunk.readBytes(length: chunk.readableBytes) {
        body.append(contentsOf: bytes)
      }
    case .end:
      guard let requestHead = head else { return }
      head = nil
      if bodyTooLarge {
        writeTooLarge(context: context, version: requestHead.version)
        return
      }
      let reply = exchange.reply(
        method: requestHead.method.rawValue, target: requestHead.uri,
        headers: requestHead.headers.map { ($0.name, $0.value) }, body: body)
      body = []
      write(
        reply, context: context, version: requestHead.version,
        keepAlive: requestHead.isKeepAlive)
    }
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    context.close(promise: nil)
  }

  private func write(
    _ reply: PlannedReply, context: ChannelHandlerContext, version: HTTPVersion, keepAlive: Bool
  ) {
    var headers = HTTPHeaders()
    switch reply {
    case .fixed(let status, let contentType, let extra, let bytes):
      headers.add(name: "content-type", value: contentType)
      headers.add(name: "content-length", value: String(bytes.count))
      for (name, value) in extra { headers.add(name: name, value: value) }
      if !keepAlive { headers.add(name: "connection", value: "close") }
      let responseHead = HTTPResponseHead(
        version: version, status: HTTPResponseStatus(statusCode: status), headers: headers)
      context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
      context.write(
        wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: bytes)))),
        promise: nil)
      finish(context: context, keepAlive: keepAlive)
    case .stream(let events, let delayMilliseconds):
      // No content-length: NIO's encoder sends the body chunked, one chunk per event.
      headers.add(name: "content-type", value: "text/event-stream")
      headers.add(name: "cache-control", value: "no-cache")
      if !keepAlive { headers.add(name: "connection", value: "close") }
      let responseHead = HTTPResponseHead(version: version, status: .ok, headers: headers)
      context.writeAndFlush(wrapOutboundOut(.head(responseHead)), promise: nil)
      writeEvents(
        events[...], delayMilliseconds: delayMilliseconds, context: context, keepAlive: keepAlive)
    }
  }

  private func writeEvents(
    _ events: ArraySlice<ServerSentEvent>, delayMilliseconds: Int,
    context: ChannelHandlerContext, keepAlive: Bool
  ) {
    var remaining = events
    guard let event = remaining.popFirst() else {
      finish(context: context, keepAlive: keepAlive)
      return
    }
    let buffer = context.channel.allocator.buffer(bytes: event.bytes)
    context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
    guard delayMilliseconds > 0, !remaining.isEmpty else {
      writeEvents(
        remaining, delayMilliseconds: delayMilliseconds, context: context, keepAlive: keepAlive)
      return
    }
    context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(delayMilliseconds))) {
      guard context.channel.isActive else { return }
      self.writeEvents(
        remaining, delayMilliseconds: delayMilliseconds, context: context, keepAlive: keepAlive)
    }
  }

  private func finish(context: ChannelHandlerContext, keepAlive: Bool) {
    let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
    if !keepAlive {
      written.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }
  }

  private func writeTooLarge(context: ChannelHandlerContext, version: HTTPVersion) {
    let error = ScriptedResponse.HTTPError.openAIStyle(
      status: 413,
      message: "request body larger than \(Self.requestBodyBytesMax) bytes",
      type: "invalid_request_error")
    write(
      .fixed(status: 413, contentType: error.contentType, headers: [], body: error.body),
      context: context, version: version, keepAlive: false)
  }
}
