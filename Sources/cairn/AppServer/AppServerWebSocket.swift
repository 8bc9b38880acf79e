import CairnCore
import CairnServer
import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// The WebSocket transports (`--listen ws://IP:PORT`, `unix://PATH`): one app-server
/// connection per WebSocket client, one JSON message per text frame, all sharing the hub's
/// threads. Serves until SIGTERM or SIGINT, then closes every connection and removes the
/// socket file.
enum AppServerWebSocket {
  static func run(
    hub: AppServerHub, address: MessageListenAddress, capabilityToken: String?,
    defaultSocketDirectory: String?
  ) throws(AppServerListenTarget.Failure) {
    if let defaultSocketDirectory {
      // The default control socket's directory is private, as the socket is.
      try? FileManager.default.createDirectory(
        atPath: defaultSocketDirectory, withIntermediateDirectories: true,
        attributes: [.posixPermissions: 0o700])
    }
    installStopSignalHandlers()
    let options = MessageServerOptions(
      maxMessageBytes: AppServerConnection.messageBytesMax, capabilityToken: capabilityToken)
    let outcome = Mutex<String?>(nil)
    let finished = DispatchSemaphore(value: 0)
    Task {
      do {
        let server = try await MessageServer.start(listen: address, options: options) { sink in
          accept(sink, hub: hub)
        }
        StandardError.write(banner(server, loopbackOnly: capabilityToken == nil))
        _ = await waitForStop(watchStdin: false)
        try? await server.shutdown()
      } catch {
        outcome.withLock { $0 = "\(error)" }
      }
      finished.signal()
    }
    // The command's thread is not the cooperative pool's: waiting here blocks nothing else.
    finished.wait()
    hub.shutdown()
    if let failure = outcome.withLock({ $0 }) {
      throw AppServerListenTarget.Failure(description: failure)
    }
  }

  /// Hands each message to the connection on a serial queue of its own: the event loop
  /// never waits for a method, and a client's messages are handled in the order sent.
  private static func accept(_ sink: MessageSink, hub: AppServerHub) -> MessageConnection {
    let connection = hub.accept { text in sink.send(text) }
    let queue = DispatchQueue(label: "cairn.app-server.connection-\(connection.id)")
    return MessageConnection(
      receive: { text in queue.async { connection.receive(text) } },
      closed: { queue.async { connection.closed() } })
  }

  /// What Codex prints on stderr once it listens (tools read the `listening on:` line).
  static func banner(_ server: MessageServer, loopbackOnly: Bool) -> String {
    guard server.port != nil else {
      return "cairn app-server (WebSocket over a Unix socket)\n"
        + "  listening on: \(server.address)\n"
    }
    let http = "http://" + server.address.dropFirst("ws://".count)
    var text = """
      cairn app-server (WebSockets)
        listening on: \(server.address)
        readyz: \(http)/readyz
        healthz: \(http)/healthz

      """
    if loopbackOnly {
      text += "  note: binds localhost only (use SSH port-forwarding for remote access)\n"
    }
    return text
  }
}
