import CairnLogFormat
import Testing

@Suite("BlockEncoder, BlockCodec and RecordFrame: records through whole blocks")
struct BlockCodecTests {
  struct EncodedBlock {
    var bytes: [UInt8]
    var header: BlockHeader
  }

  /// Encodes records the way the writer does: a block is written when the next record
  /// does not fit or the block reached its target. Each block chains to the one before.
  static func encodeAll(_ records: [LogRecord], target: Int, salt: UInt64) -> [EncodedBlock] {
    let encoder = BlockEncoder(blockBytesTarget: target)
    var blocks: [EncodedBlock] = []
    var previous: UInt64 = 0
    func flush() {
      let (bytes, header) = encoder.encode(previousChecksum: previous, salt: salt)
      blocks.append(EncodedBlock(bytes: Array(bytes), header: header))
      previous = header.checksum
    }
    for record in records {
      if !encoder.fits(payloadBytes: record.payload.count) { flush() }
      record.payload.withUnsafeBytes { payload in
        encoder.add(
          seq: record.seq, recordedAtNanoseconds: record.recordedAtNanoseconds, kind: record.kind,
          schemaVersion: record.schemaVersion, flags: record.flags, causation: record.causation,
          payload: payload)
      }
      if encoder.isFull { flush() }
    }
    if !encoder.isEmpty { flush() }
    return blocks
  }

  /// Decodes, verifies and decompresses one block and returns its records, checking on
  /// the way that the decoded header is the encoder's and that the frames account for
  /// every record. (No `#expect` inside the closures: see StoreTestSupport.swift in
  /// CairnStoreTests for the Swift 6.3.1 closure-discriminator problem.)
  static func decodeBlock(_ block: EncodedBlock, rawBytesMax: Int, salt: UInt64) throws
    -> [LogRecord]
  {
    let header = try block.bytes.withUnsafeBytes {
      try BlockHeader.decode($0, rawBytesMax: rawBytesMax)
    }
    #expect(header == block.header)
    #expect(header.totalBytes == block.bytes.count)
    try block.bytes.withUnsafeBytes { try BlockCodec.verify(block: $0, header: header, salt: salt) }
    let output = UnsafeMutableRawBufferPointer.allocate(
      byteCount: max(header.rawBytes, 1), alignment: 16)
    defer { output.deallocate() }
    let raw = try block.bytes.withUnsafeBytes {
      try BlockCodec.decompress(block: $0, header: header, into: output)
    }
    #expect(raw.count == header.rawBytes)
    var records: [LogRecord] = []
    let completed = try RecordFrame.forEach(
      in: raw, firstSeq: header.firstSeq, recordCount: header.recordCount
    ) { view in
      records.append(view.record())
      return true
    }
    #expect(completed)
    #expect(records.count == header.recordCount)
    return records
  }

  enum PayloadStyle {
    case noise
    case text
  }

  /// Seeded records with every header field varied and payloads from 0 bytes up.
  static func records(seed: UInt64, sizes: [(Int, PayloadStyle)]) -> [LogRecord] {
    var random = SeededRandom(seed: seed)
    return sizes.enumerated().map { index, entry in
      let (size, style) = entry
      let seq = UInt64(index + 1)
      return LogRecord(
        seq: Seq(seq), recordedAtNanoseconds: Int64(bitPattern: random.next()),
        kind: UInt16(truncatingIfNeeded: random.next()),
        schemaVersion: UInt16(truncatingIfNeeded: random.next()),
        flags: UInt16(truncatingIfNeeded: random.next()),
        causation: Seq(random.next() % seq),
        payload: style == .noise ? random.bytes(size) : random.text(size))
    }
  }

