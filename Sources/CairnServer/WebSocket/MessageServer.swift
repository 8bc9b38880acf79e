import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// A server of text messages over WebSocket, on TCP (`ws://IP:PORT`) or on a Unix domain
/// socket (`unix://PATH`, the HTTP Upgrade on the socket). It knows nothing of what the
/// messages mean: per connection it calls `accept` with a ``MessageSink`` for that client
/// and hands each complete text message to the ``MessageConnection`` it gets back
/// (docs/APP_SERVER.md, "Transports").
///
/// ```swift
/// let server = try await MessageServer.start(
///   listen: try MessageListenAddress("ws://127.0.0.1:0")
/// ) { sink in
///   MessageConnection(receive: { text in sink.send(text) }, closed: {})
/// }
/// print(server.address)  // ws://127.0.0.1:41234
/// try await server.shutdown()
/// ```
///
/// Also on the WebSocket listener: `GET /healthz` and `GET /readyz` answer 200 with an
/// empty body; any other plain request 400 (`/`) or 404. The permessage-deflate extension
/// is never negotiated (an offer is ignored, as RFC 6455 allows). Pings are answered, a
/// close frame is echoed, a message over ``MessageServerOptions/maxMessageBytes`` closes
/// the connection with 1009, a binary message with 1003.
public final class MessageServer: Sendable {
  /// Why the server could not start.
  public struct StartFailure: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
  }

  /// Where the server listens: `ws://127.0.0.1:PORT` (the bound port, when 0 was asked)
  /// or `unix://PATH`.
  public let address: String
  /// The TCP port, for a WebSocket listener.
  public let port: Int?
  /// The socket file, for a Unix listener (removed by ``shutdown()``).
  public let socketPath: String?
  private let group: MultiThreadedEventLoopGroup
  private let channel: any Channel

  private init(
    address: String, port: Int?, socketPath: String?, group: MultiThreadedEventLoopGroup,
    channel: any Channel
  ) {
    self.address = address
    self.port = port
    self.socketPath = socketPath
    self.group = group
    self.channel = channel
  }

  /// Starts listening. A WebSocket listener on an address other than loopback is refused
  /// unless `options.capabilityToken` is set (clients then send
  /// `Authorization: Bearer TOKEN`). A Unix socket file is created 0600; a stale one (no
  /// server answers on it) is replaced, a live one or a file that is not a socket is an
  /// error.
  public static func start(
    listen: MessageListenAddress, options: MessageServerOptions = MessageServerOptions(),
    accept: @escaping MessageAccept
  ) async throws(StartFailure) -> MessageServer {
    if case .webSocket(let host, _) = listen, !MessageListenAddress.isLoopback(host),
      options.capabilityToken == nil
    {
      throw StartFailure(
        "refusing to listen on \(host), which is not a loopback address, without "
          + "authentication: configure a capability token (--ws-auth capability-token)")
    }
    if let token = options.capabilityToken, token.isEmpty {
      throw StartFailure("the capability token is empty")
    }
    let group = MultiThreadedEventLoopGroup(numberOfThreads: options.threads)
    let bootstrap = ServerBootstrap(group: group)
      .serverChannelOption(.backlog, value: 256)
      .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          try MessageServerPipeline.configure(channel, options: options, accept: accept)
        }
      }
    do {
      switch listen {
      case .webSocket(let host, let port):
        let channel = try await bootstrap.serverChannelOption(
          .socketOption(.so_reuseaddr), value: 1
        ).bind(host: host, port: port).get()
        guard let bound = channel.localAddress?.port else {
          throw StartFailure("the listening socket has no port")
        }
        let shown = host.contains(":") ? "[\(host)]" : host
        return MessageServer(
          address: "ws://\(shown):\(bound)", port: bound, socketPath: nil, group: group,
          channel: channel)
      case .unixSocket(let path):
        try UnixSocketFile.prepare(path)
        let channel = try await bootstrap.bind(unixDomainSocketPath: path).get()
        try UnixSocketFile.restrict(path)
        return MessageServer(
          address: "unix://\(path)", port: nil, socketPath: path, group: group, channel: channel)
      }
    } catch {
      try? await group.shutdownGracefully()
      if let failure = error as? StartFailure { throw failure }
      throw StartFailure("cannot listen on \(listen): \(error)")
    }
  }

  /// Stops listening, closes every connection (each handler gets `closed()`), stops the
  /// event loops and removes the socket file of a Unix listener.
  public func shutdown() async throws {
    try? await channel.close()
    try await group.shutdownGracefully()
    if let socketPath { UnixSocketFile.remove(socketPath) }
  }
}

/// What the server does with one client: called on the connection's event loop, in order.
/// Neither closure may block: hand work to a thread or task of your own.
public struct MessageConnection: Sendable {
  /// One complete text message (a text frame, or a fragmented text message reassembled).
  public var receive: @Sendable (String) -> Void
  /// The connection is gone (closed by either side, or by ``MessageServer/shutdown()``).
  /// Called once; nothing is received after it.
  public var closed: @Sendable () -> Void

  public init(receive: @escaping @Sendable (String) -> Void, closed: @escaping @Sendable () -> Void)
  {
    self.receive = receive
    self.closed = closed
  }
}

/// Called once per connection, when the WebSocket handshake is done.
public typealias MessageAccept = @Sendable (MessageSink) -> MessageConnection

/// Sends text messages to one client, from any thread, in the order of the calls.
public struct MessageSink: Sendable, Hashable {
  let channel: any Channel

  /// Sends `text` as one text frame. After the connection closed, does nothing.
  public func send(_ text: String) {
    let buffer = channel.allocator.buffer(string: text)
    channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .text, data: buffer), promise: nil)
  }

  /// Closes the connection with a close frame (1000, normal closure, or `code`).
  public func close(code: UInt16 = 1000) {
    let channel = channel
    channel.eventLoop.execute {
      WebSocketMessageHandler.sendClose(
        on: channel, code: WebSocketErrorCode(codeNumber: Int(code)))
    }
  }

  /// A number that tells connections apart in logs (stable for the connection's life).
  public var connectionID: ObjectIdentifier { ObjectIdentifier(channel) }

  public static func == (lhs: MessageSink, rhs: MessageSink) -> Bool {
    lhs.channel === rhs.channel
  }

  public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(channel)) }
}

/// Limits and authentication of a ``MessageServer``.
public struct MessageServerOptions: Sendable {
  /// The largest message accepted, in bytes (a frame, or a fragmented message in total);
  /// a larger one closes the connection with 1009 (message too big).
  public var maxMessageBytes: Int
  /// The token clients must send as `Authorization: Bearer TOKEN` on the upgrade request;
  /// nil means none (then only loopback addresses may be bound).
  public var capabilityToken: String?
  /// Event loop threads.
  public var threads: Int

  public init(
    maxMessageBytes: Int = 16 * 1024 * 1024, capabilityToken: String? = nil, threads: Int = 1
  ) {
    self.maxMessageBytes = maxMessageBytes
    self.capabilityToken = capabilityToken
    self.threads = max(1, threads)
  }
}
