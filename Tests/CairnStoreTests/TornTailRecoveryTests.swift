import CairnLogFormat
import CairnStore
import Foundation
import Testing

/// A crash leaves at most an invalid region at the end of the last segment. Readers report
/// it and leave it; a writer's open cuts it back to the last whole block and reports the
/// cut; appends then continue as if the crash had not happened.
@Suite("Torn tails: cut back to the last whole block at every byte")
struct TornTailRecoveryTests {
  /// One active segment of small blocks.
  static let singleSegmentRecords = sessionRecords(seed: 300, count: 90, payloadBytes: 30...120)
  static let singleSegmentOptions = testOptions(block: 512, roll: 1 << 20)
  /// Several segments of small blocks; the first ones sealed.
  static let multiSegmentRecords = sessionRecords(seed: 301, count: 160, payloadBytes: 30...120)
  static let multiSegmentOptions = testOptions(block: 512, roll: 3000)

  /// Replaces `directory` with the given files.
  static func reset(_ directory: String, files: [String: [UInt8]]) throws {
    try? FileManager.default.removeItem(atPath: directory)
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    for (name, bytes) in files { try writeFile(join(directory, name), bytes) }
  }

  @Test("a tail torn at every byte of the last block is cut back to the blocks before it")
  func everyByteOfLastBlock() throws {
    let root = try makeTemporaryDirectory("torn-block")
    defer { removeDirectory(root) }
    let template = join(root, "template")
    let records = Self.singleSegmentRecords
    try appendRecords(records, to: template, options: Self.singleSegmentOptions)
    let maps = try segmentMaps(template)
    try #require(maps.count == 1)
    let map = maps[0]
    try #require(map.blocks.count >= 8)
    let last = map.blocks[map.blocks.count - 1]
    let kept = Int(map.blocks[map.blocks.count - 2].header.lastSeq.rawValue)
    let original = try readFile(join(template, map.name))
    #expect(original.count == last.end)
    let watermark = try readFile(join(template, "active.idx"))
    let work = join(root, "work")
    var cuts = 0
    for length in last.offset..<last.end {
      try Self.reset(
        work, files: [map.name: Array(original[0..<length]), "active.idx": watermark])
      let torn = length - last.offset
      // A reader reports the torn tail, reads the prefix, and writes nothing.
      let reader = try LogReader(directory: work)
      #expect(reader.lastSeq == Seq(UInt64(kept)))
      if torn == 0 {
        #expect(reader.tornTail == nil)
      } else {
        #expect(reader.tornTail?.segment == map.name)
        #expect(reader.tornTail?.offset == UInt64(last.offset))
        #expect(reader.tornTail?.bytes == UInt64(torn))
      }
      #expect(try readAllRecords(work) == Array(records[0..<kept]))
      #expect(try fileSize(join(work, map.name)) == length)
      #expect(try LogVerifier.verify(directory: work).status != .clean || torn == 0)

      // A writer cuts it and reports exactly what it cut.
      let writer = try LogWriter(directory: work, options: Self.singleSegmentOptions)
      if torn == 0 {
        #expect(writer.recovery.tornTail == nil)
      } else {
        let cut = try #require(writer.recovery.tornTail)
        #expect(cut.segment == map.name)
        #expect(cut.offset == UInt64(last.offset))
        #expect(cut.bytesDropped == UInt64(torn))
        #expect(!cut.removedFile)
        #expect(!cut.defect.isEmpty)
        cuts += 1
      }
      #expect(writer.nextSeq == Seq(UInt64(kept + 1)))
      #expect(try fileSize(join(work, map.name)) == last.offset)
      #expect(try readAllRecords(work) == Array(records[0..<kept]))
      // Appends resume at the cut, and the log ends exactly as the uninterrupted one.
      for record in records[kept...] { try writer.append(draft(record)) }
      try writer.close()
      #expect(try readFile(join(work, map.name)) == original)
    }
    #expect(cuts == last.header.totalBytes - 1)
    print("torn tails: cut back \(cuts) truncations inside the last block")
  }

