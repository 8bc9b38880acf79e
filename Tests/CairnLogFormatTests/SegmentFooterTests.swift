import CairnLogFormat
import Testing

@Suite("SegmentFooter: the block index and trailer of a sealed segment")
struct SegmentFooterTests {
  static func randomFooter(_ random: inout SeededRandom, entries count: Int) -> SegmentFooter {
    var entries: [IndexEntry] = []
    var seq = 1 + random.next() % 1_000_000
    var offset = UInt64(SegmentHeader.byteCount)
    for _ in 0..<count {
      entries.append(IndexEntry(firstSeq: Seq(seq), offset: offset))
      seq += 1 + random.next() % 100
      offset += 49 + random.next() % 70_000
    }
    return SegmentFooter(
      recordCount: random.next(), lastSeq: Seq(seq), lastBlockChecksum: random.next(),
      segmentChecksum: random.next(), entries: entries)
  }

  static func decode(_ bytes: [UInt8], footerOffset: UInt64, salt: UInt64) -> Result<
    SegmentFooter, FormatDefect
  > {
    attempt {
      try bytes.withUnsafeBytes {
        try SegmentFooter.decode($0, footerOffset: footerOffset, salt: salt)
      }
    }
  }

  static func trailerOffset(_ bytes: [UInt8], fileBytes: UInt64) -> UInt64? {
    Array(bytes.suffix(SegmentFooter.trailerByteCount)).withUnsafeBytes {
      SegmentFooter.footerOffset(trailer: $0, fileBytes: fileBytes)
    }
  }

  /// Re-seals a hand-edited footer with a valid checksum.
  static func resealed(_ bytes: [UInt8], salt: UInt64) -> [UInt8] {
    var copy = bytes
    copy.storeLE(Checksum.xxh3(Array(copy[0..<copy.count - 16]), seed: salt), at: copy.count - 16)
    return copy
  }

