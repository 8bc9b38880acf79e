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
