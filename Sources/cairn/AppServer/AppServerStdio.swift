import CairnCore
import CairnServer
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The stdio transport: one connection, one JSON message per line in each direction.
/// Stdin's end closes the connection and the server exits 0, as Codex's.
enum AppServerStdio {
  static func run(hub: AppServerHub) {
    let connection = hub.accept { text in
      var bytes = Array(text.utf8)
      bytes.append(UInt8(ascii: "\n"))
      writeAll(bytes, to: 1)
    }
    var reader = BoundedLineReader(descriptor: 0, lineBytesMax: AppServerConnection.messageBytesMax)
    while true {
      switch reader.next() {
      case .line(let bytes):
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
        connection.receive(bytes: bytes)
      case .tooLong(let bytes):
        StandardError.write(
          "cairn app-server: dropped a line of \(bytes) bytes or more (the limit is "
            + "\(AppServerConnection.messageBytesMax))\n")
      case .end:
        connection.closed()
        hub.shutdown()
        return
      }
    }
  }

  /// Writes every byte (a closed stdout ends the process quietly, as SIGPIPE would).
  static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
      if written < 0 {
        if errno == EINTR { continue }
        exit(0)
      }
      offset += written
    }
  }
}
