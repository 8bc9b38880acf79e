import CairnLogFormat
import CairnStore
import Foundation
import Testing

/// `active.idx` (docs/LOG_FORMAT.md, "Verified watermark") lets an open skip re-verifying
/// the active segment. It is only an optimisation: a missing, damaged, stale or hostile
/// one costs a full scan and nothing else.
@Suite("Verified watermark: used when valid, ignored otherwise, never trusted blindly")
struct VerifiedWatermarkTests {
  static let records = sessionRecords(seed: 900, count: 150, payloadBytes: 30...150)
  static let options = testOptions(block: 512, roll: 1 << 20)

  /// The u64 fields of an `active.idx` file, its entries and checksum.
  struct WatermarkFile {
    var fields: [UInt64]

    init(_ bytes: [UInt8]) {
      fields = stride(from: 0, to: bytes.count, by: 8).map { start in
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[start + index]) << (8 * UInt64(index)) }
        return value
      }
    }

    /// The bytes with the checksum recomputed, as a writer would have sealed them.
    var sealedBytes: [UInt8] {
      var bytes: [UInt8] = []
      for field in fields.dropLast() { bytes.appendLE(field) }
      bytes.appendLE(Checksum.xxh3(bytes))
      return bytes
    }
  }

  static func writeLog(_ directory: String) throws {
    try appendRecords(Self.records, to: directory, options: Self.options)
  }

  /// Opens a writer, checks that the log is intact and the numbering continues, and
  /// returns whether the watermark was used.
  static func openUsesWatermark(_ directory: String) throws -> Bool {
    let writer = try LogWriter(directory: directory, options: Self.options)
    defer { try? writer.close() }
    guard writer.recovery.tornTail == nil else {
      throw TestFailure("unexpected torn tail \(String(describing: writer.recovery.tornTail))")
    }
    guard writer.nextSeq == Seq(UInt64(Self.records.count + 1)) else {
      throw TestFailure("next seq \(writer.nextSeq)")
    }
    return writer.recovery.usedWatermark
  }

  @Test("after a clean close the next open uses the watermark")
  func usedAfterCleanClose() throws {
    let root = try makeTemporaryDirectory("watermark")
    defer { removeDirectory(root) }
    try Self.writeLog(root)
    let watermark = WatermarkFile(try readFile(join(root, "active.idx")))
    let map = try #require(try segmentMaps(root).first)
    #expect(watermark.fields[0] == magic64("CAIRNIDX"))
    #expect(watermark.fields[1] == 1)
    #expect(watermark.fields[2] == 1)
    #expect(watermark.fields[3] == map.header.salt)
    #expect(watermark.fields[4] == UInt64(map.blocksEnd))
    #expect(watermark.fields[5] == map.blocks.last?.header.checksum)
    #expect(watermark.fields[6] == UInt64(Self.records.count + 1))
    #expect(watermark.fields[7] == UInt64(map.blocks.count))
    #expect(watermark.fields.count == 8 + 2 * map.blocks.count + 1)
    for (index, block) in map.blocks.enumerated() {
      #expect(watermark.fields[8 + 2 * index] == block.header.firstSeq.rawValue)
      #expect(watermark.fields[9 + 2 * index] == UInt64(block.offset))
    }
    #expect(try Self.openUsesWatermark(root))
    #expect(try Self.openUsesWatermark(root))
    #expect(try readAllRecords(root) == Self.records)
  }

  @Test(
    "a damaged or hostile watermark is ignored and the data is intact",
    arguments: [
      "flipped byte", "truncated", "empty", "noise", "absent", "verified_end past the file",
      "verified_end inside a block", "wrong last checksum", "wrong next seq", "other salt",
      "entries out of order", "huge entry count", "another log's watermark",
    ])
  func damagedWatermarkIgnored(damage: String) throws {
    let root = try makeTemporaryDirectory("watermark-damage")
    defer { removeDirectory(root) }
    let directory = join(root, "log")
    try Self.writeLog(directory)
    let path = join(directory, "active.idx")
    let good = try readFile(path)
    var file = WatermarkFile(good)
    let map = try #require(try segmentMaps(directory).first)
    var random = SplitMix64(seed: 901)
    var bytes: [UInt8]?
    switch damage {
    case "flipped byte":
      var copy = good
      copy[good.count / 2] ^= 0x10
      bytes = copy
    case "truncated": bytes = Array(good.dropLast(9))
    case "empty": bytes = []
    case "noise": bytes = noiseBytes(good.count, &random)
    case "absent": bytes = nil
    case "verified_end past the file":
      file.fields[4] = UInt64(map.fileBytes + 100)
      bytes = file.sealedBytes
    case "verified_end inside a block":
      file.fields[4] -= 10
      bytes = file.sealedBytes
    case "wrong last checksum":
      file.fields[5] ^= 1
      bytes = file.sealedBytes
    case "wrong next seq":
      file.fields[6] += 1
      bytes = file.sealedBytes
    case "other salt":
      file.fields[3] ^= 1
      bytes = file.sealedBytes
    case "entries out of order":
      file.fields.swapAt(8 + 2, 8 + 4)
      file.fields.swapAt(9 + 2, 9 + 4)
      bytes = file.sealedBytes
    case "huge entry count":
      file.fields[7] = 1 << 40
      bytes = file.sealedBytes
    default:
      let other = join(root, "other")
      var otherOptions = Self.options
      otherOptions.salts = .seeded(77)
      try appendRecords(Self.records, to: other, options: otherOptions)
      bytes = try readFile(join(other, "active.idx"))
    }
    if let bytes {
      try writeFile(path, bytes)
    } else {
      try FileManager.default.removeItem(atPath: path)
    }
    #expect(try Self.openUsesWatermark(directory) == false)
    #expect(try readAllRecords(directory) == Self.records)
    #expect(try LogVerifier.verify(directory: directory).status == .clean)
    // The open that scanned saved a fresh watermark, which the next open uses.
    #expect(try readFile(path) == good)
    #expect(try Self.openUsesWatermark(directory))
  }

  /// With a small interval the watermark is saved at commits, after the data it covers
  /// was written, so a process that dies without closing leaves a watermark the next
  /// open can use.
  @Test("a writer that never closed leaves a watermark saved at its last commit")
  func savedAtCommit() throws {
    let root = try makeTemporaryDirectory("watermark-commit")
    defer { removeDirectory(root) }
    let live = join(root, "live")
    var options = Self.options
    options.durability = .flush
    options.watermarkIntervalBytes = 1
    let writer = try LogWriter(directory: live, options: options)
    for (index, record) in Self.records.enumerated() {
      try writer.append(draft(record))
      if index % 10 == 9 { try writer.commit() }
    }
    try writer.commit()
    // What a kill -9 now would leave: the files as they are, without close().
    let crashed = join(root, "crashed")
    try copyFiles(from: live, to: crashed, skipping: ["LOCK"])
    let watermark = WatermarkFile(try readFile(join(crashed, "active.idx")))
    #expect(watermark.fields[6] == UInt64(Self.records.count + 1))
    let reopened = try LogWriter(directory: crashed, options: options)
    #expect(reopened.recovery.usedWatermark)
    #expect(reopened.recovery.tornTail == nil)
    #expect(reopened.nextSeq == Seq(UInt64(Self.records.count + 1)))
    try reopened.close()
    try writer.close()
    #expect(try readAllRecords(crashed) == Self.records)
  }

  @Test("bytes after the watermark are still scanned: a torn tail there is found and cut")
  func tornTailAfterWatermark() throws {
    let root = try makeTemporaryDirectory("watermark-torn")
    defer { removeDirectory(root) }
    try Self.writeLog(root)
    let map = try #require(try segmentMaps(root).first)
    let path = join(root, map.name)
    let bytes = try readFile(path)
    var random = SplitMix64(seed: 902)
    try writeFile(path, bytes + noiseBytes(700, &random))
    let writer = try LogWriter(directory: root, options: Self.options)
    #expect(writer.recovery.usedWatermark)
    #expect(writer.recovery.tornTail?.offset == UInt64(bytes.count))
    #expect(writer.recovery.tornTail?.bytesDropped == 700)
    try writer.close()
    #expect(try readFile(path) == bytes)
  }

  /// docs/LOG_FORMAT.md, "Damage is detected": opening trusts the watermark's prefix, so
  /// damage there surfaces when those blocks are read, or in full verification.
  @Test("damage before the watermark is not re-verified at open, but reads and verify find it")
  func damageBeforeWatermark() throws {
    let root = try makeTemporaryDirectory("watermark-trust")
    defer { removeDirectory(root) }
    try Self.writeLog(root)
    let map = try #require(try segmentMaps(root).first)
    let block = map.blocks[2]
    let path = join(root, map.name)
    var bytes = try readFile(path)
    bytes[block.offset + 60] ^= 0x08
    try writeFile(path, bytes)
    let writer = try LogWriter(directory: root, options: Self.options)
    #expect(writer.recovery.usedWatermark)
    try writer.close()
    let site = CorruptionSite(map.name, block.offset)
    #expect(corruptionSite(thrownError { try readAllRecords(root) }) == site)
    #expect(corruptionSite(try LogVerifier.verify(directory: root).status) == site)
    // Without the watermark, the open itself refuses.
    try FileManager.default.removeItem(atPath: join(root, "active.idx"))
    #expect(
      corruptionSite(thrownError { try LogWriter(directory: root, options: Self.options) }) == site)
  }

  @Test("a watermark of a segment that has since been sealed is ignored")
  func staleAfterSeal() throws {
    let root = try makeTemporaryDirectory("watermark-sealed")
    defer { removeDirectory(root) }
    var options = Self.options
    options.segmentRollBytes = 3000
    let first = Array(Self.records[0..<20])
    try appendRecords(first, to: root, options: options)
    let watermarkBefore = try readFile(join(root, "active.idx"))
    try appendRecords(Array(Self.records[20...]), to: root, options: options)
    let maps = try segmentMaps(root)
    #expect(maps.count > 2)
    // Put back the watermark of the first segment, now sealed.
    try writeFile(join(root, "active.idx"), watermarkBefore)
    let writer = try LogWriter(directory: root, options: options)
    #expect(!writer.recovery.usedWatermark)
    #expect(writer.nextSeq == Seq(UInt64(Self.records.count + 1)))
    try writer.close()
    #expect(try readAllRecords(root) == Self.records)
  }
}
