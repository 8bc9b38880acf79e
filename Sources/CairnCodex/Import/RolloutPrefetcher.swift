import Foundation

/// Reads a rollout on a thread of its own, a bounded distance ahead of the import that
/// consumes it: parsing (string decoding, UTF-8 validation) then runs beside redaction,
/// compression and the log writes on the other core. At most `bytesAhead` bytes of
/// parsed lines (counted by their size in the file, each at most the import's text
/// limit) wait in the queue, so memory stays bounded.
final class RolloutPrefetcher: @unchecked Sendable {
  struct Parsed {
    var item: RolloutReader.Item
    /// The reader's position and line count just after this item.
    var bytesRead: UInt64
    var lineCount: Int
  }

  private let reader: RolloutReader
  private let bytesAhead: Int
  private let condition = NSCondition()
  private var queue: [Parsed] = []
  private var head = 0
  private var queuedBytes = 0
  private var finished = false
  private var failure: Error?
  private var cancelled = false

  init(reader: RolloutReader, bytesAhead: Int = 8 << 20) {
    self.reader = reader
    self.bytesAhead = bytesAhead
    let thread = Thread { [self] in self.produce() }
    thread.name = "cairn-rollout-reader"
    thread.start()
  }

  deinit { cancel() }

  private func cost(_ item: RolloutReader.Item) -> Int {
    switch item {
    case .record(let record): return min(Int(record.byteCount), CodexImport.textBytesMax) + 256
    case .problem: return 256
    }
  }

  private func produce() {
    while true {
      let next: Parsed?
      do {
        next = try reader.next().map {
          Parsed(item: $0, bytesRead: reader.bytesRead, lineCount: reader.lineCount)
        }
      } catch {
        condition.lock()
        failure = error
        finished = true
        condition.broadcast()
        condition.unlock()
        return
      }
      condition.lock()
      guard let next else {
        finished = true
        condition.broadcast()
        condition.unlock()
        return
      }
      let size = cost(next.item)
      while queuedBytes > 0 && queuedBytes + size > bytesAhead && !cancelled {
        condition.wait()
      }
      if cancelled {
        finished = true
        condition.broadcast()
        condition.unlock()
        return
      }
      queue.append(next)
      queuedBytes += size
      condition.broadcast()
      condition.unlock()
    }
  }

  /// The next parsed item, or nil at the end; rethrows the reader's error.
  func next() throws -> Parsed? {
    condition.lock()
    defer { condition.unlock() }
    while head == queue.count && !finished { condition.wait() }
    if head == queue.count {
      if let failure { throw failure }
      return nil
    }
    let parsed = queue[head]
    head += 1
    queuedBytes -= cost(parsed.item)
    if head > 1024 {
      queue.removeFirst(head)
      head = 0
    }
    condition.broadcast()
    return parsed
  }

  /// Stops the thread (at its next line) and waits until it has.
  func cancel() {
    condition.lock()
    cancelled = true
    condition.broadcast()
    while !finished { condition.wait() }
    condition.unlock()
  }
}
