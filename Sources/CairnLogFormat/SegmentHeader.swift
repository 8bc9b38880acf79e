/// The 64-byte header at offset 0 of every segment file. docs/LOG_FORMAT.md, "Segment header".
public struct SegmentHeader: Equatable, Hashable, Sendable {
  public static let magic = magic64("CAIRNSEG")
  public static let byteCount = 64

  public var formatVersion: UInt16
  /// Seeds every block checksum in the segment, so bytes left in a reused file by an
  /// earlier segment never verify.
  public var salt: UInt64
  /// The sequence number of the segment's first record; also its file name.
  public var baseSeq: Seq
  /// The checksum of the previous segment's last block (0 for the first segment). It is
  /// the chain's value before this segment's first block.
  public var previousChecksum: UInt64
  /// The largest record payload the writer allowed; readers bound block sizes with it.
  public var recordPayloadBytesMax: UInt32
  /// The writer's block target in uncompressed bytes.
  public var blockBytesTarget: UInt32

  public init(
    formatVersion: UInt16 = FormatLimits.formatVersion, salt: UInt64, baseSeq: Seq,
    previousChecksum: UInt64, recordPayloadBytesMax: UInt32, blockBytesTarget: UInt32
  ) {
    self.formatVersion = formatVersion
    self.salt = salt
    self.baseSeq = baseSeq
    self.previousChecksum = previousChecksum
    self.recordPayloadBytesMax = recordPayloadBytesMax
    self.blockBytesTarget = blockBytesTarget
  }

  /// The largest uncompressed block this segment may hold: a full block, or one record of
  /// the maximum size with its frame.
  public var blockRawBytesMax: Int {
    let single = Int(recordPayloadBytesMax) + RecordFrame.headerByteCount
    return min(max(Int(blockBytesTarget), single), FormatLimits.blockRawBytesHardMax)
  }

  public func encoded() -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(Self.byteCount)
    bytes.appendLE(Self.magic)
    bytes.appendLE(formatVersion)
    bytes.appendLE(UInt16(Self.byteCount))
    bytes.appendLE(UInt32(0))
    bytes.appendLE(salt)
    bytes.appendLE(baseSeq.rawValue)
    bytes.appendLE(previousChecksum)
    bytes.appendLE(recordPayloadBytesMax)
    bytes.appendLE(blockBytesTarget)
    bytes.appendLE(UInt64(0))
    bytes.appendLE(Checksum.xxh3(bytes))
    assert(bytes.count == Self.byteCount)
    return bytes
  }

  /// Decodes and verifies a header from the first bytes of a segment.
  public static func decode(_ bytes: UnsafeRawBufferPointer) throws(FormatDefect) -> SegmentHeader {
    guard bytes.count >= byteCount else {
      throw .incomplete(needed: byteCount, available: bytes.count)
    }
    guard bytes.loadLE(at: 0, as: UInt64.self) == magic else {
      throw .badMagic(expected: "CAIRNSEG")
    }
    // Every version keeps the magic, the version at byte 8 and the checksum of bytes 0..<56
    // at byte 56 (docs/LOG_FORMAT.md, "Format versioning"). So another version whose
    // header verifies is reported as unsupported, and a flipped bit in the version field,
    // which fails the checksum, as corruption.
    let version = bytes.loadLE(at: 8, as: UInt16.self)
    let stored = bytes.loadLE(at: 56, as: UInt64.self)
    let computed = Checksum.xxh3(UnsafeRawBufferPointer(rebasing: bytes[0..<56]))
    guard stored == computed else { throw .checksumMismatch(stored: stored, computed: computed) }
    guard version == FormatLimits.formatVersion else {
      throw .unsupportedVersion(found: version, supported: FormatLimits.formatVersion)
    }
    for (name, offset) in [("header reserved 12", 12), ("header reserved 48", 48)] {
      let value =
        offset == 12
        ? UInt64(bytes.loadLE(at: offset, as: UInt32.self))
        : bytes.loadLE(at: offset, as: UInt64.self)
      guard value == 0 else { throw .badField(name: name, value: value) }
    }
    let headerBytes = bytes.loadLE(at: 10, as: UInt16.self)
    guard headerBytes == byteCount else {
      throw .badField(name: "header_bytes", value: UInt64(headerBytes))
    }
    let baseSeq = bytes.loadLE(at: 24, as: UInt64.self)
    guard baseSeq >= 1 else { throw .badField(name: "base_seq", value: baseSeq) }
    let target = bytes.loadLE(at: 44, as: UInt32.self)
    guard target >= FormatLimits.blockBytesTargetMin else {
      throw .badField(name: "block_bytes_target", value: UInt64(target))
    }
    return SegmentHeader(
      formatVersion: version,
      salt: bytes.loadLE(at: 16, as: UInt64.self),
      baseSeq: Seq(baseSeq),
      previousChecksum: bytes.loadLE(at: 32, as: UInt64.self),
      recordPayloadBytesMax: bytes.loadLE(at: 40, as: UInt32.self),
      blockBytesTarget: target)
  }

  /// The file name of the segment whose first record is `baseSeq`: 20 digits and `.seg`.
  public static func fileName(baseSeq: Seq) -> String {
    let digits = String(baseSeq.rawValue)
    return String(repeating: "0", count: 20 - digits.count) + digits + ".seg"
  }

  /// The base sequence number a segment file name declares, or nil for other names.
  public static func baseSeq(fileName: String) -> Seq? {
    guard fileName.utf8.count == 24, fileName.hasSuffix(".seg") else { return nil }
    let digits = fileName.utf8.prefix(20)
    guard digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
    guard let value = UInt64(String(decoding: digits, as: UTF8.self)), value >= 1 else {
      return nil
    }
    return Seq(value)
  }
}
