import CairnLogFormat
import Testing

@Suite("SegmentHeader: 64 bytes at offset 0 of every segment")
struct SegmentHeaderTests {
  static func randomHeader(_ random: inout SeededRandom) -> SegmentHeader {
    SegmentHeader(
      salt: random.next(), baseSeq: Seq(1 + random.next() % (UInt64.max - 1)),
      previousChecksum: random.next(),
      recordPayloadBytesMax: UInt32(truncatingIfNeeded: random.next()),
      blockBytesTarget: UInt32(256 + random.below(1 << 30)))
  }

  /// Re-seals a hand-edited header with a valid checksum, so that a test reaches the
  /// field checks behind the checksum.
  static func resealed(_ bytes: [UInt8]) -> [UInt8] {
    var copy = bytes
    copy.storeLE(Checksum.xxh3(Array(copy[0..<56])), at: 56)
    return copy
  }

  @Test("decode(encode(header)) == header for seeded headers")
  func roundTrip() throws {
    var random = SeededRandom(seed: 11)
    for _ in 0..<500 {
      let header = Self.randomHeader(&random)
      let bytes = header.encoded()
      #expect(bytes.count == SegmentHeader.byteCount)
      let decoded = try bytes.withUnsafeBytes { try SegmentHeader.decode($0) }
      #expect(decoded == header)
    }
  }

  @Test("decode reads a header at the start of a longer buffer")
  func decodesPrefix() throws {
    let header = SegmentHeader(
      salt: 7, baseSeq: Seq(5), previousChecksum: 9, recordPayloadBytesMax: 1000,
      blockBytesTarget: 512)
    let bytes = header.encoded() + [0xFF, 0xFE, 0xFD]
    #expect(try bytes.withUnsafeBytes { try SegmentHeader.decode($0) } == header)
  }

  @Test("the byte layout of every field")
  func layout() {
    let header = SegmentHeader(
      salt: 0x1122_3344_5566_7788, baseSeq: Seq(0x0102_0304_0506_0708),
      previousChecksum: 0xA1A2_A3A4_A5A6_A7A8, recordPayloadBytesMax: 0xB1B2_B3B4,
      blockBytesTarget: 0xC1C2_C3C4)
    let bytes = header.encoded()
    #expect(Array(bytes[0..<8]) == ascii("CAIRNSEG"))
    #expect(bytes.loadLE(at: 8, as: UInt16.self) == 1)
    #expect(bytes.loadLE(at: 10, as: UInt16.self) == 64)
    #expect(bytes.loadLE(at: 12, as: UInt32.self) == 0)
    #expect(bytes.loadLE(at: 16, as: UInt64.self) == 0x1122_3344_5566_7788)
    #expect(bytes.loadLE(at: 24, as: UInt64.self) == 0x0102_0304_0506_0708)
    #expect(bytes.loadLE(at: 32, as: UInt64.self) == 0xA1A2_A3A4_A5A6_A7A8)
    #expect(bytes.loadLE(at: 40, as: UInt32.self) == 0xB1B2_B3B4)
    #expect(bytes.loadLE(at: 44, as: UInt32.self) == 0xC1C2_C3C4)
    #expect(bytes.loadLE(at: 48, as: UInt64.self) == 0)
    #expect(bytes.loadLE(at: 56, as: UInt64.self) == Checksum.xxh3(Array(bytes[0..<56])))
    #expect(Array(bytes[16..<24]) == [0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11])
  }

