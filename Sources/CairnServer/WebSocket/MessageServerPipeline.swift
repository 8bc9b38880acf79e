import NIOCore
import NIOHTTP1
import NIOWebSocket

/// The channel pipeline of one ``MessageServer`` connection: HTTP/1.1 with the WebSocket
/// upgrade; plain requests go to ``HealthHTTPHandler``, upgraded connections to
/// ``WebSocketMessageHandler``.
enum MessageServerPipeline {
  static func configure(
    _ channel: any Channel, options: MessageServerOptions, accept: @escaping MessageAccept
  ) throws {
    let token = options.capabilityToken
    let upgrader = NIOWebSocketServerUpgrader(
      maxFrameSize: min(options.maxMessageBytes, Int(UInt32.max)), automaticErrorHandling: true,
      shouldUpgrade: { channel, head in
        // No Sec-WebSocket-Extensions in the answer: permessage-deflate (or any extension
        // a client offers) is not negotiated, and the client goes on without it.
        guard let token else { return channel.eventLoop.makeSucceededFuture(HTTPHeaders()) }
        let authorized = head.headers["authorization"].contains { value in
          constantTimeEqual(value, "Bearer \(token)")
        }
        return channel.eventLoop.makeSucceededFuture(authorized ? HTTPHeaders() : nil)
      },
      upgradePipelineHandler: { channel, _ in
        channel.eventLoop.makeCompletedFuture {
          let handler = WebSocketMessageHandler(
            maxMessageBytes: options.maxMessageBytes, accept: accept)
          try channel.pipeline.syncOperations.addHandler(handler)
        }
      })
    let health = HealthHTTPHandler(requiresToken: token != nil)
    let upgrade: NIOHTTPServerUpgradeConfiguration = (
      upgraders: [upgrader],
      completionHandler: { context in
        context.channel.pipeline.syncOperations.removeHandler(health, promise: nil)
      }
    )
    try channel.pipeline.syncOperations.configureHTTPServerPipeline(
      withServerUpgrade: upgrade, withErrorHandling: true)
    try channel.pipeline.syncOperations.addHandler(health)
  }

  /// Compares without an early exit, so the time taken does not tell how much matched.
  static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
    let a = Array(lhs.utf8)
    let b = Array(rhs.utf8)
    var difference = UInt8(a.count == b.count ? 0 : 1)
    for index in 0..<max(a.count, b.count) {
      let x = index < a.count ? a[index] : 0
      let y = index < b.count ? b[index] : 0
      difference |= x ^ y
    }
    return difference == 0
  }
}

/// Plain HTTP on the listener: `GET /healthz` and `GET /readyz` → 200 with an empty body
/// (Codex's probes), `/` → 400 (a WebSocket endpoint), anything else → 404. A refused
/// upgrade (a missing or wrong token) arrives here too and gets 401.
final class HealthHTTPHandler: ChannelInboundHandler, RemovableChannelHandler, Sendable {
  typealias InboundIn = HTTPServerRequestPart
  typealias OutboundOut = HTTPServerResponsePart

  let requiresToken: Bool

  init(requiresToken: Bool) { self.requiresToken = requiresToken }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    guard case .head(let head) = unwrapInboundIn(data) else { return }
    let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
    let status: HTTPResponseStatus
    if head.headers["upgrade"].contains(where: { $0.lowercased() == "websocket" }) {
      // The upgrader refused it: the token is missing or wrong, or the handshake is bad.
      status = requiresToken ? .unauthorized : .badRequest
    } else if head.method == .GET && (path == "/healthz" || path == "/readyz") {
      status = .ok
    } else if path == "/" {
      status = .badRequest
    } else {
      status = .notFound
    }
    var headers = HTTPHeaders()
    headers.add(name: "content-length", value: "0")
    if !head.isKeepAlive || status != .ok { headers.add(name: "connection", value: "close") }
    let response = HTTPResponseHead(version: head.version, status: status, headers: headers)
    context.write(wrapOutboundOut(.head(response)), promise: nil)
    let close = !head.isKeepAlive || status != .ok
    let loopBound = context.loopBound
    context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
      if close { loopBound.value.close(promise: nil) }
    }
  }
}