  @Test("a new segment torn inside its header is removed; a whole header is a valid empty segment")
  func tornSegmentHeader() throws {
    let root = try makeTemporaryDirectory("torn-header")
    defer { removeDirectory(root) }
    let template = join(root, "template")
    let records = Self.multiSegmentRecords
    try appendRecords(records, to: template, options: Self.multiSegmentOptions)
    let maps = try segmentMaps(template)
    try #require(maps.count >= 3)
    let first = maps[0]
    let second = maps[1]
    #expect(first.footerOffset != nil)
    let firstBytes = try readFile(join(template, first.name))
    let secondHeader = Array(try readFile(join(template, second.name))[0..<64])
    let kept = Int(first.blocks.last!.header.lastSeq.rawValue)
    let expectedFiles = try segmentContents(template)
    let work = join(root, "work")
    for length in 0...64 {
      try Self.reset(
        work,
        files: [first.name: firstBytes, second.name: Array(secondHeader[0..<length])])
      let reader = try LogReader(directory: work)
      #expect(reader.lastSeq == Seq(UInt64(kept)))
      #expect(try readAllRecords(work) == Array(records[0..<kept]))
      let writer = try LogWriter(directory: work, options: Self.multiSegmentOptions)
      if length < 64 {
        #expect(reader.tornTail?.segment == second.name)
        #expect(reader.tornTail?.offset == 0)
        #expect(reader.tornTail?.bytes == UInt64(length))
        let cut = try #require(writer.recovery.tornTail)
        #expect(cut.segment == second.name)
        #expect(cut.offset == 0)
        #expect(cut.bytesDropped == UInt64(length))
        #expect(cut.removedFile)
        #expect(try segmentNames(work) == [first.name])
      } else {
        #expect(reader.tornTail == nil)
        #expect(writer.recovery.tornTail == nil)
        #expect(try segmentNames(work) == [first.name, second.name])
      }
      #expect(writer.nextSeq == Seq(UInt64(kept + 1)))
      for record in records[kept...] { try writer.append(draft(record)) }
      try writer.close()
      #expect(try segmentContents(work) == expectedFiles)
    }
  }

  @Test("a footer torn at any byte is cut back to the end of the blocks")
  func tornFooter() throws {
    let root = try makeTemporaryDirectory("torn-footer")
    defer { removeDirectory(root) }
    let template = join(root, "template")
    let records = Self.multiSegmentRecords
    try appendRecords(records, to: template, options: Self.multiSegmentOptions)
    let maps = try segmentMaps(template)
    try #require(maps.count >= 2)
    let first = maps[0]
    let footerOffset = try #require(first.footerOffset)
    let firstBytes = try readFile(join(template, first.name))
    let kept = Int(first.blocks.last!.header.lastSeq.rawValue)
    let work = join(root, "work")
    var cuts = 0
    for length in footerOffset..<firstBytes.count {
      try Self.reset(work, files: [first.name: Array(firstBytes[0..<length])])
      let torn = length - footerOffset
      let reader = try LogReader(directory: work)
      #expect(reader.lastSeq == Seq(UInt64(kept)))
      #expect(reader.tornTail?.bytes == (torn == 0 ? nil : UInt64(torn)))
      let writer = try LogWriter(directory: work, options: Self.multiSegmentOptions)
      if torn == 0 {
        #expect(writer.recovery.tornTail == nil)
      } else {
        let cut = try #require(writer.recovery.tornTail)
        #expect(cut.segment == first.name)
        #expect(cut.offset == UInt64(footerOffset))
        #expect(cut.bytesDropped == UInt64(torn))
        #expect(!cut.removedFile)
        cuts += 1
      }
      #expect(try fileSize(join(work, first.name)) == footerOffset)
      #expect(writer.nextSeq == Seq(UInt64(kept + 1)))
      try writer.close()
      #expect(try readAllRecords(work) == Array(records[0..<kept]))
      #expect(try LogVerifier.verify(directory: work).status == .clean)
    }
    #expect(cuts == firstBytes.count - footerOffset - 1)

    // The unsealed segment has passed its roll size, so the next block seals it again,
    // and the log goes on into the next segment.
    try Self.reset(work, files: [first.name: Array(firstBytes[0..<footerOffset + 5])])
    try appendRecords(Array(records[kept...]), to: work, options: Self.multiSegmentOptions)
    #expect(try readAllRecords(work) == records)
    let after = try segmentMaps(work)
    #expect(after[0].footerOffset != nil)
    #expect(after[0].blocks.count == first.blocks.count + 1)
    #expect(try LogVerifier.verify(directory: work).status == .clean)
  }

