import CairnLogFormat
import Testing

@Suite("BlockHeader: the 48 bytes in front of every block")
struct BlockHeaderTests {
  static func stored(_ header: BlockHeader) -> [UInt8] {
    var bytes = [UInt8](repeating: 0xEE, count: BlockHeader.byteCount)
    bytes.withUnsafeMutableBytes { header.store(into: $0.baseAddress!) }
    return bytes
  }

  static func decode(_ bytes: [UInt8], rawBytesMax: Int = 1 << 20) -> Result<
    BlockHeader, FormatDefect
  > {
    attempt { try bytes.withUnsafeBytes { try BlockHeader.decode($0, rawBytesMax: rawBytesMax) } }
  }

  /// A header that satisfies every rule decode checks.
  static func randomValidHeader(_ random: inout SeededRandom) -> BlockHeader {
    let codec: BlockHeader.Codec = random.next() % 2 == 0 ? .raw : .lz4
    let recordCount = 1 + random.below(200)
    let rawBytes = recordCount * RecordFrame.headerByteCount + random.below(1 << 19)
    // LZ4 is stored only when strictly smaller, and expands at most 255 times.
    let storedBytes =
      codec == .raw ? rawBytes : rawBytes / 255 + 1 + random.below(rawBytes - rawBytes / 255 - 1)
    return BlockHeader(
      codec: codec, storedBytes: storedBytes, rawBytes: rawBytes,
      recordCount: recordCount,
      firstSeq: Seq(1 + random.next() % (UInt64.max - UInt64(recordCount) - 1)),
      previousChecksum: random.next(), checksum: random.next())
  }

  @Test("decode(store(header)) == header for seeded headers")
  func roundTrip() throws {
    var random = SeededRandom(seed: 21)
    for _ in 0..<1000 {
      let header = Self.randomValidHeader(&random)
      #expect(try Self.decode(Self.stored(header)).get() == header)
    }
  }

  @Test("the byte layout of every field")
  func layout() {
    let header = BlockHeader(
      codec: .lz4, storedBytes: 0x0102_0304, rawBytes: 0x0506_0708, recordCount: 0x090A,
      firstSeq: Seq(0x1112_1314_1516_1718), previousChecksum: 0x2122_2324_2526_2728,
      checksum: 0x3132_3334_3536_3738)
    let bytes = Self.stored(header)
    #expect(Array(bytes[0..<4]) == ascii("CBLK"))
    #expect(bytes.loadLE(at: 4, as: UInt32.self) == 0)
    #expect(bytes.loadLE(at: 8, as: UInt64.self) == 0x3132_3334_3536_3738)
    #expect(bytes[16] == 1)
    #expect(bytes[17] == 0)
    #expect(bytes.loadLE(at: 18, as: UInt16.self) == 0)
    #expect(bytes.loadLE(at: 20, as: UInt32.self) == 0x0102_0304)
    #expect(bytes.loadLE(at: 24, as: UInt32.self) == 0x0506_0708)
    #expect(bytes.loadLE(at: 28, as: UInt32.self) == 0x090A)
    #expect(bytes.loadLE(at: 32, as: UInt64.self) == 0x1112_1314_1516_1718)
    #expect(bytes.loadLE(at: 40, as: UInt64.self) == 0x2122_2324_2526_2728)
    #expect(header.totalBytes == 48 + 0x0102_0304)
    #expect(header.lastSeq == Seq(0x1112_1314_1516_1718 + 0x090A - 1))
  }

  static let valid = BlockHeader(
    codec: .lz4, storedBytes: 300, rawBytes: 900, recordCount: 3, firstSeq: Seq(10),
    previousChecksum: 5, checksum: 6)

  static func edited(_ edit: (inout [UInt8]) -> Void) -> [UInt8] {
    var bytes = stored(valid)
    edit(&bytes)
    return bytes
  }

