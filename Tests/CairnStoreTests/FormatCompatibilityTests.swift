import CairnLogFormat
import CairnStore
import Foundation
import Testing

/// docs/LOG_FORMAT.md, "Format versioning": a fixture log written by each released version
/// lives under Tests/ and must keep reading through the current reader with the expected
/// records. This is the version 1 fixture: seeded records and salts, small blocks, three
/// segments (two sealed), and its watermark.
///
/// The fixture is never regenerated to make a test pass. To regenerate it on purpose (for
/// a new format version, say), run the tests with `CAIRN_UPDATE_GOLDENS=1`: the files in
/// `Fixtures/format-v1/` are rewritten and the new pinned values below are printed, to be
/// pasted in and committed together.
@Suite("Format compatibility: the version 1 fixture", .serialized)
struct FormatCompatibilityTests {
  static let fixtureDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/format-v1").path
  static let recordSeed: UInt64 = 2026
  static let recordCount = 240
  static let saltSeed: UInt64 = 0xCA1F_0001
  static let options = LogOptions(
    durability: .buffered, blockBytesTarget: 512, segmentRollBytes: 12288,
    recordPayloadBytesMax: 4096, salts: .seeded(saltSeed))

  static func records(count: Int) -> [LogRecord] {
    sessionRecords(seed: recordSeed, count: count, payloadBytes: 40...160)
  }

  // MARK: Pinned values (printed by a CAIRN_UPDATE_GOLDENS=1 run)

  static let pinnedFiles: [String: UInt64] = [
    "00000000000000000001.seg": 0x0824cf6db8f86634,
    "00000000000000000088.seg": 0x669ef850a2b83521,
    "00000000000000000176.seg": 0xfadf6c99aee46a99,
    "active.idx": 0x1146e0667d09cc7d,
  ]
  /// Magic, version 1, 64, reserved, salt 0x0c576bac407ca353, base seq 1, previous 0,
  /// payload max 4096, block target 512, reserved, header checksum.
  static let pinnedFirstHeader =
    "434149524e534547" + "0100" + "4000" + "00000000" + "53a37c40ac6b570c" + "0100000000000000"
    + "0000000000000000" + "00100000" + "00020000" + "0000000000000000" + "705245de9e16bda0"
  /// Magic, reserved, checksum, codec 1 (LZ4), flags 0, stored 405, raw 497, 3 records,
  /// first seq 1, previous checksum 0.
  static let pinnedFirstBlockHeader =
    "43424c4b" + "00000000" + "69e6d912c4db1df4" + "01" + "00" + "0000" + "95010000" + "f1010000"
    + "03000000" + "0100000000000000" + "0000000000000000"
  /// Footer offset 12548, footer checksum, "CAIRNEND".
  static let pinnedFirstTrailer = "0431000000000000" + "37f753532d22d5d1" + "434149524e454e44"

  // MARK: Helpers

  static func hex(_ bytes: some Sequence<UInt8>) -> String {
    bytes.map { byte in
      let digits = String(byte, radix: 16)
      return digits.count == 1 ? "0" + digits : digits
    }.joined()
  }

  /// The salt `SaltSource.seeded` gives a segment: docs/LOG_FORMAT.md, "Salt".
  static func seededSalt(baseSeq: UInt64) -> UInt64 {
    var mixer = SplitMix64(seed: saltSeed ^ (baseSeq &* 0x9E37_79B9_7F4A_7C15))
    return mixer.next()
  }

  /// The fixture's files: segments and watermark (not the lock).
  static func fixtureFiles(_ directory: String) throws -> [String: [UInt8]] {
    var files: [String: [UInt8]] = [:]
    for name in try directoryNames(directory)
    where SegmentHeader.baseSeq(fileName: name) != nil || name == "active.idx" {
      files[name] = try readFile(join(directory, name))
    }
    return files
  }

