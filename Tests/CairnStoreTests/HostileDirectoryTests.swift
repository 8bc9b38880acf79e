import CairnLogFormat
import CairnStore
import Foundation
import Testing

/// Whatever the directory holds, opening, reading, verifying and repairing end in a typed
/// result or error, never a crash or a huge allocation; names that are not segment names
/// are left alone.
@Suite("Hostile files in the log directory")
struct HostileDirectoryTests {
  static let firstName = SegmentHeader.fileName(baseSeq: .first)
  static let options = testOptions(block: 512, roll: 1 << 20)

  static func header(
    version: UInt16 = 1, baseSeq: UInt64 = 1, payloadMax: UInt32 = 4096, target: UInt32 = 512,
    salt: UInt64 = 5
  ) -> [UInt8] {
    SegmentHeader(
      formatVersion: version, salt: salt, baseSeq: Seq(baseSeq), previousChecksum: 0,
      recordPayloadBytesMax: payloadMax, blockBytesTarget: target
    ).encoded()
  }

  /// A block header with the given (unverified) fields.
  static func blockHeader(stored: UInt32, raw: UInt32, records: UInt32, codec: UInt8 = 1)
    -> [UInt8]
  {
    var bytes = [UInt8](repeating: 0, count: 48)
    bytes.storeLittleEndian(BlockHeader.magic, at: 0)
    bytes[16] = codec
    bytes.storeLittleEndian(stored, at: 20)
    bytes.storeLittleEndian(raw, at: 24)
    bytes.storeLittleEndian(records, at: 28)
    bytes.storeLittleEndian(UInt64(1), at: 32)
    return bytes
  }

  @Test(
    "an empty or all-zero segment file as the only file is a torn tail, removed by open",
    arguments: [0, 1, 63, 64, 5000])
  func emptySegmentFile(bytes: Int) throws {
    let root = try makeTemporaryDirectory("hostile-empty")
    defer { removeDirectory(root) }
    try writeFile(join(root, Self.firstName), [UInt8](repeating: 0, count: bytes))
    let reader = try LogReader(directory: root)
    #expect(reader.lastSeq == .none)
    #expect(reader.tornTail?.segment == Self.firstName)
    #expect(reader.tornTail?.offset == 0)
    #expect(reader.tornTail?.bytes == UInt64(bytes))
    #expect(try fileSize(join(root, Self.firstName)) == bytes)
    let writer = try LogWriter(directory: root, options: Self.options)
    let cut = try #require(writer.recovery.tornTail)
    #expect(cut.segment == Self.firstName)
    #expect(cut.offset == 0)
    #expect(cut.bytesDropped == UInt64(bytes))
    #expect(cut.removedFile)
    #expect(try segmentNames(root).isEmpty)
    #expect(writer.nextSeq == .first)
    try writer.append(RecordDraft(recordedAtNanoseconds: 1, payload: [1]))
    try writer.close()
    #expect(try readAllRecords(root).map(\.payload) == [[1]])
  }

