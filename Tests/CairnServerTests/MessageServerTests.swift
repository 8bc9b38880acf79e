import CairnServer
import Foundation
import Synchronization
import Testing

/// The app-server transports with a real peer (Python `websockets`, curl-free HTTP through
/// urllib) and an echo handler: every message comes back as `echo:TEXT`; `bye` makes the
/// server close the connection.
@Suite(.serialized) struct MessageServerTests {
  /// What the echo handler saw, across connections.
  final class Journal: Sendable {
    private let state = Mutex<(received: [String], accepted: Int, closed: Int)>(([], 0, 0))
    var received: [String] { state.withLock { $0.received } }
    var accepted: Int { state.withLock { $0.accepted } }
    var closed: Int { state.withLock { $0.closed } }

    func accept(_ sink: MessageSink) -> MessageConnection {
      state.withLock { $0.accepted += 1 }
      return MessageConnection(
        receive: { text in
          self.state.withLock { $0.received.append(text) }
          if text == "bye" { sink.close() } else { sink.send("echo:" + text) }
        },
        closed: { self.state.withLock { $0.closed += 1 } })
    }
  }

  static let options = MessageServerOptions(maxMessageBytes: 64 * 1024)

  /// The checks every transport must pass, from the peer's report.
  static func expectWebSocketBehaviour(_ checks: PeerChecks) {
    #expect(checks["extensions"]?["negotiated"] is NSNull, "\(checks["extensions"] ?? [:])")
    for length in [5, 0, 9, 60000] {
      #expect(checks["echo \(length)"]?["ok"] as? Bool == true, "echo of \(length) characters")
    }
    #expect(checks["fragmented"]?["echo"] as? String == "echo:fragmented")
    #expect(checks["ping"]?["answered"] as? Bool == true)
    #expect(checks["server-close"]?["code"] as? Int == 1000)
    #expect(checks["too-big"]?["code"] as? Int == 1009)
    #expect(checks["fragmented-too-big"]?["code"] as? Int == 1009)
    #expect(checks["binary"]?["code"] as? Int == 1003)
    #expect(checks["client-close"]?["code"] as? Int == 1000)
  }

  @Test func webSocketOnLoopbackEchoesAndAnswersProbes() async throws {
    let journal = Journal()
    let server = try await MessageServer.start(
      listen: try MessageListenAddress("ws://127.0.0.1:0"), options: Self.options,
      accept: journal.accept)
    let address = server.address
    #expect(address.hasPrefix("ws://127.0.0.1:") && server.port != nil)
    let checks = try await offPool { try WebSocketPeer.run(["tcp", address]) }
    try await server.shutdown()
    #expect(checks["http /healthz"]?["status"] as? Int == 200)
    #expect(checks["http /healthz"]?["body"] as? String == "")
    #expect(checks["http /readyz"]?["status"] as? Int == 200)
    #expect(checks["http /"]?["status"] as? Int == 400)
    #expect(checks["http /nope"]?["status"] as? Int == 404)
    for hostile in ["garbage", "huge-header"] {
      let reply = checks[hostile]?["reply"] as? String
      #expect(reply == "" || reply?.hasPrefix("HTTP/1.1 4") == true, "\(hostile): \(reply ?? "-")")
    }
    #expect(checks["still-serving"]?["status"] as? Int == 200)
    Self.expectWebSocketBehaviour(checks)
    #expect(journal.received.contains("fragmented"))
    #expect(journal.accepted == 5)
    #expect(journal.closed == journal.accepted)
  }

  @Test func webSocketOverAUnixSocketIsPrivateAndReplacesAStaleFile() async throws {
    let directory = NSTemporaryDirectory() + "cairn-uds-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/control.sock"
    // A stale socket: bound, then abandoned without unlinking.
    try Self.leaveStaleSocket(at: path)
    let journal = Journal()
    let server = try await MessageServer.start(
      listen: try MessageListenAddress("unix://" + path), options: Self.options,
      accept: journal.accept)
    var status = stat()
    #expect(stat(path, &status) == 0)
    #expect(status.st_mode & 0o777 == 0o600)
    #expect(status.st_mode & S_IFMT == S_IFSOCK)

    // A second server on the live socket is refused, and the first one keeps it.
    do {
      _ = try await MessageServer.start(
        listen: .unixSocket(path: path), accept: journal.accept)
      Issue.record("a second server took a live socket")
    } catch {
      #expect(error.description.contains("in use"), "\(error)")
    }

    let checks = try await offPool { try WebSocketPeer.run(["unix", path]) }
    Self.expectWebSocketBehaviour(checks)
    try await server.shutdown()
    #expect(!FileManager.default.fileExists(atPath: path))
    #expect(journal.closed == journal.accepted)
  }

  @Test func aPathThatIsNotASocketIsLeftAlone() async throws {
    let path = NSTemporaryDirectory() + "cairn-not-a-socket-\(UUID().uuidString)"
    try Data("keep me".utf8).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    do {
      _ = try await MessageServer.start(listen: .unixSocket(path: path)) { _ in
        MessageConnection(receive: { _ in }, closed: {})
      }
      Issue.record("the server replaced a regular file")
    } catch {
      #expect(error.description.contains("not a socket"))
    }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me")
  }

