import CairnCore

/// The newest output chunks within `bytesMax` bytes: older bytes are pushed out of the
/// front (a chunk at the edge is cut) and counted per stream. Dropping from the front is
/// amortised O(1): spent slots are compacted only once they are half the array.
struct OutputTail: Sendable, Equatable {
  let bytesMax: Int
  private var chunks: [ProcessOutputChunk] = []
  private var start = 0
  private(set) var bytes = 0
  private(set) var omitted: [OutputStream: UInt64] = [:]

  init(bytesMax: Int) {
    self.bytesMax = max(bytesMax, 0)
  }

  var omittedBytes: UInt64 { omitted.values.reduce(0, +) }
  var isEmpty: Bool { bytes == 0 }

  mutating func append(_ chunk: ProcessOutputChunk) {
    guard !chunk.bytes.isEmpty else { return }
    var chunk = chunk
    if chunk.bytes.count >= bytesMax {
      // The chunk alone fills the tail: everything held, and its own front, goes.
      dropAll()
      let cut = chunk.bytes.count - bytesMax
      omitted[chunk.stream, default: 0] += UInt64(cut)
      guard bytesMax > 0 else { return }
      chunk.bytes = Array(chunk.bytes[cut...])
    }
    chunks.append(chunk)
    bytes += chunk.bytes.count
    while bytes > bytesMax {
      let excess = bytes - bytesMax
      let oldest = chunks[start].bytes.count
      let stream = chunks[start].stream
      if oldest <= excess {
        chunks[start].bytes = []
        start += 1
        bytes -= oldest
        omitted[stream, default: 0] += UInt64(oldest)
      } else {
        chunks[start].bytes.removeFirst(excess)
        bytes -= excess
        omitted[stream, default: 0] += UInt64(excess)
      }
    }
    if start > 64 && start * 2 > chunks.count {
      chunks.removeFirst(start)
      start = 0
    }
  }

  /// Counts everything held as omitted and empties the chunks (at a gap in the output, so
  /// what is kept stays one contiguous run).
  mutating func dropAll() {
    for chunk in chunks[start...] {
      omitted[chunk.stream, default: 0] += UInt64(chunk.bytes.count)
    }
    chunks = []
    start = 0
    bytes = 0
  }

  /// Counts bytes that never reached the tail (a gap before what it holds next).
  mutating func countOmitted(_ count: UInt64, stream: OutputStream) {
    omitted[stream, default: 0] += count
  }

  /// The chunks held, oldest first, and the omitted counts; the tail is empty afterwards.
  mutating func take() -> (chunks: [ProcessOutputChunk], omitted: [OutputStream: UInt64]) {
    let result = (Array(chunks[start...]), omitted)
    self = OutputTail(bytesMax: bytesMax)
    return result
  }
}
