/// The output a live process read since the last drain, within `bytesMax`: chunks up to
/// half the bound are kept as the head, then the newest chunks up to the other half as
/// the tail, and bytes pushed out of the tail's front are counted, not kept. Memory stays
/// bounded whatever the process prints and however rarely it is drained, and the caller
/// still sees how the output began and how it ends.
struct LiveOutputBuffer {
  let headBytesMax: Int
  private var head: [ProcessOutputChunk] = []
  private var headBytes = 0
  private var tail: OutputTail

  init(bytesMax: Int) {
    let bound = max(bytesMax, 2)
    headBytesMax = bound / 2
    tail = OutputTail(bytesMax: bound - bound / 2)
  }

  var isEmpty: Bool { headBytes == 0 && tail.isEmpty && tail.omittedBytes == 0 }

  /// The bytes held (never more than the bound).
  var bufferedBytes: Int { headBytes + tail.bytes }

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
    tail.append(chunk)
  }

  /// Everything held as a drain (without its termination); the buffer is empty afterwards.
  mutating func take() -> LiveProcessDrain {
    let (tailChunks, omitted) = tail.take()
    let drain = LiveProcessDrain(
      chunks: head + tailChunks, omittedBytes: omitted.values.reduce(0, +), termination: nil,
      omissionIndex: head.count, omittedByStream: OmittedOutput.list(omitted))
    head = []
    headBytes = 0
    return drain
  }
}