  @Test("seeded records from 0 bytes to a few MiB round-trip through blocks")
  func roundTrip() throws {
    var random = SeededRandom(seed: 51)
    var sizes: [(Int, PayloadStyle)] = []
    for index in 0..<400 {
      let style: PayloadStyle = random.next() % 3 == 0 ? .noise : .text
      switch index {
      case 100: sizes.append((1 << 20, .noise))
      case 200: sizes.append((3 << 20, .text))
      case 300: sizes.append(((5 << 20) / 2, .noise))
      default:
        let size =
          index % 9 == 0 ? 0 : (index % 37 == 0 ? 10_000 + random.below(60_000) : random.below(700))
        sizes.append((size, style))
      }
    }
    let records = Self.records(seed: 52, sizes: sizes)
    let salt: UInt64 = 0x5A17
    let blocks = Self.encodeAll(records, target: 4096, salt: salt)
    let rawBytesMax = 3 << 20 + RecordFrame.headerByteCount
    var decoded: [LogRecord] = []
    var previous: UInt64 = 0
    var nextSeq = Seq.first
    for block in blocks {
      #expect(block.header.previousChecksum == previous)
      #expect(block.header.firstSeq == nextSeq)
      previous = block.header.checksum
      nextSeq = block.header.lastSeq.next
      decoded += try Self.decodeBlock(block, rawBytesMax: rawBytesMax, salt: salt)
    }
    #expect(decoded == records)
    // The large records each fill a block of their own; noise is stored raw, text is
    // compressed.
    for (seq, codec) in [(101, BlockHeader.Codec.raw), (201, .lz4), (301, .raw)] {
      let block = try #require(blocks.first { $0.header.firstSeq == Seq(UInt64(seq)) })
      #expect(block.header.recordCount == 1)
      #expect(block.header.codec == codec)
      #expect(block.header.rawBytes == records[seq - 1].payload.count + 28)
      if codec == .raw {
        #expect(block.header.storedBytes == block.header.rawBytes)
      } else {
        #expect(block.header.storedBytes < block.header.rawBytes / 2)
      }
    }
    #expect(blocks.contains { $0.header.codec == .lz4 && $0.header.recordCount > 1 })
  }

  @Test("a block of incompressible noise is stored raw, byte for byte")
  func incompressibleIsRaw() throws {
    let records = Self.records(seed: 53, sizes: [(300, .noise), (200, .noise)])
    let blocks = Self.encodeAll(records, target: 256, salt: 9)
    #expect(blocks.count == 2)
    for (block, record) in zip(blocks, records) {
      #expect(block.header.codec == .raw)
      #expect(block.header.storedBytes == record.payload.count + 28)
      #expect(Array(block.bytes[(48 + 28)...]) == record.payload)
      #expect(try Self.decodeBlock(block, rawBytesMax: 1000, salt: 9) == [record])
    }
  }

  @Test("empty payloads round-trip")
  func emptyPayloads() throws {
    let records = Self.records(seed: 54, sizes: Array(repeating: (0, .text), count: 20))
    let blocks = Self.encodeAll(records, target: 256, salt: 1)
    // 9 frames of 28 bytes fill 252 of 256 bytes; a 10th would pass the target.
    #expect(blocks.map(\.header.recordCount) == [9, 9, 2])
    var decoded: [LogRecord] = []
    for block in blocks { decoded += try Self.decodeBlock(block, rawBytesMax: 256, salt: 1) }
    #expect(decoded == records)
  }

  @Test("fits and isFull follow the block target")
  func fitsAndFull() {
    let encoder = BlockEncoder(blockBytesTarget: 256)
    #expect(encoder.isEmpty)
    #expect(encoder.fits(payloadBytes: 10_000_000))
    let payload = [UInt8](repeating: 7, count: 100)
    payload.withUnsafeBytes { bytes in
      encoder.add(
        seq: Seq(5), recordedAtNanoseconds: 0, kind: 0, schemaVersion: 0, flags: 0,
        causation: .none, payload: bytes)
    }
    #expect(encoder.rawByteCount == 128)
    #expect(encoder.firstSeq == Seq(5))
    #expect(!encoder.isFull)
    #expect(encoder.fits(payloadBytes: 100))
    #expect(!encoder.fits(payloadBytes: 101))
    payload.withUnsafeBytes { bytes in
      encoder.add(
        seq: Seq(6), recordedAtNanoseconds: 0, kind: 0, schemaVersion: 0, flags: 0,
        causation: .none, payload: bytes)
    }
    #expect(encoder.isFull)
    let (_, header) = encoder.encode(previousChecksum: 0, salt: 0)
    #expect(header.recordCount == 2)
    #expect(header.rawBytes == 256)
    #expect(encoder.isEmpty)
    #expect(encoder.rawByteCount == 0)
    #expect(encoder.firstSeq == .none)
  }

