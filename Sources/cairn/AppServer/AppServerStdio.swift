import CairnCore
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

/// Splits a descriptor's bytes into lines in bounded memory: a line longer than the limit
/// is skipped up to its newline and reported once, never buffered.
struct BoundedLineReader {
  enum Event {
    case line([UInt8])
    case tooLong(bytes: Int)
    case end
  }

  let descriptor: Int32
  let lineBytesMax: Int
  private var buffer = [UInt8](repeating: 0, count: 1 << 16)
  private var start = 0
  private var end = 0
  private var partial: [UInt8] = []
  private var skipped = 0
  private var finished = false

  init(descriptor: Int32, lineBytesMax: Int) {
    self.descriptor = descriptor
    self.lineBytesMax = lineBytesMax
  }

  mutating func next() -> Event {
    while true {
      if start < end {
        if let newline = buffer[start..<end].firstIndex(of: UInt8(ascii: "\n")) {
          let piece = buffer[start..<newline]
          start = newline + 1
          if skipped > 0 {
            let total = skipped + piece.count
            skipped = 0
            return .tooLong(bytes: total)
          }
          if partial.count + piece.count > lineBytesMax {
            let total = partial.count + piece.count
            partial = []
            return .tooLong(bytes: total)
          }
          let line = partial + piece
          partial = []
          return .line(line)
        }
        let piece = buffer[start..<end]
        start = end
        if skipped > 0 || partial.count + piece.count > lineBytesMax {
          skipped += partial.count + piece.count
          partial = []
        } else {
          partial.append(contentsOf: piece)
        }
      }
      if finished {
        if skipped > 0 {
          defer { skipped = 0 }
          return .tooLong(bytes: skipped)
        }
        if partial.isEmpty { return .end }
        defer { partial = [] }
        return .line(partial)
      }
      let got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
      if got > 0 {
        start = 0
        end = got
      } else if got == 0 || errno != EINTR {
        finished = true
      }
    }
  }
}
