import CairnLogFormat
import Dispatch

extension LogReader {
  /// Like `scan`, but a second thread reads and verifies blocks a few batches ahead of
  /// `body`, and both threads decompress them: the caller decompresses a waiting batch
  /// itself whenever the next one is not ready yet, so a long replay spreads the LZ4 work
  /// over both cores instead of waiting on one. Records reach `body` in order, exactly as
  /// with `scan`, and an error surfaces at the batch where it was found.
  ///
  /// The reader must not be used for anything else until this returns.
  public func scanAhead(
    from: Seq = .first, through: Seq? = nil, _ body: (RecordView) throws -> Bool
  ) throws {
    let last = min(through ?? lastSeq, lastSeq)
    let start = max(from, .first)
    guard start <= last else { return }
    let pipeline = BlockPipeline(slots: 6)
    let reader = UncheckedReader(reader: self)
    DispatchQueue.global().async {
      pipeline.produce(reader: reader.reader, from: start, through: last)
    }
    defer { pipeline.finish() }
    batches: while let batch = try pipeline.next() {
      let base = UnsafeRawPointer(batch.raw.baseAddress!)
      for block in batch.blocks {
        let raw = UnsafeRawBufferPointer(
          start: base + block.rawOffset, count: block.header.rawBytes)
        let more = try Self.walk(
          raw, header: block.header, segment: batch.segment!, entry: block.entry, from: start,
          through: last, body)
        if !more { break batches }
      }
      pipeline.release(batch)
    }
  }
}

/// Hands the reader to the producer thread; `scanAhead` keeps the caller off it meanwhile.
private struct UncheckedReader: @unchecked Sendable {
  let reader: LogReader
}

/// Several verified blocks of one segment, stored compressed in one slot until a thread
/// decompresses them all into the slot's raw buffer. Its phase says who owns it: the
/// producer while filling, whichever thread claimed it while decompressing, the consumer
/// when ready; the pipeline's lock guards every change of phase.
private final class Batch: @unchecked Sendable {
  struct Block {
    var entry: IndexEntry
    var header: BlockHeader
    var storedOffset: Int
    var rawOffset: Int
  }

  enum Phase {
    case free, filling, stored, decompressing, ready
    case failed(any Error)
  }

  var phase = Phase.free
  var number = 0
  var segment: SegmentState?
  var blocks: [Block] = []
  var storedBytes = 0
  var rawBytes = 0
  private(set) var stored = UnsafeMutableRawBufferPointer(start: nil, count: 0)
  private(set) var raw = UnsafeMutableRawBufferPointer(start: nil, count: 0)

  deinit {
    stored.deallocate()
    raw.deallocate()
  }

  func reset(number: Int, segment: SegmentState) {
    self.number = number
    self.segment = segment
    blocks.removeAll(keepingCapacity: true)
    storedBytes = 0
    rawBytes = 0
    phase = .filling
  }

  /// Appends a verified block's stored bytes (header included).
  func append(entry: IndexEntry, header: BlockHeader, block: UnsafeRawBufferPointer) {
    Self.grow(&stored, to: storedBytes + block.count, keeping: storedBytes)
    (stored.baseAddress! + storedBytes).copyMemory(
      from: block.baseAddress!, byteCount: block.count)
    blocks.append(
      Block(entry: entry, header: header, storedOffset: storedBytes, rawOffset: rawBytes))
    storedBytes += block.count
    rawBytes += header.rawBytes
  }

  /// Decompresses every block into the raw buffer; the phase the batch moves to.
  func decompress() -> Phase {
    Self.grow(&raw, to: rawBytes, keeping: 0)
    let segment = segment!
    for block in blocks {
      let input = UnsafeRawBufferPointer(
        rebasing: UnsafeRawBufferPointer(stored)[
          block.storedOffset..<block.storedOffset + block.header.totalBytes])
      let output = UnsafeMutableRawBufferPointer(
        rebasing: raw[block.rawOffset..<block.rawOffset + block.header.rawBytes])
      do {
        _ = try BlockCodec.decompress(block: input, header: block.header, into: output)
      } catch {
        return .failed(
          LogError.corruption(
            segment: segment.fileName, offset: block.entry.offset, defect: "block: \(error)"))
      }
    }
    return .ready
  }

  private static func grow(
    _ buffer: inout UnsafeMutableRawBufferPointer, to bytes: Int, keeping: Int
  ) {
    guard buffer.count < bytes else { return }
    let larger = UnsafeMutableRawBufferPointer.allocate(
      byteCount: max(bytes, 2 * buffer.count, 64 * 1024), alignment: 16)
    if keeping > 0 {
      larger.baseAddress!.copyMemory(from: buffer.baseAddress!, byteCount: keeping)
    }
    buffer.deallocate()
    buffer = larger
  }
}

/// A bounded hand-off of batches from a producer thread to the consumer: a few slots
/// circulate between them, so memory stays fixed however long the log. The producer reads
/// and verifies; decompression is work either thread takes, lowest batch first.
private final class BlockPipeline: @unchecked Sendable {
  /// How many decompressed bytes a batch gathers before it is handed over.
  static let batchBytesTarget = 512 * 1024
  /// How many read but unclaimed batches the producer keeps in stock before it
  /// decompresses one itself: the consumer's work when it would otherwise wait.
  static let storedStock = 2