  /// Rewrites the checked-in fixture, only when asked to.
  static func regenerateIfAsked() throws {
    guard ProcessInfo.processInfo.environment["CAIRN_UPDATE_GOLDENS"] == "1" else { return }
    let scratch = try makeTemporaryDirectory("fixture")
    defer { removeDirectory(scratch) }
    try appendRecords(records(count: recordCount), to: scratch, options: options)
    try FileManager.default.createDirectory(
      atPath: fixtureDirectory, withIntermediateDirectories: true)
    for name in try directoryNames(fixtureDirectory) {
      try FileManager.default.removeItem(atPath: join(fixtureDirectory, name))
    }
    let files = try fixtureFiles(scratch)
    for (name, bytes) in files { try writeFile(join(fixtureDirectory, name), bytes) }
    let first = try readFile(join(fixtureDirectory, SegmentHeader.fileName(baseSeq: .first)))
    let checksums = files.keys.sorted().map { name in
      "    \"\(name)\": 0x\(hex16(Checksum.xxh3(files[name]!))),"
    }
    print(
      """
      CAIRN_UPDATE_GOLDENS: rewrote \(fixtureDirectory); paste into FormatCompatibilityTests:
        static let pinnedFiles: [String: UInt64] = [
      \(checksums.joined(separator: "\n"))
        ]
        static let pinnedFirstHeader = "\(hex(first[0..<64]))"
        static let pinnedFirstBlockHeader = "\(hex(first[64..<112]))"
        static let pinnedFirstTrailer = "\(hex(first.suffix(24)))"
      """)
  }

  /// A copy of the fixture in a fresh directory, so that no test writes to the source tree.
  static func copyOfFixture(_ label: String) throws -> String {
    try regenerateIfAsked()
    let root = try makeTemporaryDirectory(label)
    try copyFiles(from: fixtureDirectory, to: join(root, "log"))
    return root
  }

  // MARK: Tests

  @Test("the fixture files are the checked-in ones, byte for byte")
  func fixtureIsIntact() throws {
    try Self.regenerateIfAsked()
    let files = try Self.fixtureFiles(Self.fixtureDirectory)
    #expect(files.keys.sorted() == Self.pinnedFiles.keys.sorted())
    for (name, bytes) in files {
      #expect(Checksum.xxh3(bytes) == Self.pinnedFiles[name], "\(name)")
    }
    #expect(try directoryNames(Self.fixtureDirectory) == Self.pinnedFiles.keys.sorted())
  }

  @Test("the current reader reads the fixture's records, and it verifies clean")
  func readsFixture() throws {
    let root = try Self.copyOfFixture("fixture-read")
    defer { removeDirectory(root) }
    let directory = join(root, "log")
    let expected = Self.records(count: Self.recordCount)
    #expect(try readAllRecords(directory) == expected)
    let reader = try LogReader(directory: directory)
    #expect(reader.lastSeq == Seq(240))
    #expect(reader.tornTail == nil)
    #expect(reader.segmentCount == 3)
    #expect(reader.sealedSegmentCount == 2)
    for seq in [1, 2, 120, 239, 240] {
      #expect(try reader.record(at: Seq(UInt64(seq))) == expected[seq - 1])
    }
    let report = try LogVerifier.verify(directory: directory)
    #expect(report.status == .clean)
    #expect(report.records == 240)
    #expect(report.segments == 3)
    #expect(report.rawBytes == UInt64(expected.reduce(0) { $0 + 28 + $1.payload.count }))
  }

