import CairnLogFormat
import Dispatch
import Synchronization

extension LogReader {
  /// Like `scan`, but blocks are read, verified and decompressed on a second thread, a few
  /// blocks ahead of `body`: a long replay then runs at the pace of the slower half
  /// instead of the sum of both. Records reach `body` in order, exactly as with `scan`.
  ///
  /// The reader must not be used for anything else until this returns.
  public func scanAhead(
    from: Seq = .first, through: Seq? = nil, _ body: (RecordView) throws -> Bool
  ) throws {
    let last = min(through ?? lastSeq, lastSeq)
    let start = max(from, .first)
    guard start <= last else { return }
    let pipeline = BlockPipeline(slots: 4)
    let reader = UncheckedReader(reader: self)
    DispatchQueue.global().async {
      pipeline.produce(reader: reader.reader, from: start, through: last)
    }
    defer { pipeline.finish() }
    batches: while let batch = try pipeline.next() {
      let base = pipeline.buffer(batch.slot).baseAddress!
      for block in batch.blocks {
        let raw = UnsafeRawBufferPointer(start: base + block.offset, count: block.header.rawBytes)
        let more = try Self.walk(
          raw, header: block.header, segment: batch.segment, entry: block.entry, from: start,
          through: last, body)
        if !more { break batches }
      }
      pipeline.release(batch.slot)
    }
  }
}

/// Hands the reader to the producer thread; `scanAhead` keeps the caller off it meanwhile.
private struct UncheckedReader: @unchecked Sendable {
  let reader: LogReader
}

/// A bounded hand-off of decompressed blocks from a producer thread to the caller: a few
/// buffer slots circulate between them, so memory stays fixed however long the log.
private final class BlockPipeline: @unchecked Sendable {
  /// Several blocks of one segment, decompressed one after another into one slot, so that
  /// the threads hand over a batch at a time, not a block at a time.
  struct Batch {
    var slot: Int
    var segment: SegmentState
    var blocks: [(entry: IndexEntry, header: BlockHeader, offset: Int)] = []
    var bytes = 0
  }

  /// How many decompressed bytes a batch gathers before it is handed over.
  static let batchBytesTarget = 512 * 1024

  enum Message {
    case batch(Batch)
    case end
    case failed(any Error)
  }

  private struct State {
    var messages: [Message] = []
    var free: [Int]
    var cancelled = false
  }

  private let slotCount: Int
  /// Slot buffers: a free slot belongs to the producer, a posted one to the consumer.
  private let buffers: UnsafeMutablePointer<UnsafeMutableRawBufferPointer>
  private let state: Mutex<State>
  private let ready = DispatchSemaphore(value: 0)
  private let freeSlots: DispatchSemaphore
  private let done = DispatchSemaphore(value: 0)

  init(slots: Int) {
    slotCount = slots
    buffers = .allocate(capacity: slots)
    buffers.initialize(repeating: UnsafeMutableRawBufferPointer(start: nil, count: 0), count: slots)
    state = Mutex(State(free: Array(0..<slots)))
    // Created at zero and raised, since libdispatch traps when a semaphore is released
    // holding less than the value it was created with.
    freeSlots = DispatchSemaphore(value: 0)
    for _ in 0..<slots { freeSlots.signal() }
  }

  deinit {
    for slot in 0..<slotCount { buffers[slot].deallocate() }
    buffers.deinitialize(count: slotCount)
    buffers.deallocate()
  }

  func buffer(_ slot: Int) -> UnsafeMutableRawBufferPointer { buffers[slot] }

  /// The producer: verifies and decompresses blocks in order into free slots.
  func produce(reader: LogReader, from: Seq, through: Seq) {
    defer { done.signal() }
    do {
      var index = reader.segmentIndex(containing: from)
      var keepGoing = true
      while keepGoing, index < reader.segments.count, reader.segments[index].baseSeq <= through {
        var batch: Batch?
        keepGoing = try reader.forEachVerifiedBlock(segment: index, from: from, through: through) {
          segment, entry, header, block in
          if batch == nil {
            freeSlots.wait()
            guard let slot = takeFreeSlot() else { return false }
            batch = Batch(slot: slot, segment: segment)
          }
          let offset = batch!.bytes
          let needed = offset + header.rawBytes
          let slot = batch!.slot
          _ = try reader.decompress(segment: segment, entry: entry, header: header, block) { _ in
            let buffer = self.reserve(slot, bytes: needed, keeping: offset)
            return UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<needed])
          }
          batch!.blocks.append((entry, header, offset))
          batch!.bytes = needed
          if needed >= Self.batchBytesTarget {
            post(.batch(batch!))
            batch = nil
          }
          return true
        }
        if let batch { post(.batch(batch)) }
        index += 1
      }
      post(.end)
    } catch {
      post(.failed(error))
    }
  }

  private func takeFreeSlot() -> Int? {
    state.withLock { state in state.cancelled ? nil : state.free.popLast() }
  }

  /// Slot `slot` with room for `bytes`, its first `keeping` bytes preserved.
  private func reserve(_ slot: Int, bytes: Int, keeping: Int) -> UnsafeMutableRawBufferPointer {
    if buffers[slot].count < bytes {
      let larger = UnsafeMutableRawBufferPointer.allocate(
        byteCount: max(bytes, 2 * Self.batchBytesTarget), alignment: 16)
      if keeping > 0 {
        larger.baseAddress!.copyMemory(from: buffers[slot].baseAddress!, byteCount: keeping)
      }
      buffers[slot].deallocate()
      buffers[slot] = larger
    }
    return buffers[slot]
  }

  private func post(_ message: Message) {
    state.withLock { $0.messages.append(message) }
    ready.signal()
  }

  /// The next block for the consumer, nil at the end; rethrows the producer's error.
  func next() throws -> Batch? {
    ready.wait()
    let message = state.withLock { $0.messages.removeFirst() }
    switch message {
    case .batch(let batch): return batch
    case .end: return nil
    case .failed(let error): throw error
    }
  }

  func release(_ slot: Int) {
    state.withLock { $0.free.append(slot) }
    freeSlots.signal()
  }

  /// Stops the producer (if it still runs) and waits until it no longer touches a slot.
  func finish() {
    state.withLock { $0.cancelled = true }
    freeSlots.signal()
    done.wait()
  }
}