  @Test("short, empty and wrong-magic input")
  func shortAndWrongMagic() {
    for length in [0, 4, 47] {
      #expect(
        Self.decode(Array(Self.stored(Self.valid)[0..<length])).failure
          == .incomplete(needed: 48, available: length))
    }
    #expect(
      Self.decode(Self.edited { $0.replaceSubrange(0..<4, with: ascii("CFTR")) }).failure
        == .badMagic(expected: "CBLK"))
  }

  @Test("each field's rule")
  func fieldRules() {
    #expect(
      Self.decode(Self.edited { $0.storeLE(UInt32(1), at: 4) }).failure
        == .badField(name: "block reserved", value: 1))
    #expect(
      Self.decode(Self.edited { $0[16] = 2 }).failure == .badField(name: "codec", value: 2))
    #expect(
      Self.decode(Self.edited { $0[17] = 1 }).failure
        == .badField(name: "block flags", value: 1 << 16))
    #expect(
      Self.decode(Self.edited { $0.storeLE(UInt16(0x8000), at: 18) }).failure
        == .badField(name: "block flags", value: 0x8000))
    // LZ4 is used only when it saves bytes.
    #expect(
      Self.decode(Self.edited { $0.storeLE(UInt32(900), at: 20) }).failure
        == .lengthOutOfRange(field: "stored_bytes", value: 900, limit: 900))
    #expect(
      Self.decode(Self.edited { $0.storeLE(UInt32(1 << 20 + 1), at: 24) }).failure
        == .lengthOutOfRange(field: "raw_bytes", value: 1 << 20 + 1, limit: 1 << 20))
    #expect(
      Self.decode(Self.edited { $0.storeLE(UInt32(901), at: 20) }).failure
        == .lengthOutOfRange(field: "stored_bytes", value: 901, limit: 900))
    // A raw block stores exactly its raw bytes.
    #expect(
      Self.decode(Self.edited { $0[16] = 0 }).failure
        == .lengthOutOfRange(field: "stored_bytes", value: 300, limit: 900))
    // LZ4 cannot expand more than 255 times.
    #expect(
      Self.decode(Self.edited { $0.storeLE(UInt32(1), at: 20) }).failure
        == .lengthOutOfRange(field: "raw_bytes", value: 900, limit: 255 + 64))
    #expect(
      Self.decode(Self.edited { $0.storeLE(UInt32(0), at: 28) }).failure
        == .badField(name: "record_count", value: 0))
    #expect(
      Self.decode(Self.edited { $0.storeLE(UInt32(33), at: 28) }).failure
        == .badField(name: "record_count", value: 33))
    #expect(
      Self.decode(Self.edited { $0.storeLE(UInt32(32), at: 28) }).failure == nil)
    #expect(
      Self.decode(Self.edited { $0.storeLE(UInt64(0), at: 32) }).failure
        == .badField(name: "first_seq", value: 0))
    #expect(
      Self.decode(Self.edited { $0.storeLE(UInt64.max - 2, at: 32) }).failure
        == .badField(name: "first_seq", value: .max - 2))
    #expect(Self.decode(Self.edited { $0.storeLE(UInt64.max - 3, at: 32) }).failure == nil)
  }

  @Test("absurd lengths are refused against the limit before anything is allocated")
  func absurdLengths() {
    let allOnes = Self.edited { bytes in
      bytes.storeLE(UInt32.max, at: 20)
      bytes.storeLE(UInt32.max, at: 24)
      bytes.storeLE(UInt32.max, at: 28)
    }
    #expect(
      Self.decode(allOnes, rawBytesMax: FormatLimits.blockRawBytesHardMax).failure
        == .lengthOutOfRange(
          field: "raw_bytes", value: UInt64(UInt32.max),
          limit: UInt64(FormatLimits.blockRawBytesHardMax)))
    // Within the raw limit, a tiny stored payload cannot claim a huge raw size.
    let hugeRatio = Self.edited { bytes in
      bytes.storeLE(UInt32(16), at: 20)
      bytes.storeLE(UInt32(1 << 30), at: 24)
    }
    #expect(
      Self.decode(hugeRatio, rawBytesMax: FormatLimits.blockRawBytesHardMax).failure
        == .lengthOutOfRange(field: "raw_bytes", value: 1 << 30, limit: 16 * 255 + 64))
  }

  @Test("whatever random bytes decode to obeys every rule")
  func randomBytesObeyRules() {
    var random = SeededRandom(seed: 22)
    var decoded = 0
    for round in 0..<20_000 {
      var bytes = random.bytes(48)
      // Steer most inputs past the magic, reserved and codec checks, and make the length
      // fields small enough to pass sometimes.
      if round % 4 != 0 {
        bytes.replaceSubrange(0..<4, with: ascii("CBLK"))
        bytes.storeLE(UInt32(0), at: 4)
        bytes[16] = UInt8(round % 2)
        bytes[17] = 0
        bytes.storeLE(UInt16(0), at: 18)
        bytes.storeLE(UInt32(random.below(4000)), at: 20)
        bytes.storeLE(UInt32(random.below(4000)), at: 24)
        bytes.storeLE(UInt32(random.below(150)), at: 28)
      }
      guard case .success(let header) = Self.decode(bytes, rawBytesMax: 3000) else { continue }
      decoded += 1
      #expect(header.rawBytes <= 3000)
      #expect(
        header.codec == .lz4
          ? header.storedBytes < header.rawBytes : header.storedBytes == header.rawBytes)
      #expect(header.recordCount >= 1)
      #expect(header.recordCount * RecordFrame.headerByteCount <= header.rawBytes)
      #expect(header.firstSeq >= .first)
      #expect(header.lastSeq >= header.firstSeq)
    }
    // The steering above must let some through, or the loop checked nothing.
    #expect(decoded > 100)
  }
}

extension Result {
  var failure: Failure? {
    if case .failure(let error) = self { return error }
    return nil
  }
}
