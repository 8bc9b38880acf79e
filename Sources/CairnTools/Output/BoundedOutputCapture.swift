/// A command's output kept for the model within a fixed number of bytes: the first
/// `headBytesMax` bytes and the last `tailBytesMax`, with a count of everything (bytes and
/// newlines) so the rendering can say how much was left out. The model only ever sees the
/// head and the tail of a large output (Codex truncates in the middle), so keeping both
/// ends keeps what it sees exact while memory stays bounded whatever the command prints.
///
/// ```swift
/// var capture = BoundedOutputCapture(keptBytesMax: 8)
/// capture.append(Array("0123456789abcdef".utf8))
/// capture.head  // "0123"
/// capture.tail  // "cdef"
/// capture.totalBytes  // 16
/// ```
public struct BoundedOutputCapture: Sendable, Equatable {
  /// How many of the first bytes are kept.
  public let headBytesMax: Int
  /// How many of the last bytes are kept.
  public let tailBytesMax: Int
  /// The first bytes, up to `headBytesMax`.
  public private(set) var head: [UInt8] = []
  /// A ring of the last bytes after the head; `ringStart` is its oldest byte once full.
  private var ring: [UInt8] = []
  private var ringStart = 0
  /// Every byte appended, kept or not.
  public private(set) var totalBytes: UInt64 = 0
  /// Every newline appended, kept or not (the rendering reports the line count).
  public private(set) var newlineCount: UInt64 = 0
  /// The last byte appended, to tell whether the output ends with a newline.
  public private(set) var lastByte: UInt8?
  /// Set by a gap: later bytes no longer follow the head, so it takes no more.
  private var headClosed = false

  /// Splits `keptBytesMax` evenly between the head and the tail.
  public init(keptBytesMax: Int) {
    let kept = max(keptBytesMax, 2)
    headBytesMax = kept / 2
    tailBytesMax = kept - kept / 2
  }

  public init(headBytesMax: Int, tailBytesMax: Int) {
    self.headBytesMax = max(headBytesMax, 0)
    self.tailBytesMax = max(tailBytesMax, 0)
  }

  /// A capture holding all of `bytes` (no bound), for rendering an output already in memory.
  public init(bytes: [UInt8]) {
    self.init(headBytesMax: bytes.count, tailBytesMax: 0)
    append(bytes)
  }

  /// Adds the next bytes of the output.
  public mutating func append<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
    guard !bytes.isEmpty else { return }
    totalBytes += UInt64(bytes.count)
    var newlines: UInt64 = 0
    for byte in bytes where byte == 0x0A { newlines += 1 }
    newlineCount += newlines
    var rest = bytes[...]
    lastByte = bytes[bytes.index(bytes.endIndex, offsetBy: -1)]
    if head.count < headBytesMax && !headClosed {
      let taken = rest.prefix(headBytesMax - head.count)
      head.append(contentsOf: taken)
      rest = rest[taken.endIndex...]
    }
    guard !rest.isEmpty, tailBytesMax > 0 else { return }
    if rest.count >= tailBytesMax {
      ring = Array(rest.suffix(tailBytesMax))
      ringStart = 0
      return
    }
    for byte in rest {
      if ring.count < tailBytesMax {
        ring.append(byte)
      } else {
        ring[ringStart] = byte
        ringStart = ringStart + 1 == tailBytesMax ? 0 : ringStart + 1
      }
    }
  }

  /// Counts `bytes` the output had here that never arrived (a live process's buffer
  /// dropped them): they are omitted like the middle, and what was kept after the head
  /// is dropped too, so the tail stays one contiguous end of the output. Their newlines
  /// are unknown, so `lineCount` counts only the bytes that arrived.
  public mutating func appendGap(_ bytes: UInt64) {
    guard bytes > 0 else { return }
    totalBytes += bytes
    headClosed = true
    ring.removeAll(keepingCapacity: true)
    ringStart = 0
  }

  /// The last kept bytes after the head, oldest first.
  public var tail: [UInt8] {
    guard ringStart > 0 else { return ring }
    return Array(ring[ringStart...] + ring[..<ringStart])
  }

  /// The bytes kept in memory (head and tail).
  public var keptBytes: Int { head.count + ring.count }

  /// The bytes between the head and the tail that were not kept.
  public var omittedBytes: UInt64 { totalBytes - UInt64(keptBytes) }

  /// Every byte, when nothing was left out; nil otherwise.
  public var completeBytes: [UInt8]? {
    omittedBytes == 0 ? head + tail : nil
  }

  /// The number of lines as Rust's `str::lines` counts them (Codex's "Total output lines"):
  /// one per newline, plus one for a last line without a newline.
  public var lineCount: UInt64 {
    guard let lastByte else { return 0 }
    return newlineCount + (lastByte == 0x0A ? 0 : 1)
  }
}
