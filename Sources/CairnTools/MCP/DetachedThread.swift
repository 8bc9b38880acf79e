#if canImport(Glibc)
  import Glibc
#endif

/// Runs a blocking body on a detached POSIX thread of its own: the MCP servers start in
/// parallel and their handshakes block, which must not happen on the cooperative pool
/// (two threads here). CairnTools has no Foundation, so no `Thread`.
enum DetachedThread {
  private final class Body {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
  }

  /// Starts `body`; when no thread can be made, runs it on the caller's.
  static func run(_ body: @escaping @Sendable () -> Void) {
    let context = Unmanaged.passRetained(Body(body)).toOpaque()
    var thread = pthread_t()
    let result = pthread_create(
      &thread, nil,
      { raw in
        Unmanaged<Body>.fromOpaque(raw!).takeRetainedValue().run()
        return nil
      }, context)
    guard result == 0 else {
      Unmanaged<Body>.fromOpaque(context).takeRetainedValue().run()
      return
    }
    pthread_detach(thread)
  }
}
