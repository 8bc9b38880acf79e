#if canImport(Glibc)
  import Glibc
#endif

/// Splits a descriptor's bytes into lines in bounded memory, for the stdio servers (the
/// app-server and the MCP server): a line longer than the limit is skipped up to its
/// newline and reported once by its size, never buffered whole. A last line without a
/// newline still counts.
public struct BoundedLineReader {
  public enum Event: Equatable, Sendable {
    case line([UInt8])
    case tooLong(bytes: Int)
    case end
  }

  public let descriptor: Int32
  public let lineBytesMax: Int
  private var buffer = [UInt8](repeating: 0, count: 1 << 16)
  private var start = 0
  private var end = 0
  private var partial: [UInt8] = []
  private var skipped = 0
  private var finished = false

  public init(descriptor: Int32, lineBytesMax: Int) {
    self.descriptor = descriptor
    self.lineBytesMax = lineBytesMax
  }

  /// The next line (without its newline), an oversized line's size, or the end of input.
  public mutating func next() -> Event {
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
