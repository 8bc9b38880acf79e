import CairnLogFormat
import CairnStore
import Foundation
import Testing

/// `scanAhead` (blocks read on a second thread, decompressed by both) yields exactly what
/// `scan` yields, stops early without hanging, and reports corruption the same way, after
/// the same records.
@Suite struct ScanAheadTests {
  private func makeLog(records: Int) throws -> String {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("cairn-ahead-\(UUID().uuidString)").path
    let writer = try LogWriter(
      directory: directory,
      options: LogOptions(
        durability: .buffered, blockBytesTarget: 1024, segmentRollBytes: 32 * 1024,
        salts: .seeded(21)))
    var source = SessionLikeRecords(seed: 21, payloadBytesRange: 0...700)
    for _ in 0..<records {
      let record = source.next()!
      try writer.append(
        RecordDraft(
          recordedAtNanoseconds: record.recordedAtNanoseconds, kind: record.kind,
          causation: record.causation, payload: record.payload))
    }
    try writer.close()
    return directory
  }

  private func collect(
    _ directory: String, ahead: Bool, from: Seq = .first, through: Seq? = nil,
    stopAfter limit: Int = .max
  ) throws -> [LogRecord] {
    let (records, error) = try collectUntilError(
      directory, ahead: ahead, from: from, through: through, stopAfter: limit)
    if let error { throw error }
    return records
  }

  /// The records delivered, and the error that ended the scan, if any.
  private func collectUntilError(
    _ directory: String, ahead: Bool, from: Seq = .first, through: Seq? = nil,
    stopAfter limit: Int = .max
  ) throws -> ([LogRecord], LogError?) {
    let reader = try LogReader(directory: directory)
    var records: [LogRecord] = []
    let body: (RecordView) throws -> Bool = { view in
      records.append(view.record())
      return records.count < limit
    }
    do {
      if ahead {
        try reader.scanAhead(from: from, through: through, body)
      } else {
        try reader.scan(from: from, through: through, body)
      }
    } catch let error as LogError {
      return (records, error)
    }
    return (records, nil)
  }

  /// Many more batches than slots, so that both threads decompress and slots recycle.
  @Test func longScansEqualScanAcrossManyBatches() throws {
    let directory = try makeLog(records: 24_000)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let all = try collect(directory, ahead: false)
    #expect(all.count == 24_000)
    #expect(try collect(directory, ahead: true) == all)
    let middle = try collect(directory, ahead: true, from: Seq(7_001), through: Seq(19_999))
    #expect(middle == Array(all[7_000..<19_999]))
    for limit in [3_000, 12_345] {
      #expect(try collect(directory, ahead: true, stopAfter: limit) == Array(all.prefix(limit)))
    }
  }

  @Test func corruptionLateInALongLogComesAfterTheSameRecords() throws {
    let directory = try makeLog(records: 24_000)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let segments = try FileManager.default.contentsOfDirectory(atPath: directory)
      .filter { $0.hasSuffix(".seg") }.sorted()
    #expect(segments.count > 10)
    let victim = directory + "/" + segments[segments.count * 3 / 4]
    var bytes = try Data(contentsOf: URL(fileURLWithPath: victim))
    bytes[bytes.count / 2] ^= 0x01
    try bytes.write(to: URL(fileURLWithPath: victim))
    let (scanned, scanError) = try collectUntilError(directory, ahead: false)
    let (ahead, aheadError) = try collectUntilError(directory, ahead: true)
    #expect(scanError != nil)
    #expect(aheadError == scanError)
    #expect(ahead == scanned)
    #expect(scanned.count > 12_000)
  }

  @Test func scanAheadEqualsScan() throws {
    let directory = try makeLog(records: 3_000)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let all = try collect(directory, ahead: false)
    #expect(all.count == 3_000)
    #expect(try collect(directory, ahead: true) == all)
    for (from, through) in [(1, 1), (500, 2_222), (2_999, 3_000), (1_234, 1_234)] {
      let expected = try collect(
        directory, ahead: false, from: Seq(UInt64(from)), through: Seq(UInt64(through)))
      let actual = try collect(
        directory, ahead: true, from: Seq(UInt64(from)), through: Seq(UInt64(through)))
      #expect(actual == expected)
      #expect(actual.count == through - from + 1)
    }
    // Stopping early, many times over, never hangs and yields the same prefix.
    for limit in [1, 2, 7, 100, 1_000] {
      #expect(try collect(directory, ahead: true, stopAfter: limit) == Array(all.prefix(limit)))
    }
  }

  @Test func corruptionIsReportedAsByScan() throws {
    let directory = try makeLog(records: 2_000)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let first = directory + "/" + SegmentHeader.fileName(baseSeq: .first)
    var bytes = try Data(contentsOf: URL(fileURLWithPath: first))
    bytes[SegmentHeader.byteCount + 3 * 400] ^= 0x20
    try bytes.write(to: URL(fileURLWithPath: first))
    var scanError: LogError?
    do { _ = try collect(directory, ahead: false) } catch let error as LogError {
      scanError = error
    }
    var aheadError: LogError?
    do { _ = try collect(directory, ahead: true) } catch let error as LogError {
      aheadError = error
    }
    #expect(scanError != nil)
    #expect(aheadError == scanError)
  }
}
