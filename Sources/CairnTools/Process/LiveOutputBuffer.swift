/// The output a live process read since the last drain, within `bytesMax`: chunks up to
/// half the bound are kept as the head, then the newest chunks up to the other half as
/// the tail, and bytes pushed out of the tail's front are counted, not kept. Memory stays
/// bounded whatever the process prints and however rarely it is drained, and the caller
/// still sees how the output began and how it ends.
struct LiveOutputBuffer {
  let headBytesMax: Int
  let tailBytesMax: Int
  private var head: [ProcessOutputChunk] = []
  private var headBytes = 0
  /// The tail's chunks from `tailStart` on (earlier slots are spent, compacted lazily so
  /// dropping from the front is not quadratic).
  private var tail: [ProcessOutputChunk] = []
  private var tailStart = 0
  private var tailBytes = 0
  private(set) var omittedBytes: UInt64 = 0

  init(bytesMax: Int) {
    let bound = max(bytesMax, 2)
    headBytesMax = bound / 2
    tailBytesMax = bound - bound / 2
  }

  var isEmpty: Bool { headBytes == 0 && tailBytes == 0 && omittedBytes == 0 }

  /// The bytes held (never more than `headBytesMax + tailBytesMax`).
  var bufferedBytes: Int { headBytes + tailBytes }

  mutating func append(_ chunk: ProcessOutputChunk) {
    var chunk = chunk
    if headBytes < headBytesMax {
      let room = headBytesMax - headBytes
      if chunk.bytes.count <= room {
        headBytes += chunk.bytes.count
        head.append(chunk)
        return
      }
      var first = chunk
      first.bytes = Array(chunk.bytes[..<room])
      head.append(first)
      headBytes = headBytesMax
      chunk.bytes = Array(chunk.bytes[room...])
    }
    appendToTail(chunk)
  }

  private mutating func appendToTail(_ chunk: ProcessOutputChunk) {
    var chunk = chunk
    if chunk.bytes.count >= tailBytesMax {
      // The chunk alone fills the tail: everything before its last bytes goes.
      omittedBytes += UInt64(tailBytes + chunk.bytes.count - tailBytesMax)
      chunk.bytes = Array(chunk.bytes.suffix(tailBytesMax))
      tail = []
      tailStart = 0
      tailBytes = 0
    }
    tail.append(chunk)
    tailBytes += chunk.bytes.count
    while tailBytes > tailBytesMax {
      let excess = tailBytes - tailBytesMax
      let oldest = tail[tailStart].bytes.count
      if oldest <= excess {
        tail[tailStart].bytes = []
        tailStart += 1
        tailBytes -= oldest
        omittedBytes += UInt64(oldest)
      } else {
        tail[tailStart].bytes.removeFirst(excess)
        tailBytes -= excess
        omittedBytes += UInt64(excess)
      }
    }
    if tailStart > 64 && tailStart * 2 > tail.count {
      tail.removeFirst(tailStart)
      tailStart = 0
    }
  }

  /// Everything held, and the count of what was dropped; the buffer is empty afterwards.
  mutating func take() -> (chunks: [ProcessOutputChunk], omittedBytes: UInt64) {
    let chunks = head + tail[tailStart...]
    let omitted = omittedBytes
    self = LiveOutputBuffer(headBytesMax: headBytesMax, tailBytesMax: tailBytesMax)
    return (chunks, omitted)
  }

  private init(headBytesMax: Int, tailBytesMax: Int) {
    self.headBytesMax = headBytesMax
    self.tailBytesMax = tailBytesMax
  }
}
