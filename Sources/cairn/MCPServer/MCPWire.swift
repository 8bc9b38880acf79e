import CairnCore
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Writes JSON-RPC messages to standard output, one compact JSON object per line, each
/// line whole (a lock keeps a turn's notifications and the reader's answers from
/// interleaving). A closed stdout is remembered, not fatal: the server ends at stdin EOF.
final class MCPWriter: @unchecked Sendable {
  private let lock = NSLock()
  private let descriptor: Int32
  private var broken = false

  init(descriptor: Int32 = 1) {
    self.descriptor = descriptor
  }

  func send(_ message: JSONValue) {
    var bytes: [UInt8] = []
    message.write(to: &bytes)
    bytes.append(UInt8(ascii: "\n"))
    lock.withLock {
      guard !broken else { return }
      bytes.withUnsafeBytes { buffer in
        var done = 0
        while done < buffer.count {
          let count = write(descriptor, buffer.baseAddress! + done, buffer.count - done)
          if count > 0 {
            done += count
          } else if count < 0 && errno == EINTR {
            continue
          } else {
            broken = true
            return
          }
        }
      }
    }
  }

  /// A JSON-RPC 2.0 message with `members` after `"jsonrpc":"2.0"`.
  static func message(_ members: [(String, JSONValue)]) -> JSONValue {
    .object([("jsonrpc", .string("2.0"))] + members)
  }
}

/// Splits standard input into lines in bounded memory: a line longer than `lineBytesMax`
/// is skipped to its newline and reported by its size, never buffered whole.
struct MCPLineReader {
  enum Next {
    case line([UInt8])
    case tooLong(bytes: Int)
    case end
  }

  private let descriptor: Int32
  private let lineBytesMax: Int
  private var buffer = [UInt8](repeating: 0, count: 1 << 16)
  private var start = 0
  private var end = 0
  private var partial: [UInt8] = []
  private var skipping = 0
  private var finished = false

  init(descriptor: Int32 = 0, lineBytesMax: Int) {
    self.descriptor = descriptor
    self.lineBytesMax = lineBytesMax
  }

  mutating func next() -> Next {
    while true {
      if start < end {
        if let newline = buffer[start..<end].firstIndex(of: UInt8(ascii: "\n")) {
          let piece = buffer[start..<newline]
          start = newline + 1
          if skipping > 0 {
            let total = skipping + piece.count
            skipping = 0
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
        let rest = buffer[start..<end]
        start = end
        if skipping > 0 {
          skipping += rest.count
        } else if partial.count + rest.count > lineBytesMax {
          skipping = partial.count + rest.count
          partial = []
        } else {
          partial.append(contentsOf: rest)
        }
      }
      if finished {
        if skipping > 0 {
          let total = skipping
          skipping = 0
          return .tooLong(bytes: total)
        }
        if partial.isEmpty { return .end }
        let line = partial
        partial = []
        return .line(line)
      }
      let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
      if count > 0 {
        start = 0
        end = count
      } else if count == 0 || errno != EINTR {
        finished = true
      }
    }
  }
}