  @Test func nonLoopbackNeedsATokenAndTheTokenIsChecked() async throws {
    do {
      _ = try await MessageServer.start(listen: .webSocket(host: "0.0.0.0", port: 0)) { _ in
        MessageConnection(receive: { _ in }, closed: {})
      }
      Issue.record("listened on 0.0.0.0 without authentication")
    } catch {
      #expect(error.description.contains("not a loopback address"))
    }
    // With a token: bound on loopback here (nothing may listen beyond it in tests), and
    // every upgrade must carry it.
    let journal = Journal()
    let token = "capability-\(UUID().uuidString)"
    let server = try await MessageServer.start(
      listen: .webSocket(host: "127.0.0.1", port: 0),
      options: MessageServerOptions(capabilityToken: token), accept: journal.accept)
    let address = server.address
    let checks = try await offPool { try WebSocketPeer.run(["token", address, token]) }
    try await server.shutdown()
    #expect(checks["no-token"]?["status"] as? Int == 401)
    #expect(checks["token"]?["echo"] as? String == "echo:with token")
    #expect(journal.accepted == 1)
  }

  @Test func listenAddressesParseAndBadOnesSayWhy() throws {
    #expect(
      try MessageListenAddress("ws://127.0.0.1:4500") == .webSocket(host: "127.0.0.1", port: 4500))
    #expect(try MessageListenAddress("ws://[::1]:0") == .webSocket(host: "::1", port: 0))
    #expect(try MessageListenAddress("unix:///run/a.sock") == .unixSocket(path: "/run/a.sock"))
    for (text, words) in [
      ("ws://127.0.0.1", "expected ws://IP:PORT"), ("ws://127.0.0.1:70000", "0 to 65535"),
      ("http://127.0.0.1:1", "unsupported"), ("unix://", "unix://PATH"),
      ("unix://" + String(repeating: "a", count: 200), "108 bytes"),
    ] {
      do {
        _ = try MessageListenAddress(text)
        Issue.record("\(text) parsed")
      } catch {
        #expect(error.description.contains(words), "\(text): \(error)")
      }
    }
    #expect(MessageListenAddress.isLoopback("127.0.0.1") && MessageListenAddress.isLoopback("::1"))
    #expect(
      !MessageListenAddress.isLoopback("0.0.0.0") && !MessageListenAddress.isLoopback("10.0.0.1"))
  }

  /// `app-server proxy`: bytes from "stdin" reach the socket and the server's bytes reach
  /// "stdout", unframed: the client speaks WebSocket through the relay.
  @Test func theRelayCarriesAWebSocketSessionUnchanged() async throws {
    let directory = NSTemporaryDirectory() + "cairn-relay-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/control.sock"
    let journal = Journal()
    let server = try await MessageServer.start(
      listen: .unixSocket(path: path), options: Self.options, accept: journal.accept)
    var input: [Int32] = [0, 0]
    var output: [Int32] = [0, 0]
    #expect(pipe(&input) == 0 && pipe(&output) == 0)
    let (relayInput, relayOutput) = (input[0], output[1])
    let relay = Thread {
      _ = UnixSocketRelay.run(socketPath: path, input: relayInput, output: relayOutput)
      close(relayOutput)
    }
    relay.start()
    let request =
      "GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    let frame = Self.maskedTextFrame("through the proxy")
    let writer = input[1]
    let reader = output[0]
    let received = try await offPool { () -> [UInt8] in
      _ = Array(request.utf8).withUnsafeBytes { write(writer, $0.baseAddress, $0.count) }
      _ = frame.withUnsafeBytes { write(writer, $0.baseAddress, $0.count) }
      // Read until the echo frame is complete: 101 response + a 2-byte header + payload.
      var bytes: [UInt8] = []
      var buffer = [UInt8](repeating: 0, count: 4096)
      let expectedPayload = Array("echo:through the proxy".utf8)
      while !(bytes.count >= expectedPayload.count
        && Array(bytes.suffix(expectedPayload.count)) == expectedPayload)
      {
        let count = buffer.withUnsafeMutableBytes { read(reader, $0.baseAddress, $0.count) }
        if count <= 0 { break }
        bytes += buffer[0..<count]
      }
      return bytes
    }
    let text = String(decoding: received, as: UTF8.self)
    #expect(text.hasPrefix("HTTP/1.1 101 Switching Protocols\r\n"))
    #expect(text.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"))
    // An unmasked final text frame of 22 bytes: the echo.
    let echoFrame: [UInt8] = [0x81, 22] + Array("echo:through the proxy".utf8)
    #expect(Array(received.suffix(echoFrame.count)) == echoFrame)
    #expect(journal.received == ["through the proxy"])
    // The relayed connection is still open: shutting down closes it, and says so.
    #expect(journal.closed == 0)
    try await server.shutdown()
    #expect(journal.closed == 1)
    // Only now: the end of the relay's input half-closes the socket, which the server
    // takes as the end of the connection (closing it earlier raced the check above).
    close(writer)
    close(reader)
    close(input[0])
  }

  @Test func theRelaySaysWhenThereIsNoServer() {
    let failure = UnixSocketRelay.run(
      socketPath: NSTemporaryDirectory() + "cairn-no-server-\(UUID().uuidString).sock")
    #expect(failure?.description.contains("cannot connect to") == true)
  }

  /// A client frame: FIN + text, masked with a fixed key.
  static func maskedTextFrame(_ text: String) -> [UInt8] {
    let payload = Array(text.utf8)
    let key: [UInt8] = [1, 2, 3, 4]
    var frame: [UInt8] = [0x81, 0x80 | UInt8(payload.count)] + key
    for (index, byte) in payload.enumerated() { frame.append(byte ^ key[index % 4]) }
    return frame
  }

  static func leaveStaleSocket(at path: String) throws {
    let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
      for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
    }
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
      }
    }
    close(descriptor)
    guard bound == 0 else { throw WebSocketPeer.PeerFailure("cannot bind a stale socket") }
  }
}