  @Test(
    "decode(encode(footer)) == footer, and the trailer finds the footer", arguments: [0, 1, 2, 37])
  func roundTrip(entryCount: Int) throws {
    var random = SeededRandom(seed: 31 + UInt64(entryCount))
    for _ in 0..<50 {
      let footer = Self.randomFooter(&random, entries: entryCount)
      let salt = random.next()
      let footerOffset = UInt64(64 + random.below(1 << 26))
      let bytes = footer.encoded(footerOffset: footerOffset, salt: salt)
      #expect(bytes.count == footer.totalBytes)
      #expect(bytes.count == 48 + 16 * entryCount + 24)
      #expect(try Self.decode(bytes, footerOffset: footerOffset, salt: salt).get() == footer)
      #expect(
        Self.trailerOffset(bytes, fileBytes: footerOffset + UInt64(bytes.count)) == footerOffset)
    }
  }

  @Test("the byte layout of every field")
  func layout() {
    let footer = SegmentFooter(
      recordCount: 0x0102, lastSeq: Seq(0x0304), lastBlockChecksum: 0x0506,
      segmentChecksum: 0x0708,
      entries: [
        IndexEntry(firstSeq: Seq(0x11), offset: 64), IndexEntry(firstSeq: Seq(0x12), offset: 0x99),
      ])
    let salt: UInt64 = 0xABCD
    let bytes = footer.encoded(footerOffset: 0x4444, salt: salt)
    #expect(Array(bytes[0..<4]) == ascii("CFTR"))
    #expect(bytes.loadLE(at: 4, as: UInt32.self) == 0)
    #expect(bytes.loadLE(at: 8, as: UInt32.self) == 2)
    #expect(bytes.loadLE(at: 12, as: UInt32.self) == 0)
    #expect(bytes.loadLE(at: 16, as: UInt64.self) == 0x0102)
    #expect(bytes.loadLE(at: 24, as: UInt64.self) == 0x0304)
    #expect(bytes.loadLE(at: 32, as: UInt64.self) == 0x0506)
    #expect(bytes.loadLE(at: 40, as: UInt64.self) == 0x0708)
    #expect(bytes.loadLE(at: 48, as: UInt64.self) == 0x11)
    #expect(bytes.loadLE(at: 56, as: UInt64.self) == 64)
    #expect(bytes.loadLE(at: 64, as: UInt64.self) == 0x12)
    #expect(bytes.loadLE(at: 72, as: UInt64.self) == 0x99)
    #expect(bytes.loadLE(at: 80, as: UInt64.self) == 0x4444)
    #expect(
      bytes.loadLE(at: 88, as: UInt64.self) == Checksum.xxh3(Array(bytes[0..<88]), seed: salt))
    #expect(Array(bytes[96..<104]) == ascii("CAIRNEND"))
    #expect(bytes.count == 104)
  }

  static let sample = SegmentFooter(
    recordCount: 30, lastSeq: Seq(30), lastBlockChecksum: 77, segmentChecksum: 88,
    entries: [
      IndexEntry(firstSeq: Seq(1), offset: 64), IndexEntry(firstSeq: Seq(11), offset: 500),
      IndexEntry(firstSeq: Seq(21), offset: 900),
    ])

  @Test("wrong salt, wrong offset, short input and wrong magic are refused")
  func refusals() {
    let bytes = Self.sample.encoded(footerOffset: 1400, salt: 5)
    #expect(Self.decode(bytes, footerOffset: 1400, salt: 6).failure?.caseName == "checksumMismatch")
    #expect(
      Self.decode(bytes, footerOffset: 1401, salt: 5).failure
        == .badField(name: "footer_offset", value: 1401))
    #expect(
      Self.decode(Array(bytes[0..<71]), footerOffset: 1400, salt: 5).failure
        == .incomplete(needed: 72, available: 71))
    // Cut short, the footer no longer ends in its trailer.
    #expect(
      Self.decode(Array(bytes.dropLast(16)), footerOffset: 1400, salt: 5).failure
        == .badMagic(expected: "CAIRNEND"))
    var trailer = bytes
    trailer[bytes.count - 1] ^= 0x20
    #expect(
      Self.decode(trailer, footerOffset: 1400, salt: 5).failure == .badMagic(expected: "CAIRNEND"))
    var reserved = bytes
    reserved.storeLE(UInt32(3), at: 12)
    #expect(
      Self.decode(Self.resealed(reserved, salt: 5), footerOffset: 1400, salt: 5).failure
        == .badField(name: "footer reserved", value: 3))
    var magic = bytes
    magic.replaceSubrange(0..<4, with: ascii("CBLK"))
    #expect(
      Self.decode(Self.resealed(magic, salt: 5), footerOffset: 1400, salt: 5).failure
        == .badMagic(expected: "CFTR"))
  }

  @Test("an absurd entry count is lengthOutOfRange, not an allocation")
  func absurdEntryCount() {
    var bytes = Self.sample.encoded(footerOffset: 1400, salt: 5)
    bytes.storeLE(UInt32.max, at: 8)
    #expect(
      Self.decode(Self.resealed(bytes, salt: 5), footerOffset: 1400, salt: 5).failure
        == .lengthOutOfRange(field: "footer entry_count", value: UInt64(UInt32.max), limit: 3))
  }

  @Test("the trailer's offset must lie inside the file")
  func trailerBounds() {
    func trailer(offset: UInt64, magic: UInt64 = SegmentFooter.trailerMagic) -> [UInt8] {
      var bytes = [UInt8](repeating: 0, count: 24)
      bytes.storeLE(offset, at: 0)
      bytes.storeLE(magic, at: 16)
      return bytes
    }
    func found(_ bytes: [UInt8], fileBytes: UInt64) -> UInt64? {
      bytes.withUnsafeBytes { SegmentFooter.footerOffset(trailer: $0, fileBytes: fileBytes) }
    }
    #expect(found(trailer(offset: 64), fileBytes: 136) == 64)
    #expect(found(trailer(offset: 64), fileBytes: 135) == nil)
    #expect(found(trailer(offset: 63), fileBytes: 1000) == nil)
    #expect(found(trailer(offset: 928), fileBytes: 1000) == 928)
    #expect(found(trailer(offset: 929), fileBytes: 1000) == nil)
    #expect(found(trailer(offset: .max), fileBytes: 1000) == nil)
    #expect(found(trailer(offset: 64), fileBytes: 0) == nil)
    #expect(found(trailer(offset: 100, magic: 0), fileBytes: 1000) == nil)
    #expect(found(Array(trailer(offset: 100).dropFirst()), fileBytes: 1000) == nil)
  }

  /// A footer is read from its offset to the end of the file, trailer included, so a
  /// decode that succeeds must have checked every one of those bytes.
  @Test("every single flipped bit in footer and trailer is rejected by decode")
  func everyBitFlip() {
    let footerOffset: UInt64 = 1400
    let bytes = Self.sample.encoded(footerOffset: footerOffset, salt: 5)
    var missed: [Int] = []
    for bit in 0..<(bytes.count * 8) {
      let flipped = bytes.flippingBit(bit)
      if Self.decode(flipped, footerOffset: footerOffset, salt: 5).failure == nil {
        missed.append(bit)
      }
    }
    #expect(
      missed.isEmpty,
      "\(missed.count) of \(bytes.count * 8) flips decode without error, at bytes \(Set(missed.map { $0 / 8 }).sorted())"
    )
  }

  @Test("every single flipped bit is caught by the trailer lookup or by decode")
  func everyBitFlipCaughtSomewhere() {
    let footerOffset: UInt64 = 1400
    let bytes = Self.sample.encoded(footerOffset: footerOffset, salt: 5)
    let fileBytes = footerOffset + UInt64(bytes.count)
    for bit in 0..<(bytes.count * 8) {
      let flipped = bytes.flippingBit(bit)
      let located = Self.trailerOffset(flipped, fileBytes: fileBytes)
      let decoded = Self.decode(flipped, footerOffset: located ?? footerOffset, salt: 5)
      #expect(located == nil || decoded.failure != nil, "bit \(bit % 8) of byte \(bit / 8)")
    }
  }
}
