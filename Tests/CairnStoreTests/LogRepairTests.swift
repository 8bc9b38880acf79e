import CairnLogFormat
import CairnStore
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `LogRepair.repair`: cuts torn tails; refuses corruption unless forced; when forced,
/// copies every byte it removes into quarantine files first.
@Suite("LogRepair: torn tails, forced cuts and quarantine")
struct LogRepairTests {
  static let records = sessionRecords(seed: 500, count: 220, payloadBytes: 30...150)

  @Test("forced repair of a damaged block in the active segment quarantines exactly the cut bytes")
  func forcedRepairOfActiveSegment() throws {
    let root = try makeTemporaryDirectory("repair-active")
    defer { removeDirectory(root) }
    let options = testOptions(block: 512, roll: 1 << 20)
    let template = join(root, "template")
    try appendRecords(Self.records, to: template, options: options)
    let map = try #require(try segmentMaps(template).first)
    try #require(map.blocks.count > 8)
    for blockIndex in [0, 3, map.blocks.count - 2] {
      let directory = join(root, "log-\(blockIndex)")
      try copyFiles(from: template, to: directory)
      let block = map.blocks[blockIndex]
      let path = join(directory, map.name)
      var bytes = try readFile(path)
      bytes[block.offset + 60] ^= 0x01
      try writeFile(path, bytes)

      let site = CorruptionSite(map.name, block.offset)
      #expect(
        corruptionSite(thrownError { try LogRepair.repair(directory: directory, force: false) })
          == site)
      #expect(try readFile(path) == bytes)

      let report = try LogRepair.repair(directory: directory, force: true)
      let kept = blockIndex == 0 ? 0 : Int(map.blocks[blockIndex - 1].header.lastSeq.rawValue)
      #expect(report.lastSeq == Seq(UInt64(kept)))
      #expect(report.cuts.count == 1)
      let cut = try #require(report.cuts.first)
      #expect(cut.reason == .corruption)
      #expect(cut.segment == map.name)
      #expect(cut.offset == UInt64(block.offset))
      #expect(cut.bytes == UInt64(bytes.count - block.offset))
      let quarantine = try #require(cut.quarantineFile)
      #expect(quarantine == join(directory, "\(map.name).\(block.offset).quarantine"))
      #expect(try readFile(quarantine) == Array(bytes[block.offset...]))
      #expect(try readFile(path) == Array(bytes[0..<block.offset]))
      #expect(!(try directoryNames(directory).contains("active.idx")))

      #expect(try LogVerifier.verify(directory: directory).status == .clean)
      #expect(try readAllRecords(directory) == Array(Self.records[0..<kept]))
      // A second repair finds nothing to do.
      let again = try LogRepair.repair(directory: directory, force: true)
      #expect(again.cuts.isEmpty)
      #expect(again.lastSeq == Seq(UInt64(kept)))
      // The log goes on from the cut.
      let writer = try LogWriter(directory: directory, options: options)
      #expect(writer.recovery.tornTail == nil)
      #expect(writer.nextSeq == Seq(UInt64(kept + 1)))
      try writer.append(RecordDraft(recordedAtNanoseconds: 1, payload: [7]))
      try writer.close()
      #expect(try readAllRecords(directory).count == kept + 1)
    }
  }

  @Test(
    "forced repair of a damaged block in a sealed segment quarantines it and every later segment")
  func forcedRepairOfSealedSegment() throws {
    let root = try makeTemporaryDirectory("repair-sealed")
    defer { removeDirectory(root) }
    let options = testOptions(block: 512, roll: 3000)
    let directory = join(root, "log")
    try appendRecords(Self.records, to: directory, options: options)
    let maps = try segmentMaps(directory)
    try #require(maps.count >= 4)
    let damaged = maps[1]
    let block = damaged.blocks[2]
    let path = join(directory, damaged.name)
    var bytes = try readFile(path)
    bytes[block.end - 1] ^= 0x40
    try writeFile(path, bytes)
    let later = try maps[2...].map { ($0.name, try readFile(join(directory, $0.name))) }

    let report = try LogRepair.repair(directory: directory, force: true)
    let kept = Int(damaged.blocks[1].header.lastSeq.rawValue)
    #expect(report.lastSeq == Seq(UInt64(kept)))
    #expect(report.cuts.count == 1 + later.count)
    #expect(report.cuts.allSatisfy { $0.reason == .corruption })
    let first = try #require(report.cuts.first)
    #expect(first.segment == damaged.name)
    #expect(first.offset == UInt64(block.offset))
    #expect(try readFile(try #require(first.quarantineFile)) == Array(bytes[block.offset...]))
    for (cut, (name, contents)) in zip(report.cuts.dropFirst(), later) {
      #expect(cut.segment == name)
      #expect(cut.offset == 0)
      #expect(cut.bytes == UInt64(contents.count))
      #expect(cut.quarantineFile == join(directory, name + ".quarantine"))
      #expect(try readFile(join(directory, name + ".quarantine")) == contents)
    }
    #expect(try segmentNames(directory) == [maps[0].name, damaged.name])
    #expect(try LogVerifier.verify(directory: directory).status == .clean)
    #expect(try readAllRecords(directory) == Array(Self.records[0..<kept]))
    // The truncated segment lost its footer; the writer continues it and seals it again.
    try appendRecords(Array(Self.records[kept...]), to: directory, options: options)
    #expect(try readAllRecords(directory) == Self.records)
    #expect(try LogVerifier.verify(directory: directory).status == .clean)
  }

  /// docs/LOG_FORMAT.md, "Repair": the footer of a sealed segment that is not the last is
  /// rebuilt, without --force, when every block before the footer's offset is valid,
  /// nothing valid follows, and the next segment chains to the last block. A footer that
  /// is missing altogether (the file ends where the footer would start, as when its write
  /// was lost while later segments' writes reached the disk) meets every condition.
  @Test(
    "a sealed segment's footer, damaged or missing, is rebuilt without force",
    arguments: [0, 1, 30])
  func footerRebuilt(footerBytesLeft: Int) throws {
    let root = try makeTemporaryDirectory("repair-footer")
    defer { removeDirectory(root) }
    let options = testOptions(block: 512, roll: 3000)
    try appendRecords(Self.records, to: root, options: options)
    let maps = try segmentMaps(root)
    try #require(maps.count >= 3)
    let sealed = maps[1]
    let footerOffset = try #require(sealed.footerOffset)
    let path = join(root, sealed.name)
    let original = try readFile(path)
    let others = try segmentContents(root).filter { $0.key != sealed.name }
    try truncateFile(path, to: footerOffset + footerBytesLeft)
    #expect(
      corruptionSite(try LogVerifier.verify(directory: root).status)
        == CorruptionSite(sealed.name, footerOffset))

    let report = try #require(
      try? LogRepair.repair(directory: root, force: false),
      "repair without force refused: \(String(describing: thrownError { try LogRepair.repair(directory: root, force: false) }))"
    )
    #expect(report.cuts.map(\.reason) == [.footerRebuilt])
    #expect(report.cuts.first?.segment == sealed.name)
    #expect(report.cuts.first?.offset == UInt64(footerOffset))
    #expect(report.lastSeq == Seq(UInt64(Self.records.count)))
    #expect(try readFile(path) == original)
    #expect(try segmentContents(root).filter { $0.key != sealed.name } == others)
    #expect(try LogVerifier.verify(directory: root).status == .clean)
    #expect(try readAllRecords(root) == Self.records)
  }

  @Test("repair cuts a torn tail without force and quarantines nothing")
  func tornTailRepair() throws {
    let root = try makeTemporaryDirectory("repair-torn")
    defer { removeDirectory(root) }
    let options = testOptions(block: 512, roll: 1 << 20)
    try appendRecords(Self.records, to: root, options: options)
    let map = try #require(try segmentMaps(root).first)
    let last = map.blocks[map.blocks.count - 1]
    try truncateFile(join(root, map.name), to: last.offset + 30)
    let report = try LogRepair.repair(directory: root, force: false)
    #expect(
      report.cuts.map { [$0.reason.rawValue, $0.segment, String($0.offset), String($0.bytes)] }
        == [["torn_tail", map.name, String(last.offset), "30"]])
    #expect(report.cuts.first?.quarantineFile == nil)
    #expect(report.lastSeq == Seq(UInt64(Self.records.count - last.header.recordCount)))
    #expect(try fileSize(join(root, map.name)) == last.offset)
    #expect(!(try directoryNames(root).contains { $0.hasSuffix(".quarantine") }))
    #expect(!(try directoryNames(root).contains("active.idx")))
    #expect(try LogVerifier.verify(directory: root).status == .clean)

    // A clean log: nothing to cut.
    let clean = try LogRepair.repair(directory: root, force: false)
    #expect(clean.cuts.isEmpty)
    #expect(clean.lastSeq == report.lastSeq)
  }

  @Test("repair takes the writer lock")
  func repairNeedsTheLock() throws {
    let root = try makeTemporaryDirectory("repair-lock")
    defer { removeDirectory(root) }
    let writer = try LogWriter(directory: root, options: testOptions())
    #expect(throws: LogError.locked(directory: root, holderPid: getpid())) {
      try LogRepair.repair(directory: root, force: true)
    }
    try writer.close()
    #expect(try LogRepair.repair(directory: root, force: false).cuts.isEmpty)
  }

  @Test("a second forced repair at the same offset does not overwrite the first quarantine file")
  func quarantineNamesAreUnique() throws {
    let root = try makeTemporaryDirectory("repair-unique")
    defer { removeDirectory(root) }
    let options = testOptions(block: 512, roll: 1 << 20)
    try appendRecords(Self.records, to: root, options: options)
    let map = try #require(try segmentMaps(root).first)
    let block = map.blocks[4]
    let path = join(root, map.name)
    let original = try readFile(path)
    var damaged = original
    damaged[block.offset + 50] ^= 0x02
    try writeFile(path, damaged)
    let first = try LogRepair.repair(directory: root, force: true)
    // The same damage again, as if the repaired bytes had been restored by hand.
    var secondDamage = original
    secondDamage[block.offset + 51] ^= 0x02
    try writeFile(path, secondDamage)
    try? FileManager.default.removeItem(atPath: join(root, "active.idx"))
    let second = try LogRepair.repair(directory: root, force: true)
    let firstFile = try #require(first.cuts.first?.quarantineFile)
    let secondFile = try #require(second.cuts.first?.quarantineFile)
    #expect(firstFile != secondFile)
    #expect(try readFile(firstFile) == Array(damaged[block.offset...]))
    #expect(try readFile(secondFile) == Array(secondDamage[block.offset...]))
  }
}
