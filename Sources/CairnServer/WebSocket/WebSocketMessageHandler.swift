import NIOCore
import NIOWebSocket

/// Turns WebSocket frames into text messages for a ``MessageConnection`` and answers the
/// control frames: ping → pong, close → close (echoing the code), then the connection
/// ends. Violations close the connection with their RFC 6455 code: an unmasked client
/// frame 1002, a binary message 1003, invalid UTF-8 1007, an oversized message 1009.
final class WebSocketMessageHandler: ChannelInboundHandler {
  typealias InboundIn = WebSocketFrame
  typealias OutboundOut = WebSocketFrame

  private let maxMessageBytes: Int
  private let accept: MessageAccept
  private var connection: MessageConnection?
  /// The text message being reassembled from continuation frames.
  private var pending: ByteBuffer?
  private var closing = false

  init(maxMessageBytes: Int, accept: @escaping MessageAccept) {
    self.maxMessageBytes = maxMessageBytes
    self.accept = accept
  }

  func handlerAdded(context: ChannelHandlerContext) {
    connection = accept(MessageSink(channel: context.channel))
  }

  func channelInactive(context: ChannelHandlerContext) {
    finish()
    context.fireChannelInactive()
  }

  func handlerRemoved(context: ChannelHandlerContext) { finish() }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    // Frame decoding errors were answered with their close code by NIO's protocol error
    // handler; anything else ends the connection too.
    finish()
    context.close(promise: nil)
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    let frame = unwrapInboundIn(data)
    guard !closing else { return }
    if frame.maskKey == nil {
      return fail(context, .protocolError)
    }
    switch frame.opcode {
    case .text:
      guard pending == nil else { return fail(context, .protocolError) }
      if frame.fin {
        deliver(context, frame.unmaskedData)
      } else {
        pending = frame.unmaskedData
      }
    case .continuation:
      guard var buffer = pending else { return fail(context, .protocolError) }
      var data = frame.unmaskedData
      guard buffer.readableBytes + data.readableBytes <= maxMessageBytes else {
        pending = nil
        return fail(context, .messageTooLarge)
      }
      buffer.writeBuffer(&data)
      if frame.fin {
        pending = nil
        deliver(context, buffer)
      } else {
        pending = buffer
      }
    case .binary:
      fail(context, .unacceptableData)
    case .ping:
      guard frame.fin else { return fail(context, .protocolError) }
      let pong = WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)
      context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
    case .pong:
      break
    case .connectionClose:
      var data = frame.unmaskedData
      let code = data.readWebSocketErrorCode() ?? .normalClosure
      closing = true
      Self.sendClose(on: context.channel, code: code)
    default:
      fail(context, .protocolError)
    }
  }

  private func deliver(_ context: ChannelHandlerContext, _ buffer: ByteBuffer) {
    guard buffer.readableBytes <= maxMessageBytes else { return fail(context, .messageTooLarge) }
    guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
      return fail(context, .dataInconsistentWithMessage)
    }
    connection?.receive(text)
  }

  private func fail(_ context: ChannelHandlerContext, _ code: WebSocketErrorCode) {
    closing = true
    pending = nil
    Self.sendClose(on: context.channel, code: code)
  }

  /// Sends a close frame with `code`, then closes the connection once it is written.
  static func sendClose(on channel: any Channel, code: WebSocketErrorCode) {
    var data = channel.allocator.buffer(capacity: 2)
    data.write(webSocketErrorCode: code)
    let frame = WebSocketFrame(fin: true, opcode: .connectionClose, data: data)
    channel.writeAndFlush(frame).whenComplete { _ in channel.close(promise: nil) }
  }

  private func finish() {
    guard let connection else { return }
    self.connection = nil
    connection.closed()
  }
}
