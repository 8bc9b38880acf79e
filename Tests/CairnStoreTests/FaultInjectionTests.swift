import CairnLogFormat
import CairnStore
import Foundation
import Testing

/// A full disk and failing syncs, injected under the real writer: acknowledged records
/// survive, the writer stops at the first failure, and a fresh open recovers a prefix.
@Suite struct FaultInjectionTests {
  private func temporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("cairn-faults-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  private func payload(_ index: Int, random: inout SplitMix64) -> [UInt8] {
    let length = Int(random.next() % 300)
    return (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ index) }
  }

  @Test(arguments: [900, 2_000, 5_555, 13_000, 40_000])
  func diskFullKeepsEveryAcknowledgedRecord(budgetBytes: Int) throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let plan = FaultPlan(diskFullAfterBytes: UInt64(budgetBytes))
    var random = SplitMix64(seed: UInt64(budgetBytes))
    var written: [[UInt8]] = []
    var acknowledged = Seq.none
    var failure: LogError?
    do {
      let writer = try LogWriter(
        directory: directory,
        options: LogOptions(
          durability: .fsync, blockBytesTarget: 512, segmentRollBytes: 8192,
          salts: .seeded(3), faults: plan))
      for batch in 0..<200 {
        for _ in 0..<7 {
          let bytes = payload(written.count, random: &random)
          written.append(bytes)
          try writer.append(RecordDraft(recordedAtNanoseconds: Int64(batch), payload: bytes))
        }
        acknowledged = try writer.commit()
      }
    } catch let error as LogError {
      failure = error
    }
    let stopped = try #require(failure, "the disk never filled: raise the record count")
    guard case .writerFailed(_, let cause) = stopped else {
      Issue.record("expected writerFailed, got \(stopped)")
      return
    }
    #expect(cause.contains("No space left on device"))

    let reopened = try LogWriter(directory: directory, options: LogOptions(durability: .fsync))
    #expect(reopened.nextSeq.rawValue - 1 >= acknowledged.rawValue)
    try reopened.close()
    let reader = try LogReader(directory: directory)
    var seen = 0
    try reader.scan { record in
      #expect(Array(record.payload) == written[Int(record.seq.rawValue) - 1])
      seen += 1
      return true
    }
    #expect(UInt64(seen) >= acknowledged.rawValue)
    #expect(seen <= written.count)
    #expect(try LogVerifier.verify(directory: directory).status == .clean)
  }

  @Test func failedSyncStopsTheWriterAndAcknowledgedRecordsSurvive() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let plan = FaultPlan(failSyncAfter: 4)
    let writer = try LogWriter(
      directory: directory,
      options: LogOptions(durability: .fsync, blockBytesTarget: 512, faults: plan))
    var acknowledged = Seq.none
    var commits = 0
    var thrown: LogError?
    while thrown == nil && commits < 100 {
      do {
        try writer.append(
          RecordDraft(recordedAtNanoseconds: 1, payload: Array("record \(commits)".utf8)))
        acknowledged = try writer.commit()
        commits += 1
      } catch let error as LogError {
        thrown = error
      }
    }
    let failure = try #require(thrown)
    #expect(failure.description.contains("fdatasync"))
    #expect(plan.counts.syncs >= 5)
    // Once stopped, the writer refuses everything with the same error.
    #expect(throws: LogError.self) {
      try writer.append(RecordDraft(recordedAtNanoseconds: 2, payload: [1]))
    }
    #expect(throws: LogError.self) { try writer.close() }

    let reader = try LogReader(directory: directory)
    #expect(reader.lastSeq >= acknowledged)
    for seq in 1...acknowledged.rawValue {
      let record = try #require(try reader.record(at: Seq(seq)))
      #expect(record.payload == Array("record \(seq - 1)".utf8))
    }
  }
}
