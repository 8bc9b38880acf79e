import CairnStore

#if canImport(Glibc)
  import Glibc
#endif

/// Splits a file descriptor's bytes into lines, in bounded memory: a line longer than
/// `lineBytesMax` is reported, not buffered.
final class LineReader {
  enum Event {
    case line([UInt8])
    case lineTooLong(bytes: Int)
    case end
  }

  private let descriptor: Int32
  private let lineBytesMax: Int
  private var buffer = [UInt8](repeating: 0, count: 1 << 20)
  private var start = 0
  private var end = 0
  private var partial: [UInt8] = []
  private var finished = false

  init(descriptor: Int32, lineBytesMax: Int) {
    self.descriptor = descriptor
    self.lineBytesMax = lineBytesMax
  }

  /// Whether a complete line is already buffered (so reading it needs no system call).
  var hasBufferedLine: Bool { buffer[start..<end].contains(UInt8(ascii: "\n")) }

  func next() throws -> Event {
    while true {
      if let newline = buffer[start..<end].firstIndex(of: UInt8(ascii: "\n")) {
        let piece = buffer[start..<newline]
        start = newline + 1
        if partial.count + piece.count > lineBytesMax {
          let total = partial.count + piece.count
          partial = []
          return .lineTooLong(bytes: total)
        }
        if partial.isEmpty { return .line(Array(piece)) }
        let line = partial + piece
        partial = []
        return .line(line)
      }
      partial.append(contentsOf: buffer[start..<end])
      start = 0
      end = 0
      if partial.count > lineBytesMax { return .lineTooLong(bytes: partial.count) }
      if finished {
        if partial.isEmpty { return .end }
        let line = partial
        partial = []
        return .line(line)
      }
      let got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
      if got > 0 {
        end = got
      } else if got == 0 {
        finished = true
      } else if errno != EINTR {
        throw LogError.io(path: "standard input", operation: "read", errno: errno)
      }
    }
  }
}

/// Readiness of standard input without blocking.
enum StandardInput {
  static func hasDataReady() -> Bool {
    var descriptor = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
    return poll(&descriptor, 1, 0) > 0
  }
}

/// The wall clock, the one place the log CLI reads time.
enum WallClock {
  static func nowNanoseconds() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
  }
}