  @Test("random bytes in a segment file are corruption at offset 0, for every entry point")
  func randomSegment() throws {
    let root = try makeTemporaryDirectory("hostile-random")
    defer { removeDirectory(root) }
    var random = SplitMix64(seed: 1000)
    for variant in ["noise", "magic, version 1, then noise"] {
      var bytes = noiseBytes(5000, &random)
      if variant != "noise" {
        bytes.replaceSubrange(0..<8, with: Array("CAIRNSEG".utf8))
        bytes.storeLittleEndian(UInt16(1), at: 8)
      }
      try writeFile(join(root, Self.firstName), bytes)
      let site = CorruptionSite(Self.firstName, 0)
      #expect(corruptionSite(thrownError { try LogReader(directory: root) }) == site, "\(variant)")
      #expect(
        corruptionSite(thrownError { try LogWriter(directory: root, options: Self.options) })
          == site)
      #expect(corruptionSite(try LogVerifier.verify(directory: root).status) == site)
      #expect(
        corruptionSite(thrownError { try LogRepair.repair(directory: root, force: false) }) == site)
      #expect(try readFile(join(root, Self.firstName)) == bytes)
    }
    // Forced repair quarantines the whole file and leaves an empty log.
    #expect(
      corruptionSite(try LogVerifier.verify(directory: root).status)
        == CorruptionSite(Self.firstName, 0))
    let report = try LogRepair.repair(directory: root, force: true)
    #expect(report.lastSeq == .none)
    #expect(report.cuts.first?.bytes == 5000)
    #expect(try segmentNames(root).isEmpty)
    #expect(try LogVerifier.verify(directory: root).status == .clean)
  }

  /// docs/LOG_FORMAT.md, "Segment header": noise behind a valid magic fails the header
  /// checksum, so it is corruption at offset 0, whatever its version field says.
  @Test("noise behind the segment magic is corruption at offset 0")
  func noiseBehindMagic() throws {
    let root = try makeTemporaryDirectory("hostile-magic")
    defer { removeDirectory(root) }
    var random = SplitMix64(seed: 1007)
    var bytes = noiseBytes(5000, &random)
    bytes.replaceSubrange(0..<8, with: Array("CAIRNSEG".utf8))
    let path = join(root, Self.firstName)
    try writeFile(path, bytes)
    var readerError: LogError?
    do { _ = try LogReader(directory: root) } catch let error as LogError { readerError = error }
    guard case .corruption(let segment, let offset, let defect)? = readerError else {
      Issue.record("expected corruption, got \(String(describing: readerError))")
      return
    }
    #expect(segment == Self.firstName)
    #expect(offset == 0)
    #expect(defect.contains("checksum mismatch"))
    let report = try LogVerifier.verify(directory: root)
    #expect(report.status == .corrupt(segment: Self.firstName, offset: 0, defect: defect))
    #expect(try readFile(path) == bytes)
  }

  @Test("a segment of a future format version is unsupportedVersion naming the file path")
  func futureVersion() throws {
    let root = try makeTemporaryDirectory("hostile-version")
    defer { removeDirectory(root) }
    // A later version keeps the 64-byte header's magic, version and checksum; what follows
    // the header may be anything.
    var random = SplitMix64(seed: 1001)
    let bytes = Self.header(version: 2) + noiseBytes(3000, &random)
    let path = join(root, Self.firstName)
    try writeFile(path, bytes)
    let expected = LogError.unsupportedVersion(path: path, found: 2, supported: 1)
    #expect(throws: expected) { try LogReader(directory: root) }
    #expect(throws: expected) { try LogWriter(directory: root, options: Self.options) }
    #expect(throws: expected) { try LogVerifier.verify(directory: root) }
    #expect(throws: expected) { try LogStats.collect(directory: root) }
    #expect(expected.description.contains(path))
    #expect(expected.exitCode == 1)
    #expect(try readFile(path) == bytes)

    // The same for a later segment of a valid log.
    let log = join(root, "log")
    try appendRecords(
      sessionRecords(seed: 1002, count: 100), to: log, options: testOptions(block: 512, roll: 3000))
    let names = try segmentNames(log)
    try #require(names.count >= 3)
    let laterPath = join(log, names[1])
    var later = try readFile(laterPath)
    later.storeLittleEndian(UInt16(7), at: 8)
    later.storeLittleEndian(Checksum.xxh3(Array(later[0..<56])), at: 56)
    try writeFile(laterPath, later)
    #expect(throws: LogError.unsupportedVersion(path: laterPath, found: 7, supported: 1)) {
      try LogReader(directory: log)
    }
  }

  @Test("huge claimed lengths are refused without a crash or a huge allocation")
  func hugeLengths() throws {
    let root = try makeTemporaryDirectory("hostile-lengths")
    defer { removeDirectory(root) }
    let path = join(root, Self.firstName)
    let hostileBlocks: [(String, [UInt8])] = [
      ("all lengths 0xFFFFFFFF", Self.blockHeader(stored: .max, raw: .max, records: .max)),
      ("raw at the hard maximum", Self.blockHeader(stored: 1 << 23, raw: 1 << 30, records: 1)),
      ("a ratio LZ4 cannot reach", Self.blockHeader(stored: 100, raw: 1 << 20, records: 1)),
      (
        "raw codec, stored past the file",
        Self.blockHeader(stored: 1 << 20, raw: 1 << 20, records: 1, codec: 0)
      ),
      ("record count past the raw bytes", Self.blockHeader(stored: 50, raw: 100, records: 1 << 30)),
    ]
    for (name, block) in hostileBlocks {
      // The header allows the largest payload, so only the block's own lengths and the
      // file's size stand between a hostile header and a huge buffer.
      let bytes = Self.header(payloadMax: .max) + block + [UInt8](repeating: 0xAB, count: 200)
      try writeFile(path, bytes)
      let reader = try LogReader(directory: root)
      #expect(reader.tornTail?.offset == 64, "\(name)")
      #expect(reader.lastSeq == .none)
      let report = try LogVerifier.verify(directory: root)
      guard case .tornTail(_, let offset, let torn, _) = report.status else {
        Issue.record("\(name): expected a torn tail, got \(report.status)")
        continue
      }
      #expect(offset == 64)
      #expect(torn == UInt64(bytes.count - 64))
      let writer = try LogWriter(directory: root, options: Self.options)
      #expect(writer.recovery.tornTail?.bytesDropped == UInt64(bytes.count - 64))
      try writer.close()
      try? FileManager.default.removeItem(atPath: path)
    }
  }

  @Test("a hostile block header followed by valid blocks is corruption at its offset")
  func hostileBlockBeforeValidOnes() throws {
    let root = try makeTemporaryDirectory("hostile-followed")
    defer { removeDirectory(root) }
    try appendRecords(sessionRecords(seed: 1003, count: 80), to: root, options: Self.options)
    try FileManager.default.removeItem(atPath: join(root, "active.idx"))
    let map = try #require(try segmentMaps(root).first)
    let block = map.blocks[1]
    let path = join(root, map.name)
    var bytes = try readFile(path)
    bytes.replaceSubrange(
      block.offset..<block.offset + 48,
      with: Self.blockHeader(stored: .max, raw: .max, records: .max))
    try writeFile(path, bytes)
    let site = CorruptionSite(map.name, block.offset)
    #expect(corruptionSite(thrownError { try LogReader(directory: root) }) == site)
    #expect(corruptionSite(try LogVerifier.verify(directory: root).status) == site)
  }

  @Test("a trailer or footer that claims absurd offsets and counts is not trusted")
  func hostileTrailer() throws {
    let root = try makeTemporaryDirectory("hostile-trailer")
    defer { removeDirectory(root) }
    let records = sessionRecords(seed: 1004, count: 80)
    try appendRecords(records, to: root, options: Self.options)
    let map = try #require(try segmentMaps(root).first)
    let path = join(root, map.name)
    let valid = try readFile(path)
    let salt = map.header.salt
    var trailers: [(String, [UInt8])] = []
    for footerOffset: UInt64 in [0, 63, 64, UInt64(valid.count), .max] {
      var trailer = [UInt8](repeating: 0, count: 24)
      trailer.storeLittleEndian(footerOffset, at: 0)
      trailer.storeLittleEndian(SegmentFooter.trailerMagic, at: 16)
      trailers.append(("trailer pointing at \(footerOffset)", trailer))
    }
    // A footer whose checksum is right but whose entry count is absurd.
    var footer = SegmentFooter(
      recordCount: 1, lastSeq: .first, lastBlockChecksum: 0, segmentChecksum: 0,
      entries: [IndexEntry(firstSeq: .first, offset: 64)]
    ).encoded(footerOffset: UInt64(valid.count), salt: salt)
    footer.storeLittleEndian(UInt32.max, at: 8)
    footer.storeLittleEndian(
      Checksum.xxh3(Array(footer[0..<footer.count - 16]), seed: salt), at: footer.count - 16)
    trailers.append(("footer with 2^32-1 entries", footer))
    for (name, tail) in trailers {
      try writeFile(path, valid + tail)
      let reader = try LogReader(directory: root)
      #expect(reader.lastSeq == Seq(80), "\(name)")
      #expect(reader.tornTail?.offset == UInt64(valid.count), "\(name)")
      #expect(try readAllRecords(root) == records, "\(name)")
    }
  }

  @Test("files and directories that are not segments are ignored and left alone")
  func strayNames() throws {
    let root = try makeTemporaryDirectory("hostile-names")
    defer { removeDirectory(root) }
    var random = SplitMix64(seed: 1005)
    let records = sessionRecords(seed: 1006, count: 120)
    try appendRecords(
      Array(records[0..<60]), to: root, options: testOptions(block: 512, roll: 3000))
    let stray: [String: [UInt8]] = [
      "notes.txt": Array("hello".utf8),
      "1.seg": noiseBytes(100, &random),
      "00000000000000000000.seg": noiseBytes(100, &random),
      "99999999999999999999.seg": noiseBytes(100, &random),
      "0000000000000000000x.seg": noiseBytes(100, &random),
      "00000000000000000001.seg.bak": noiseBytes(100, &random),
      "00000000000000000001.seg.64.quarantine": noiseBytes(100, &random),
      "active.idx.tmp-12345": noiseBytes(100, &random),
      "000000000000000000001.seg": noiseBytes(100, &random),
    ]
    for (name, bytes) in stray { try writeFile(join(root, name), bytes) }
    try FileManager.default.createDirectory(
      atPath: join(root, "subdirectory"), withIntermediateDirectories: true)
    #expect(try LogVerifier.verify(directory: root).status == .clean)
    #expect(try readAllRecords(root) == Array(records[0..<60]))
    try appendRecords(Array(records[60...]), to: root, options: testOptions(block: 512, roll: 3000))
    #expect(try readAllRecords(root) == records)
    #expect(try LogRepair.repair(directory: root, force: true).cuts.isEmpty)
    for (name, bytes) in stray { #expect(try readFile(join(root, name)) == bytes, "\(name)") }
    #expect(try LogReader.segmentFileCount(directory: root) == segmentNames(root).count)
  }
}