  @Test(
    "a last block of the right length but garbage content is a torn tail",
    arguments: ["noise", "zeros", "valid header, noise payload", "noise past the end"])
  func garbageLastBlock(kind: String) throws {
    let root = try makeTemporaryDirectory("garbage-tail")
    defer { removeDirectory(root) }
    let directory = join(root, "log")
    let records = Self.singleSegmentRecords
    try appendRecords(records, to: directory, options: Self.singleSegmentOptions)
    let map = try #require(try segmentMaps(directory).first)
    let last = map.blocks[map.blocks.count - 1]
    let path = join(directory, map.name)
    var bytes = try readFile(path)
    var random = SplitMix64(seed: 302)
    var tornOffset = last.offset
    switch kind {
    case "noise":
      bytes.replaceSubrange(
        last.offset..<last.end, with: noiseBytes(last.header.totalBytes, &random))
    case "zeros":
      bytes.replaceSubrange(
        last.offset..<last.end, with: [UInt8](repeating: 0, count: last.header.totalBytes))
    case "valid header, noise payload":
      bytes.replaceSubrange(
        last.offset + 48..<last.end, with: noiseBytes(last.header.totalBytes - 48, &random))
    default:
      tornOffset = last.end
      bytes += noiseBytes(3000, &random)
    }
    try writeFile(path, bytes)
    let kept = tornOffset == last.offset ? records.count - last.header.recordCount : records.count
    let report = try LogVerifier.verify(directory: directory)
    guard case .tornTail(let segment, let offset, let torn, _) = report.status else {
      Issue.record("expected a torn tail, got \(report.status)")
      return
    }
    #expect(segment == map.name)
    #expect(offset == UInt64(tornOffset))
    #expect(torn == UInt64(bytes.count - tornOffset))
    #expect(report.records == UInt64(kept))
    // Stats report the torn tail too, and count its bytes in the file size
    // (docs/LOG_FORMAT.md, "cairn log stats").
    let stats = try LogStats.collect(directory: directory)
    #expect(stats.records == UInt64(kept))
    #expect(stats.tornTail?.offset == UInt64(tornOffset))
    #expect(stats.tornTail?.bytes == UInt64(bytes.count - tornOffset))
    #expect(stats.fileBytes == UInt64(bytes.count))
    let writer = try LogWriter(directory: directory, options: Self.singleSegmentOptions)
    #expect(writer.recovery.tornTail?.offset == UInt64(tornOffset))
    #expect(writer.recovery.tornTail?.bytesDropped == UInt64(bytes.count - tornOffset))
    try writer.close()
    #expect(try readAllRecords(directory) == Array(records[0..<kept]))
    #expect(try LogVerifier.verify(directory: directory).status == .clean)
  }

  @Test("a torn tail in a segment that is not the last is corruption")
  func tornButFollowed() throws {
    let root = try makeTemporaryDirectory("torn-followed")
    defer { removeDirectory(root) }
    let directory = join(root, "log")
    try appendRecords(Self.multiSegmentRecords, to: directory, options: Self.multiSegmentOptions)
    let maps = try segmentMaps(directory)
    try #require(maps.count >= 3)
    let footerOffset = try #require(maps[0].footerOffset)
    let firstPath = join(directory, maps[0].name)
    let firstBytes = try readFile(firstPath)
    try truncateFile(firstPath, to: footerOffset + 10)
    let expected = CorruptionSite(maps[0].name, footerOffset)
    #expect(corruptionSite(thrownError { try LogReader(directory: directory) }) == expected)
    #expect(corruptionSite(try LogVerifier.verify(directory: directory).status) == expected)
    #expect(
      corruptionSite(
        thrownError { try LogWriter(directory: directory, options: Self.multiSegmentOptions) })
        == expected)
    // Likewise a middle segment shorter than a header.
    try writeFile(firstPath, firstBytes)
    try truncateFile(join(directory, maps[1].name), to: 30)
    let short = CorruptionSite(maps[1].name, 0)
    #expect(corruptionSite(thrownError { try LogReader(directory: directory) }) == short)
    #expect(corruptionSite(try LogVerifier.verify(directory: directory).status) == short)
  }
}