  private let batches: [Batch]
  private let monitor = Monitor()
  private let done = DispatchSemaphore(value: 0)
  // Guarded by `monitor`.
  private var cancelled = false
  private var end: (number: Int, error: (any Error)?)?
  private var consumed = 0

  init(slots: Int) {
    batches = (0..<slots).map { _ in Batch() }
  }

  /// The producer: reads and verifies blocks in order into free slots, and decompresses
  /// when it has read far enough ahead.
  func produce(reader: LogReader, from: Seq, through: Seq) {
    defer { done.signal() }
    var posted = 0
    var filling: Batch?
    var outcome: (any Error)?
    do {
      var index = reader.segmentIndex(containing: from)
      var keepGoing = true
      while keepGoing, index < reader.segments.count, reader.segments[index].baseSeq <= through {
        keepGoing = try reader.forEachVerifiedBlock(segment: index, from: from, through: through) {
          segment, entry, header, block in
          if filling == nil {
            guard let batch = takeFree(number: posted, segment: segment) else { return false }
            filling = batch
          }
          filling!.append(entry: entry, header: header, block: block)
          if filling!.rawBytes >= Self.batchBytesTarget {
            post(filling!)
            posted += 1
            filling = nil
            if !helpWhenStocked() { return false }
          }
          return true
        }
        // A batch holds blocks of one segment only.
        if let batch = filling {
          post(batch)
          posted += 1
          filling = nil
        }
        index += 1
      }
    } catch {
      // The blocks verified before the failure still reach the consumer, as with `scan`.
      if let batch = filling, !batch.blocks.isEmpty {
        post(batch)
        posted += 1
      }
      outcome = error
    }
    monitor.withLock {
      end = (posted, outcome)
      monitor.broadcast()
    }
    while decompressLowestStored() {}
  }

  /// A free slot for batch `number`, nil when cancelled. While none is free, the producer
  /// decompresses stored batches rather than wait.
  private func takeFree(number: Int, segment: SegmentState) -> Batch? {
    while true {
      let (free, stop, canHelp) = monitor.withLock {
        () -> (Batch?, Bool, Bool) in
        while true {
          if cancelled { return (nil, true, false) }
          if let batch = batches.first(where: { if case .free = $0.phase { true } else { false } })
          {
            batch.reset(number: number, segment: segment)
            return (batch, false, false)
          }
          if lowestStored() != nil { return (nil, false, true) }
          monitor.wait()
        }
      }
      if stop { return nil }
      if let free { return free }
      if canHelp { _ = decompressLowestStored() }
    }
  }

  private func post(_ batch: Batch) {
    monitor.withLock {
      batch.phase = .stored
      monitor.broadcast()
    }
  }

  /// Decompresses one stored batch when enough are in stock or no slot is free, so that
  /// the consumer always finds one to take when it would otherwise wait. False when
  /// cancelled.
  private func helpWhenStocked() -> Bool {
    let (stop, worth) = monitor.withLock {
      let stocked = batches.count { if case .stored = $0.phase { true } else { false } }
      let free = batches.contains { if case .free = $0.phase { true } else { false } }
      return (cancelled, stocked >= Self.storedStock || !free)
    }
    if stop { return false }
    if worth { _ = decompressLowestStored() }
    return true
  }

  /// Claims the lowest-numbered stored batch and decompresses it; false when none waits.
  private func decompressLowestStored() -> Bool {
    let claimed: Batch? = monitor.withLock {
      guard !cancelled, let batch = lowestStored() else { return nil }
      batch.phase = .decompressing
      return batch
    }
    guard let claimed else { return false }
    let phase = claimed.decompress()
    monitor.withLock {
      claimed.phase = phase
      monitor.broadcast()
    }
    return true
  }

  private func lowestStored() -> Batch? {
    var lowest: Batch?
    for batch in batches {
      if case .stored = batch.phase, batch.number < lowest?.number ?? Int.max { lowest = batch }
    }
    return lowest
  }

  /// The next batch in order, nil at the end; rethrows an error found at that point. While
  /// it is not ready, the consumer decompresses a stored batch itself.
  func next() throws -> Batch? {
    let number = consumed
    while true {
      let found: Result<Batch?, any Error>? = monitor.withLock {
        while true {
          if let batch = batches.first(where: { $0.number == number && !$0.isIdle }) {
            switch batch.phase {
            case .ready: return .success(batch)
            case .failed(let error): return .failure(error)
            default: break
            }
          } else if let end, end.number == number {
            return end.error.map { .failure($0) } ?? .success(nil)
          }
          if lowestStored() != nil { return nil }
          monitor.wait()
        }
      }
      if let found {
        consumed += 1
        return try found.get()
      }
      _ = decompressLowestStored()
    }
  }

  func release(_ batch: Batch) {
    monitor.withLock {
      batch.phase = .free
      monitor.broadcast()
    }
  }

  /// Stops the producer (if it still runs) and waits until it no longer touches a slot.
  func finish() {
    monitor.withLock {
      cancelled = true
      monitor.broadcast()
    }
    done.wait()
  }
}

extension Batch {
  /// Free or still being filled: not yet a batch the consumer can ask for.
  fileprivate var isIdle: Bool {
    switch phase {
    case .free, .filling: true
    default: false
    }
  }
}
