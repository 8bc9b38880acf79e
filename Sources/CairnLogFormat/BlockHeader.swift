/// The 48-byte header in front of every block. docs/LOG_FORMAT.md, "Block".
public struct BlockHeader: Equatable, Hashable, Sendable {
  public static let magic = magic32("CBLK")
  public static let byteCount = 48
  /// Bytes from this offset of the header to the end of the payload are checksummed.
  public static let checksummedFrom = 16

  public enum Codec: UInt8, Sendable {
    case raw = 0
    case lz4 = 1
  }

  public var codec: Codec
  public var storedBytes: Int
  public var rawBytes: Int
  public var recordCount: Int
  public var firstSeq: Seq
  public var previousChecksum: UInt64
  public var checksum: UInt64

  public init(
    codec: Codec, storedBytes: Int, rawBytes: Int, recordCount: Int, firstSeq: Seq,
    previousChecksum: UInt64, checksum: UInt64
  ) {
    self.codec = codec
    self.storedBytes = storedBytes
    self.rawBytes = rawBytes
    self.recordCount = recordCount
    self.firstSeq = firstSeq
    self.previousChecksum = previousChecksum
    self.checksum = checksum
  }

  /// The block's size on disk: header and stored payload.
  public var totalBytes: Int { Self.byteCount + storedBytes }
  /// The sequence number of the block's last record.
  public var lastSeq: Seq { Seq(firstSeq.rawValue + UInt64(recordCount) - 1) }

  /// Writes the header fields (the checksum as given) into the first 48 bytes at `base`.
  public func store(into base: UnsafeMutableRawPointer) {
    base.storeLE(Self.magic, at: 0)
    base.storeLE(UInt32(0), at: 4)
    base.storeLE(checksum, at: 8)
    base.storeLE(codec.rawValue, at: 16)
    base.storeLE(UInt8(0), at: 17)
    base.storeLE(UInt16(0), at: 18)
    base.storeLE(UInt32(storedBytes), at: 20)
    base.storeLE(UInt32(rawBytes), at: 24)
    base.storeLE(UInt32(recordCount), at: 28)
    base.storeLE(firstSeq.rawValue, at: 32)
    base.storeLE(previousChecksum, at: 40)
  }

  /// Decodes the fixed fields and checks them against the segment's limits. The checksum
  /// is not verified here: that needs the payload (`BlockCodec.verify`).
  public static func decode(
    _ bytes: UnsafeRawBufferPointer, rawBytesMax: Int
  ) throws(FormatDefect) -> BlockHeader {
    guard bytes.count >= byteCount else {
      throw .incomplete(needed: byteCount, available: bytes.count)
    }
    guard bytes.loadLE(at: 0, as: UInt32.self) == magic else { throw .badMagic(expected: "CBLK") }
    let reserved = bytes.loadLE(at: 4, as: UInt32.self)
    guard reserved == 0 else { throw .badField(name: "block reserved", value: UInt64(reserved)) }
    let codecByte = bytes.loadLE(at: 16, as: UInt8.self)
    guard let codec = Codec(rawValue: codecByte) else {
      throw .badField(name: "codec", value: UInt64(codecByte))
    }
    let flags = bytes.loadLE(at: 17, as: UInt8.self)
    let reserved18 = bytes.loadLE(at: 18, as: UInt16.self)
    guard flags == 0, reserved18 == 0 else {
      throw .badField(name: "block flags", value: UInt64(flags) << 16 | UInt64(reserved18))
    }
    let storedBytes = Int(bytes.loadLE(at: 20, as: UInt32.self))
    let rawBytes = Int(bytes.loadLE(at: 24, as: UInt32.self))
    let recordCount = Int(bytes.loadLE(at: 28, as: UInt32.self))
    guard rawBytes <= rawBytesMax else {
      throw .lengthOutOfRange(
        field: "raw_bytes", value: UInt64(rawBytes), limit: UInt64(rawBytesMax))
    }
    // Compression is used only when it saves bytes, so stored never exceeds raw.
    guard codec == .lz4 ? storedBytes < rawBytes : storedBytes == rawBytes else {
      throw .lengthOutOfRange(
        field: "stored_bytes", value: UInt64(storedBytes), limit: UInt64(rawBytes))
    }
    // LZ4 cannot expand data more than ~255 times, so a larger claim is corrupt; checking
    // it here keeps a hostile header from making a reader allocate a huge buffer.
    guard codec == .raw || rawBytes <= storedBytes * 255 + 64 else {
      throw .lengthOutOfRange(
        field: "raw_bytes", value: UInt64(rawBytes), limit: UInt64(storedBytes * 255 + 64))
    }
    guard recordCount >= 1, recordCount * RecordFrame.headerByteCount <= rawBytes else {
      throw .badField(name: "record_count", value: UInt64(recordCount))
    }
    let firstSeq = bytes.loadLE(at: 32, as: UInt64.self)
    guard firstSeq >= 1, firstSeq <= UInt64.max - UInt64(recordCount) else {
      throw .badField(name: "first_seq", value: firstSeq)
    }
    return BlockHeader(
      codec: codec, storedBytes: storedBytes, rawBytes: rawBytes, recordCount: recordCount,
      firstSeq: Seq(firstSeq), previousChecksum: bytes.loadLE(at: 40, as: UInt64.self),
      checksum: bytes.loadLE(at: 8, as: UInt64.self))
  }
}
