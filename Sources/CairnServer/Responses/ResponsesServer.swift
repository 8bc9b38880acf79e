import NIOCore
import NIOHTTP1
import NIOPosix

/// The scripted Responses-compatible HTTP server: HTTP/1.1 on 127.0.0.1 only, answering
/// `POST /v1/responses` with server-sent events from a `ResponsesScript`, and recording
/// every request. docs/RESPONSES_SERVER.md describes the endpoints and formats.
///
/// ```swift
/// let server = try await ResponsesServer.start(script: script)
/// // point a client at server.baseURL ("http://127.0.0.1:PORT/v1")
/// try await server.shutdown()
/// ```
public final class ResponsesServer: Sendable {
  /// The address the server binds: loopback only, never another interface.
  public static let host = "127.0.0.1"

  /// The port the server listens on (the one the system chose when asked for port 0).
  public let port: Int
  private let group: MultiThreadedEventLoopGroup
  private let channel: any Channel
  private let exchange: ResponsesExchange

  /// Why the server could not start.
  public struct StartFailure: Error, CustomStringConvertible {
    public var description: String
  }

  /// `http://127.0.0.1:PORT/v1`, the `base_url` for a model provider.
  public var baseURL: String { "http://\(Self.host):\(port)/v1" }

  private init(
    port: Int, group: MultiThreadedEventLoopGroup, channel: any Channel,
    exchange: ResponsesExchange
  ) {
    self.port = port
    self.group = group
    self.channel = channel
    self.exchange = exchange
  }

  /// Binds 127.0.0.1:`port` (0 lets the system choose) and starts serving `script`. With a
  /// `requestLogPath`, that file is created (or emptied) with mode 0600 and gets one JSON
  /// line per request. `diagnostics` receives one line per request the script could not
  /// answer or that went to an unknown endpoint. `firstByte`, when given, receives the
  /// `CLOCK_MONOTONIC` time (nanoseconds) at which each connection's first bytes arrived, on
  /// the server's event loop (for benchmarks).
  public static func start(
    script: ResponsesScript, port: Int = 0, requestLogPath: String? = nil,
    diagnostics: (@Sendable (String) -> Void)? = nil,
    firstByte: (@Sendable (UInt64) -> Void)? = nil
  ) async throws(StartFailure) -> ResponsesServer {
    guard (0...65535).contains(port) else {
      throw StartFailure(description: "port \(port) is out of range (0…65535)")
    }
    let exchange: ResponsesExchange
    do {
      exchange = try ResponsesExchange(
        script: script, requestLogPath: requestLogPath, diagnostics: diagnostics)
    } catch {
      throw StartFailure(description: error.description)
    }
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let bootstrap = ServerBootstrap(group: group)
      .serverChannelOption(.backlog, value: 64)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          if let firstByte {
            try channel.pipeline.syncOperations.addHandler(FirstByteClock(report: firstByte))
          }
          try channel.pipeline.syncOperations.configureHTTPServerPipeline(
            withErrorHandling: true)
          try channel.pipeline.syncOperations.addHandler(
            ResponsesHTTPHandler(exchange: exchange))
        }
      }
    do {
      let channel = try await bootstrap.bind(host: host, port: port).get()
      guard let bound = channel.localAddress?.port else {
        throw StartFailure(description: "the listening socket has no port")
      }
      return ResponsesServer(port: bound, group: group, channel: channel, exchange: exchange)
    } catch {
      try? await group.shutdownGracefully()
      if let failure = error as? StartFailure { throw failure }
      throw StartFailure(description: "cannot listen on \(host):\(port): \(error)")
    }
  }

  /// Every request received so far, in arrival order (what the request log holds).
  public var requests: [RecordedRequest] { exchange.requests }

  /// Stops listening, closes open connections and stops the event loop.
  public func shutdown() async throws {
    try? await channel.close()
    try await group.shutdownGracefully()
  }
}
