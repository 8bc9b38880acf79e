/// The footer a sealed segment ends with: its block index, counts, the whole-segment
/// checksum, and a fixed 24-byte trailer that lets a reader find the footer from the end.
/// docs/LOG_FORMAT.md, "Segment footer".
public struct SegmentFooter: Equatable, Sendable {
  public static let magic = magic32("CFTR")
  public static let trailerMagic = magic64("CAIRNEND")
  public static let fixedByteCount = 48
  public static let trailerByteCount = 24

  public var recordCount: UInt64
  public var lastSeq: Seq
  public var lastBlockChecksum: UInt64
  /// XXH3-64, seeded with the salt, of every byte of the segment before the footer.
  public var segmentChecksum: UInt64
  public var entries: [IndexEntry]

  public init(
    recordCount: UInt64, lastSeq: Seq, lastBlockChecksum: UInt64, segmentChecksum: UInt64,
    entries: [IndexEntry]
  ) {
    self.recordCount = recordCount
    self.lastSeq = lastSeq
    self.lastBlockChecksum = lastBlockChecksum
    self.segmentChecksum = segmentChecksum
    self.entries = entries
  }

  /// No footer, whatever a trailer claims, is read if it is larger than this: 4 Mi index
  /// entries, far more than a segment of the largest sensible roll size holds.
  public static let byteCountMax =
    fixedByteCount + (4 << 20) * IndexEntry.byteCount + trailerByteCount

  /// Bytes of the footer including its trailer.
  public var totalBytes: Int {
    Self.fixedByteCount + entries.count * IndexEntry.byteCount + Self.trailerByteCount
  }

  /// The footer and trailer as written at `footerOffset` in a segment with `salt`.
  public func encoded(footerOffset: UInt64, salt: UInt64) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(totalBytes)
    bytes.appendLE(Self.magic)
    bytes.appendLE(UInt32(0))
    bytes.appendLE(UInt32(entries.count))
    bytes.appendLE(UInt32(0))
    bytes.appendLE(recordCount)
    bytes.appendLE(lastSeq.rawValue)
    bytes.appendLE(lastBlockChecksum)
    bytes.appendLE(segmentChecksum)
    for entry in entries {
      bytes.appendLE(entry.firstSeq.rawValue)
      bytes.appendLE(entry.offset)
    }
    bytes.appendLE(footerOffset)
    bytes.appendLE(Checksum.xxh3(bytes, seed: salt))
    bytes.appendLE(Self.trailerMagic)
    assert(bytes.count == totalBytes)
    return bytes
  }

  /// Reads the trailer (the last 24 bytes of a segment) and returns the footer's offset,
  /// or nil when the segment has no trailer (it is not sealed).
  public static func footerOffset(
    trailer: UnsafeRawBufferPointer, fileBytes: UInt64
  ) -> UInt64? {
    guard trailer.count == trailerByteCount,
      trailer.loadLE(at: 16, as: UInt64.self) == trailerMagic
    else { return nil }
    let offset = trailer.loadLE(at: 0, as: UInt64.self)
    let smallest = UInt64(SegmentHeader.byteCount + fixedByteCount + trailerByteCount)
    guard fileBytes >= smallest, offset >= UInt64(SegmentHeader.byteCount),
      offset <= fileBytes - UInt64(fixedByteCount + trailerByteCount),
      fileBytes - offset <= UInt64(byteCountMax)
    else { return nil }
    return offset
  }

  /// Decodes and verifies a footer: `bytes` runs from the footer's offset to the end of
  /// the file.
  public static func decode(
    _ bytes: UnsafeRawBufferPointer, footerOffset: UInt64, salt: UInt64
  ) throws(FormatDefect) -> SegmentFooter {
    guard bytes.count >= fixedByteCount + trailerByteCount else {
      throw .incomplete(needed: fixedByteCount + trailerByteCount, available: bytes.count)
    }
    guard bytes.loadLE(at: 0, as: UInt32.self) == magic else { throw .badMagic(expected: "CFTR") }
    guard bytes.loadLE(at: bytes.count - 8, as: UInt64.self) == trailerMagic else {
      throw .badMagic(expected: "CAIRNEND")
    }
    let checksummed = bytes.count - 16
    let stored = bytes.loadLE(at: checksummed, as: UInt64.self)
    let computed = Checksum.xxh3(
      UnsafeRawBufferPointer(rebasing: bytes[0..<checksummed]), seed: salt)
    guard stored == computed else { throw .checksumMismatch(stored: stored, computed: computed) }
    guard bytes.loadLE(at: bytes.count - 24, as: UInt64.self) == footerOffset else {
      throw .badField(name: "footer_offset", value: footerOffset)
    }
    let reserved4 = bytes.loadLE(at: 4, as: UInt32.self)
    let reserved12 = bytes.loadLE(at: 12, as: UInt32.self)
    guard reserved4 == 0, reserved12 == 0 else {
      throw .badField(name: "footer reserved", value: UInt64(reserved4) << 32 | UInt64(reserved12))
    }
    let entryCount = Int(bytes.loadLE(at: 8, as: UInt32.self))
    guard fixedByteCount + entryCount * IndexEntry.byteCount + trailerByteCount == bytes.count
    else {
      throw .lengthOutOfRange(
        field: "footer entry_count", value: UInt64(entryCount),
        limit: UInt64((bytes.count - fixedByteCount - trailerByteCount) / IndexEntry.byteCount))
    }
    var entries: [IndexEntry] = []
    entries.reserveCapacity(entryCount)
    for index in 0..<entryCount {
      let at = fixedByteCount + index * IndexEntry.byteCount
      entries.append(
        IndexEntry(
          firstSeq: Seq(bytes.loadLE(at: at, as: UInt64.self)),
          offset: bytes.loadLE(at: at + 8, as: UInt64.self)))
    }
    return SegmentFooter(
      recordCount: bytes.loadLE(at: 16, as: UInt64.self),
      lastSeq: Seq(bytes.loadLE(at: 24, as: UInt64.self)),
      lastBlockChecksum: bytes.loadLE(at: 32, as: UInt64.self),
      segmentChecksum: bytes.loadLE(at: 40, as: UInt64.self),
      entries: entries)
  }
}