  @Test("the checksum is seeded with the salt and covers bytes 16 onwards")
  func saltedChecksum() throws {
    let records = Self.records(seed: 55, sizes: [(500, .text), (300, .text)])
    let block = try #require(Self.encodeAll(records, target: 4096, salt: 77).first)
    let bytes = block.bytes
    let expected = Checksum.xxh3(Array(bytes[16...]), seed: 77)
    #expect(block.header.checksum == expected)
    #expect(bytes.loadLE(at: 8, as: UInt64.self) == expected)
    func verify(_ bytes: [UInt8], salt: UInt64) -> FormatDefect? {
      defect {
        try bytes.withUnsafeBytes {
          try BlockCodec.verify(block: $0, header: block.header, salt: salt)
        }
      }
    }
    #expect(verify(bytes, salt: 77) == nil)
    #expect(verify(bytes, salt: 78)?.caseName == "checksumMismatch")
    #expect(verify(bytes, salt: 0)?.caseName == "checksumMismatch")
    #expect(
      verify(Array(bytes.dropLast()), salt: 77)
        == .incomplete(needed: bytes.count, available: bytes.count - 1))
    // Trailing bytes after the block are not part of it.
    #expect(verify(bytes + [1, 2, 3], salt: 77) == nil)
  }

  /// Every bit of a block is covered: magic and reserved by decode, the checksum field by
  /// the comparison, bytes 16 onwards by the checksum itself.
  @Test(
    "a single flipped bit anywhere in a block fails decode or verify",
    arguments: [BlockHeader.Codec.lz4, .raw])
  func everyBitFlip(codec: BlockHeader.Codec) throws {
    // LZ4 finds matches even in a few frame headers, so the raw case is one frame of noise.
    let sizes: [(Int, PayloadStyle)] =
      codec == .lz4 ? [(120, .text), (0, .text), (200, .text)] : [(300, .noise)]
    let records = Self.records(seed: 56, sizes: sizes)
    let block = try #require(Self.encodeAll(records, target: 4096, salt: 3).first)
    #expect(block.header.codec == codec)
    let salt: UInt64 = 3
    var caught = 0
    for bit in 0..<(block.bytes.count * 8) {
      let flipped = block.bytes.flippingBit(bit)
      let rejected = flipped.withUnsafeBytes { bytes -> Bool in
        guard let header = try? BlockHeader.decode(bytes, rawBytesMax: 4096) else { return true }
        return defect { try BlockCodec.verify(block: bytes, header: header, salt: salt) } != nil
      }
      if rejected {
        caught += 1
      } else {
        Issue.record("flipping bit \(bit % 8) of byte \(bit / 8) went unnoticed")
      }
    }
    #expect(caught == block.bytes.count * 8)
  }

  @Test("an LZ4 payload that does not decompress to its length is decompressionFailed")
  func decompressionFailure() throws {
    var random = SeededRandom(seed: 57)
    let stored = 100
    var header = BlockHeader(
      codec: .lz4, storedBytes: stored, rawBytes: 1000, recordCount: 1, firstSeq: .first,
      previousChecksum: 0, checksum: 0)
    var bytes = [UInt8](repeating: 0, count: 48) + random.bytes(stored)
    bytes.withUnsafeMutableBytes { header.store(into: $0.baseAddress!) }
    header.checksum = bytes.withUnsafeBytes { BlockCodec.computeChecksum(block: $0, salt: 0) }
    bytes.storeLE(header.checksum, at: 8)
    let decoded = try bytes.withUnsafeBytes { try BlockHeader.decode($0, rawBytesMax: 1000) }
    #expect(decoded == header)
    try bytes.withUnsafeBytes { try BlockCodec.verify(block: $0, header: decoded, salt: 0) }
    let output = UnsafeMutableRawBufferPointer.allocate(byteCount: 1000, alignment: 16)
    defer { output.deallocate() }
    let failure = defect {
      try bytes.withUnsafeBytes {
        try BlockCodec.decompress(block: $0, header: decoded, into: output)
      }
    }
    #expect(failure == .decompressionFailed(rawBytes: 1000))
  }

  @Test("one encoder serves many blocks, growing for a large record and reusing its buffers")
  func encoderReuse() throws {
    var sizes: [(Int, PayloadStyle)] = []
    for round in 0..<5 {
      sizes += Array(repeating: (50, .text), count: 30)
      sizes.append((100_000 * (round + 1), round % 2 == 0 ? .text : .noise))
    }
    let records = Self.records(seed: 58, sizes: sizes)
    let blocks = Self.encodeAll(records, target: 1024, salt: 11)
    var decoded: [LogRecord] = []
    for block in blocks {
      decoded += try Self.decodeBlock(block, rawBytesMax: 500_028, salt: 11)
    }
    #expect(decoded == records)
  }
}
