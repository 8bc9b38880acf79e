import CairnLogFormat
import CairnStore
import Foundation
import Testing

/// Shared state of the writer and reader threads. Every access holds the condition's lock.
final class ReadWriteProgress: @unchecked Sendable {
  private let condition = NSCondition()
  private var committed: UInt64 = 0
  private var seen: UInt64 = 0
  private var writerDone = false
  private var readerDone = false
  private var observed: Set<UInt64> = []
  private var reads = 0
  private var problems: [String] = []

  func publishCommitted(_ seq: UInt64) {
    condition.lock()
    committed = seq
    condition.unlock()
  }

  /// Blocks the writer until a reader has seen `seq`, or the reader has stopped.
  func waitUntilSeen(_ seq: UInt64) {
    condition.lock()
    while seen < seq && !readerDone { condition.wait() }
    condition.unlock()
  }

  /// What a reader may rely on before it opens: the committed prefix and whether the
  /// writer has finished.
  func snapshot() -> (committed: UInt64, writerDone: Bool) {
    condition.lock()
    defer { condition.unlock() }
    return (committed, writerDone)
  }

  func publishSeen(_ seq: UInt64) {
    condition.lock()
    seen = max(seen, seq)
    observed.insert(seq)
    reads += 1
    condition.broadcast()
    condition.unlock()
  }

  func report(_ problem: String) {
    condition.lock()
    problems.append(problem)
    condition.unlock()
  }

  func finishWriter() {
    condition.lock()
    writerDone = true
    condition.broadcast()
    condition.unlock()
  }

  func finishReader() {
    condition.lock()
    readerDone = true
    condition.broadcast()
    condition.unlock()
  }

  var summary: (problems: [String], observed: Set<UInt64>, reads: Int) {
    condition.lock()
    defer { condition.unlock() }
    return (problems, observed, reads)
  }
}

/// Readers take no lock and may open at any moment while a writer appends, rolls and
/// seals. Each must see a dense prefix of exactly the records written, at least every
/// record committed before it opened, and never an error.
@Suite("Readers while a writer appends")
struct ConcurrentReaderTests {
  static let recordCount = 1500
  static let syncEvery = 70

  static func writeAll(
    _ records: [LogRecord], directory: String, progress: ReadWriteProgress
  ) {
    defer { progress.finishWriter() }
    do {
      let writer = try LogWriter(
        directory: directory, options: testOptions(durability: .flush, block: 512, roll: 4096))
      for (index, record) in records.enumerated() {
        try writer.append(draft(record))
        if (index + 1) % 7 == 0 || index + 1 == records.count {
          let acknowledged = try writer.commit()
          progress.publishCommitted(acknowledged.rawValue)
          // Hand over to the reader now and then, so that it sees many prefixes however
          // the threads are scheduled.
          if (index + 1) % syncEvery == 0 { progress.waitUntilSeen(acknowledged.rawValue) }
        }
      }
      try writer.close()
    } catch {
      progress.report("writer: \(error)")
    }
  }

  static func readRepeatedly(
    _ records: [LogRecord], directory: String, progress: ReadWriteProgress
  ) {
    defer { progress.finishReader() }
    var previous = 0
    while true {
      let before = progress.snapshot()
      do {
        let reader = try LogReader(directory: directory)
        var seen: [LogRecord] = []
        try reader.scan { view in
          seen.append(view.record())
          return true
        }
        let count = seen.count
        if seen != Array(records[0..<min(count, records.count)]) || count > records.count {
          progress.report("a reader saw \(count) records that are not the first \(count) written")
        }
        if reader.lastSeq != Seq(UInt64(count)) {
          progress.report("a reader's lastSeq \(reader.lastSeq) differs from its \(count) records")
        }
        if UInt64(count) < before.committed {
          progress.report("a reader saw \(count) records after \(before.committed) were committed")
        }
        if count < previous {
          progress.report("a later reader saw \(count) records, an earlier one \(previous)")
        }
        previous = count
        progress.publishSeen(UInt64(count))
      } catch {
        progress.report("reader: \(error)")
        return
      }
      // One last read after the writer closed, then stop.
      if before.writerDone { return }
    }
  }

  @Test("every reader sees a dense prefix of exactly the records written, never an error")
  func readersDuringAppends() async throws {
    let root = try makeTemporaryDirectory("live-readers")
    defer { removeDirectory(root) }
    let directory = join(root, "log")
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let records = sessionRecords(seed: 800, count: Self.recordCount, payloadBytes: 20...200)
    let progress = ReadWriteProgress()
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
      let group = DispatchGroup()
      group.enter()
      Thread {
        Self.writeAll(records, directory: directory, progress: progress)
        group.leave()
      }.start()
      group.enter()
      Thread {
        Self.readRepeatedly(records, directory: directory, progress: progress)
        group.leave()
      }.start()
      group.notify(queue: .global()) { continuation.resume() }
    }
    let summary = progress.summary
    #expect(summary.problems.isEmpty, "\(summary.problems.prefix(10))")
    // The writer waited at each hand-over until a reader had seen that prefix.
    for stop in stride(from: Self.syncEvery, through: Self.recordCount, by: Self.syncEvery)
    where stop % 7 == 0 {
      #expect(summary.observed.contains { $0 >= UInt64(stop) })
    }
    #expect(summary.observed.contains(UInt64(Self.recordCount)))
    #expect(summary.observed.count >= Self.recordCount / Self.syncEvery)
    print("live readers: \(summary.reads) reads saw \(summary.observed.count) distinct prefixes")
    #expect(try readAllRecords(directory) == records)
    #expect(try LogReader(directory: directory).segmentCount > 5)
  }
}
