import CairnLogFormat
import CairnStore
import Foundation
import Testing

/// A damaged footer of a sealed segment whose blocks are intact is rebuilt by repair
/// without --force and without losing a record; the damaged bytes go to quarantine.
@Suite struct FooterRebuildTests {
  private func makeLog() throws -> (directory: String, records: [[UInt8]]) {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("cairn-footer-\(UUID().uuidString)").path
    let writer = try LogWriter(
      directory: directory,
      options: LogOptions(
        durability: .flush, blockBytesTarget: 512, segmentRollBytes: 4096, salts: .seeded(11)))
    var source = SessionLikeRecords(seed: 11, payloadBytesRange: 20...200)
    var records: [[UInt8]] = []
    for _ in 0..<200 {
      let record = source.next()!
      records.append(record.payload)
      try writer.append(RecordDraft(recordedAtNanoseconds: 5, payload: record.payload))
    }
    try writer.close()
    return (directory, records)
  }

  /// The footer offset of a sealed segment, from its trailer.
  private func footerOffset(of path: String) throws -> Int {
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    var offset = 0
    for index in 0..<8 { offset |= Int(bytes[bytes.count - 24 + index]) << (8 * index) }
    return offset
  }

  @Test(arguments: [0, 9, 20, 47, 52])
  func damagedFooterIsRebuiltWithoutForce(byteIntoFooter: Int) throws {
    let (directory, records) = try makeLog()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let first = directory + "/" + SegmentHeader.fileName(baseSeq: .first)
    let original = try Data(contentsOf: URL(fileURLWithPath: first))
    let footer = try footerOffset(of: first)
    var damaged = original
    damaged[footer + byteIntoFooter] ^= 0x10
    try damaged.write(to: URL(fileURLWithPath: first))

    let before = try LogVerifier.verify(directory: directory)
    guard case .corrupt(let segment, let offset, _) = before.status else {
      Issue.record("expected corruption, got \(before.status)")
      return
    }
    #expect(segment == SegmentHeader.fileName(baseSeq: .first))
    #expect(offset == UInt64(footer))

    let report = try LogRepair.repair(directory: directory, force: false)
    #expect(report.cuts.count == 1)
    let cut = try #require(report.cuts.first)
    #expect(cut.reason == .footerRebuilt)
    #expect(cut.offset == UInt64(footer))
    let saved = try Data(contentsOf: URL(fileURLWithPath: try #require(cut.quarantineFile)))
    #expect(saved == damaged[footer...])
    // The rebuilt segment is byte for byte the one the writer sealed.
    #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == original)
    #expect(try LogVerifier.verify(directory: directory).status == .clean)

    let reader = try LogReader(directory: directory)
    var seen: [[UInt8]] = []
    try reader.scan { record in
      seen.append(Array(record.payload))
      return true
    }
    #expect(seen == records)
  }

  /// Opening reads only a sealed footer's fixed fields; its index is read and verified
  /// when a read first needs it, and damage there is corruption at the footer's offset.
  @Test func aDamagedIndexIsCaughtWhenAReadNeedsIt() throws {
    let (directory, records) = try makeLog()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let first = directory + "/" + SegmentHeader.fileName(baseSeq: .first)
    var bytes = try Data(contentsOf: URL(fileURLWithPath: first))
    let footer = try footerOffset(of: first)
    bytes[footer + SegmentFooter.fixedByteCount + 3] ^= 0x04
    try bytes.write(to: URL(fileURLWithPath: first))
    let reader = try LogReader(directory: directory)
    #expect(reader.lastSeq == Seq(UInt64(records.count)))
    var thrown: LogError?
    do {
      try reader.scan { _ in true }
    } catch let error as LogError {
      thrown = error
    }
    guard case .corruption(let segment, let offset, let defect)? = thrown else {
      Issue.record("expected corruption, got \(String(describing: thrown))")
      return
    }
    #expect(segment == SegmentHeader.fileName(baseSeq: .first))
    #expect(offset == UInt64(footer))
    #expect(defect.contains("footer"))
  }

  @Test func damagedBlockInASealedSegmentStillNeedsForce() throws {
    let (directory, _) = try makeLog()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let first = directory + "/" + SegmentHeader.fileName(baseSeq: .first)
    var bytes = try Data(contentsOf: URL(fileURLWithPath: first))
    bytes[SegmentHeader.byteCount + BlockHeader.byteCount + 3] ^= 0x01
    try bytes.write(to: URL(fileURLWithPath: first))
    #expect(throws: LogError.self) { try LogRepair.repair(directory: directory, force: false) }
  }
}