  @Test("short input is incomplete")
  func shortInput() {
    let bytes = SegmentHeader(
      salt: 1, baseSeq: .first, previousChecksum: 0, recordPayloadBytesMax: 10,
      blockBytesTarget: 256
    ).encoded()
    for length in [0, 1, 8, 63] {
      let prefix = Array(bytes[0..<length])
      #expect(
        defect { try prefix.withUnsafeBytes { try SegmentHeader.decode($0) } }
          == .incomplete(needed: 64, available: length))
    }
    #expect(
      defect { try SegmentHeader.decode(UnsafeRawBufferPointer(start: nil, count: 0)) }
        == .incomplete(needed: 64, available: 0))
  }

  @Test("random bytes never decode")
  func randomBytes() {
    var random = SeededRandom(seed: 12)
    var outcomes: [String: Int] = [:]
    for round in 0..<3000 {
      var bytes = random.bytes(64)
      // Two thirds carry the right magic, and one third also version 1: whatever the
      // version field says, the checksum is what must stop them.
      if round % 3 != 0 { bytes.replaceSubrange(0..<8, with: ascii("CAIRNSEG")) }
      if round % 3 == 2 { bytes.storeLE(UInt16(1), at: 8) }
      let expected = round % 3 == 0 ? "badMagic" : "checksumMismatch"
      let found = defect { try bytes.withUnsafeBytes { try SegmentHeader.decode($0) } }
      #expect(found?.caseName == expected)
      outcomes[expected, default: 0] += 1
    }
    #expect(outcomes == ["badMagic": 1000, "checksumMismatch": 2000])
  }

  /// Every version keeps the checksum of bytes 0..<56 at byte 56, so a version field that
  /// does not verify is damage (a flipped bit), not a later version.
  @Test("a version field that fails the header checksum is a checksum mismatch")
  func unverifiedVersionIsDamage() {
    var bytes = SegmentHeader(
      salt: 1, baseSeq: .first, previousChecksum: 0, recordPayloadBytesMax: 10,
      blockBytesTarget: 256
    ).encoded()
    bytes.storeLE(UInt16(3), at: 8)
    let found = defect { try bytes.withUnsafeBytes { try SegmentHeader.decode($0) } }
    #expect(found?.caseName == "checksumMismatch")
  }

  @Test("a wrong magic number is reported as such")
  func wrongMagic() {
    var bytes = SegmentHeader(
      salt: 1, baseSeq: .first, previousChecksum: 0, recordPayloadBytesMax: 10,
      blockBytesTarget: 256
    ).encoded()
    bytes.replaceSubrange(0..<8, with: ascii("CAIRNIDX"))
    bytes = Self.resealed(bytes)
    #expect(
      defect { try bytes.withUnsafeBytes { try SegmentHeader.decode($0) } }
        == .badMagic(expected: "CAIRNSEG"))
  }

  @Test("a future (or zero) format version is unsupportedVersion", arguments: [0, 2, 7, 0xFFFF])
  func futureVersion(version: UInt16) {
    let bytes = SegmentHeader(
      formatVersion: version, salt: 1, baseSeq: .first, previousChecksum: 0,
      recordPayloadBytesMax: 10, blockBytesTarget: 256
    ).encoded()
    #expect(
      defect { try bytes.withUnsafeBytes { try SegmentHeader.decode($0) } }
        == .unsupportedVersion(found: version, supported: 1))
  }

  @Test("fields behind a valid checksum are still checked")
  func fieldChecks() {
    let good = SegmentHeader(
      salt: 1, baseSeq: Seq(3), previousChecksum: 0, recordPayloadBytesMax: 10,
      blockBytesTarget: 256
    ).encoded()
    func decodeEdited(_ edit: (inout [UInt8]) -> Void) -> FormatDefect? {
      var bytes = good
      edit(&bytes)
      let sealed = Self.resealed(bytes)
      return defect { try sealed.withUnsafeBytes { try SegmentHeader.decode($0) } }
    }
    #expect(
      decodeEdited { $0.storeLE(UInt16(65), at: 10) } == .badField(name: "header_bytes", value: 65))
    #expect(decodeEdited { $0.storeLE(UInt64(0), at: 24) } == .badField(name: "base_seq", value: 0))
    #expect(
      decodeEdited { $0.storeLE(UInt32(1), at: 12) }
        == .badField(name: "header reserved 12", value: 1))
    #expect(
      decodeEdited { $0.storeLE(UInt64(1) << 63, at: 48) }
        == .badField(name: "header reserved 48", value: 1 << 63))
    #expect(
      decodeEdited { $0.storeLE(UInt32(255), at: 44) }
        == .badField(name: "block_bytes_target", value: 255))
    #expect(decodeEdited { $0.storeLE(UInt32(256), at: 44) } == nil)
  }

  @Test("every single flipped bit is rejected")
  func everyBitFlip() {
    let bytes = SegmentHeader(
      salt: 0xDEAD_BEEF, baseSeq: Seq(1234), previousChecksum: 0xFEED,
      recordPayloadBytesMax: 4096, blockBytesTarget: 512
    ).encoded()
    var rejected = 0
    for bit in 0..<(bytes.count * 8) {
      let flipped = bytes.flippingBit(bit)
      if defect({ try flipped.withUnsafeBytes { try SegmentHeader.decode($0) } }) != nil {
        rejected += 1
      } else {
        Issue.record("flipping bit \(bit % 8) of byte \(bit / 8) went unnoticed")
      }
    }
    #expect(rejected == 512)
  }

  @Test("blockRawBytesMax is the larger of the block target and one maximal record")
  func blockRawBytesMax() {
    func limit(payloadMax: UInt32, target: UInt32) -> Int {
      SegmentHeader(
        salt: 0, baseSeq: .first, previousChecksum: 0, recordPayloadBytesMax: payloadMax,
        blockBytesTarget: target
      ).blockRawBytesMax
    }
    #expect(limit(payloadMax: 100, target: 4096) == 4096)
    #expect(limit(payloadMax: 10_000, target: 4096) == 10_028)
    #expect(limit(payloadMax: .max, target: 4096) == FormatLimits.blockRawBytesHardMax)
    #expect(limit(payloadMax: 0, target: .max) == FormatLimits.blockRawBytesHardMax)
  }

  @Test("file names are 20 digits and .seg, and parse back")
  func fileNames() {
    #expect(SegmentHeader.fileName(baseSeq: .first) == "00000000000000000001.seg")
    #expect(SegmentHeader.fileName(baseSeq: Seq(4321)) == "00000000000000004321.seg")
    #expect(SegmentHeader.fileName(baseSeq: Seq(.max)) == "18446744073709551615.seg")
    var random = SeededRandom(seed: 13)
    for _ in 0..<200 {
      let seq = Seq(1 + random.next() % (UInt64.max - 1))
      #expect(SegmentHeader.baseSeq(fileName: SegmentHeader.fileName(baseSeq: seq)) == seq)
    }
    for name in [
      "", "1.seg", "00000000000000000000.seg", "0000000000000000000a.seg",
      "00000000000000000001.log", "00000000000000000001.seg.quarantine",
      "+0000000000000000001.seg", "-0000000000000000001.seg", "99999999999999999999.seg",
      "000000000000000000001.seg", "0000000000000000001.seg", "active.idx", "LOCK",
    ] {
      #expect(SegmentHeader.baseSeq(fileName: name) == nil, "\(name)")
    }
  }
}