  @Test("pinned bytes: segment header, first block header, trailer, salts and chain")
  func pinnedBytes() throws {
    try Self.regenerateIfAsked()
    let maps = try segmentMaps(Self.fixtureDirectory)
    try #require(maps.count == 3)
    let first = try readFile(join(Self.fixtureDirectory, maps[0].name))
    #expect(Self.hex(first[0..<64]) == Self.pinnedFirstHeader)
    #expect(Self.hex(first[64..<112]) == Self.pinnedFirstBlockHeader)
    #expect(Self.hex(first.suffix(24)) == Self.pinnedFirstTrailer)
    // The fields as docs/LOG_FORMAT.md lays them out.
    #expect(Array(first[0..<8]) == Array("CAIRNSEG".utf8))
    #expect(Array(first[8..<12]) == [1, 0, 64, 0])
    #expect(Array(first[12..<16]) == [0, 0, 0, 0])
    #expect(Array(first[24..<40]) == [1, 0, 0, 0, 0, 0, 0, 0] + [UInt8](repeating: 0, count: 8))
    #expect(Array(first[40..<48]) == [0x00, 0x10, 0, 0, 0x00, 0x02, 0, 0])
    #expect(Array(first[48..<56]) == [UInt8](repeating: 0, count: 8))
    #expect(Array(first[64..<72]) == Array("CBLK".utf8) + [0, 0, 0, 0])
    #expect(Array(first.suffix(8)) == Array("CAIRNEND".utf8))
    var previousChecksum: UInt64 = 0
    var nextSeq: UInt64 = 1
    for map in maps {
      #expect(map.header.formatVersion == 1)
      #expect(map.header.salt == Self.seededSalt(baseSeq: map.header.baseSeq.rawValue))
      #expect(
        map.fileBytes == (map.footerOffset.map { $0 + 72 + 16 * map.blocks.count } ?? map.blocksEnd)
      )
      #expect(map.header.baseSeq == Seq(nextSeq))
      #expect(map.header.previousChecksum == previousChecksum)
      #expect(map.header.recordPayloadBytesMax == 4096)
      #expect(map.header.blockBytesTarget == 512)
      for block in map.blocks {
        #expect(block.header.previousChecksum == previousChecksum)
        #expect(block.header.firstSeq == Seq(nextSeq))
        previousChecksum = block.header.checksum
        nextSeq = block.header.lastSeq.rawValue + 1
      }
    }
    #expect(nextSeq == 241)
    #expect(maps[0].footerOffset != nil)
    #expect(maps[1].footerOffset != nil)
    #expect(maps[2].footerOffset == nil)
    #expect(maps.flatMap(\.blocks).contains { $0.header.codec == .lz4 })
    #expect(maps[0].footerOffset == 0x3104)
    #expect(Self.seededSalt(baseSeq: 1) == 0x0c57_6bac_407c_a353)
  }

  @Test("a writer opens the fixture through its watermark and continues it")
  func writerContinuesFixture() throws {
    let root = try Self.copyOfFixture("fixture-write")
    defer { removeDirectory(root) }
    let directory = join(root, "log")
    let expected = Self.records(count: 290)
    let writer = try LogWriter(directory: directory, options: Self.options)
    #expect(writer.recovery.tornTail == nil)
    #expect(writer.recovery.usedWatermark)
    #expect(writer.nextSeq == Seq(241))
    for record in expected[240...] { #expect(try writer.append(draft(record)) == record.seq) }
    try writer.close()
    #expect(try readAllRecords(directory) == expected)
    #expect(try LogVerifier.verify(directory: directory).status == .clean)
  }

  /// Catches any change in what the writer emits. docs/LOG_FORMAT.md, "Same seed, same
  /// bytes": a liblz4 whose compressor produces other output also trips this one (readers
  /// are unaffected; `readsFixture` still passes).
  @Test("the writer today produces the fixture byte for byte")
  func writerReproducesFixture() throws {
    try Self.regenerateIfAsked()
    let root = try makeTemporaryDirectory("fixture-regenerate")
    defer { removeDirectory(root) }
    try appendRecords(Self.records(count: Self.recordCount), to: root, options: Self.options)
    let written = try Self.fixtureFiles(root)
    let fixture = try Self.fixtureFiles(Self.fixtureDirectory)
    #expect(written.keys.sorted() == fixture.keys.sorted())
    for name in fixture.keys.sorted() { #expect(written[name] == fixture[name], "\(name)") }
  }
}
