import NIOCore

#if canImport(Glibc)
  import Glibc
#endif

/// The first handler of a connection's pipeline when the server was started with a
/// `firstByte` callback: it reads `CLOCK_MONOTONIC` when the connection's first bytes arrive,
/// before any HTTP parsing, and reports it once per connection. `cairn bench exec` uses it to
/// time a client from its spawn to the first byte of its first request.
final class FirstByteClock: ChannelInboundHandler {
  typealias InboundIn = ByteBuffer
  typealias InboundOut = ByteBuffer

  private let report: @Sendable (UInt64) -> Void
  private var reported = false

  init(report: @escaping @Sendable (UInt64) -> Void) {
    self.report = report
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    if !reported {
      reported = true
      report(Self.nowNanoseconds())
    }
    context.fireChannelRead(data)
  }

  /// `CLOCK_MONOTONIC` in nanoseconds: the clock a caller in the same process compares with.
  static func nowNanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
  }
}
