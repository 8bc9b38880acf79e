#if canImport(Glibc)
  import Glibc
#endif

/// Writes to standard error immediately.
enum StandardError {
  static func write(_ text: String) {
    var bytes = Array(text.utf8)
    bytes.withUnsafeMutableBytes { buffer in
      var done = 0
      while done < buffer.count {
        let result = Glibc.write(2, buffer.baseAddress! + done, buffer.count - done)
        if result > 0 {
          done += result
        } else if result < 0 && errno == EINTR {
          continue
        } else {
          return
        }
      }
    }
  }

  static var isTerminal: Bool { isatty(2) == 1 }
}

/// A buffered writer for standard output, so that printing millions of records costs one
/// system call per 64 KiB rather than one per record.
final class StandardOutput {
  private var buffer: [UInt8] = []
  private let capacity = 64 * 1024

  init() { buffer.reserveCapacity(capacity) }

  deinit { try? flush() }

  func write(_ bytes: UnsafeRawBufferPointer) throws {
    if buffer.count + bytes.count > capacity { try flush() }
    if bytes.count >= capacity {
      try writeAll(bytes)
    } else {
      buffer.append(contentsOf: bytes)
    }
  }

  func write(_ text: String) throws {
    var text = text
    try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
  }

  func write(byte: UInt8) throws {
    if buffer.count + 1 > capacity { try flush() }
    buffer.append(byte)
  }

  func flush() throws {
    guard !buffer.isEmpty else { return }
    try buffer.withUnsafeBytes { try writeAll($0) }
    buffer.removeAll(keepingCapacity: true)
  }

  private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
    var done = 0
    while done < bytes.count {
      let result = Glibc.write(1, bytes.baseAddress! + done, bytes.count - done)
      if result > 0 {
        done += result
      } else if result < 0 && errno == EINTR {
        continue
      } else {
        throw LogErrorText.stdoutClosed
      }
    }
  }
}

enum LogErrorText: Error {
  case stdoutClosed
}
