import CLZ4

/// Accumulates framed records for one block and encodes it: compress, header, checksum.
///
/// One encoder serves every block of a writer, so its two buffers are allocated once and
/// grow only for a record larger than any before.
public final class BlockEncoder {
  public let blockBytesTarget: Int
  public private(set) var recordCount = 0
  public private(set) var firstSeq: Seq = .none
  /// Bytes of frames added since the last `encode`.
  public private(set) var rawByteCount = 0
  private var raw: UnsafeMutableRawBufferPointer
  private var output: UnsafeMutableRawBufferPointer

  public init(blockBytesTarget: Int) {
    precondition(blockBytesTarget >= FormatLimits.blockBytesTargetMin, "block target too small")
    self.blockBytesTarget = blockBytesTarget
    raw = .allocate(byteCount: blockBytesTarget + 4096, alignment: 16)
    output = .allocate(
      byteCount: BlockHeader.byteCount + Int(LZ4_compressBound(Int32(raw.count))), alignment: 16)
  }

  deinit {
    raw.deallocate()
    output.deallocate()
  }

  public var isEmpty: Bool { recordCount == 0 }

  /// Whether the block has reached its target and should be written.
  @inlinable public var isFull: Bool { rawByteCount >= blockBytesTarget }

  /// Whether a record with `payloadBytes` fits into the current block without passing the
  /// target. An empty block takes any record, however large.
  @inlinable
  public func fits(payloadBytes: Int) -> Bool {
    isEmpty || rawByteCount + RecordFrame.headerByteCount + payloadBytes <= blockBytesTarget
  }

  /// Adds a record. The caller writes the block first when `fits` says no.
  public func add(
    seq: Seq, recordedAtNanoseconds: Int64, kind: UInt16, schemaVersion: UInt16, flags: UInt16,
    causation: Seq, payload: UnsafeRawBufferPointer
  ) {
    if recordCount == 0 { firstSeq = seq }
    precondition(
      seq.rawValue == firstSeq.rawValue + UInt64(recordCount),
      "records must be added in dense sequence order")
    let frameBytes = RecordFrame.headerByteCount + payload.count
    if rawByteCount + frameBytes > raw.count { grow(to: rawByteCount + frameBytes) }
    let base = raw.baseAddress! + rawByteCount
    base.storeLE(UInt32(payload.count), at: 0)
    base.storeLE(kind, at: 4)
    base.storeLE(schemaVersion, at: 6)
    base.storeLE(flags, at: 8)
    base.storeLE(UInt16(0), at: 10)
    base.storeLE(recordedAtNanoseconds, at: 12)
    base.storeLE(causation.rawValue, at: 20)
    if payload.count > 0 {
      (base + RecordFrame.headerByteCount).copyMemory(
        from: payload.baseAddress!, byteCount: payload.count)
    }
    rawByteCount += frameBytes
    recordCount += 1
  }

  private func grow(to bytes: Int) {
    let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes, alignment: 16)
    if rawByteCount > 0 {
      larger.baseAddress!.copyMemory(from: raw.baseAddress!, byteCount: rawByteCount)
    }
    raw.deallocate()
    raw = larger
    output.deallocate()
    output = .allocate(
      byteCount: BlockHeader.byteCount + Int(LZ4_compressBound(Int32(bytes))), alignment: 16)
  }

  /// Encodes the pending records as one block chained to `previousChecksum` and salted
  /// with `salt`, and starts a new empty block. The returned bytes stay valid until the
  /// next call that changes the encoder.
  public func encode(previousChecksum: UInt64, salt: UInt64)
    -> (bytes: UnsafeRawBufferPointer, header: BlockHeader)
  {
    precondition(!isEmpty, "an empty block is never written")
    let rawCount = rawByteCount
    let payloadOut = output.baseAddress! + BlockHeader.byteCount
    let capacity = output.count - BlockHeader.byteCount
    let compressed = Int(
      LZ4_compress_default(
        raw.baseAddress!.assumingMemoryBound(to: CChar.self),
        payloadOut.assumingMemoryBound(to: CChar.self), Int32(rawCount), Int32(capacity)))
    var codec = BlockHeader.Codec.lz4
    var storedBytes = compressed
    if compressed <= 0 || compressed >= rawCount {
      // Compression did not pay (or failed): store the frames as they are.
      codec = .raw
      storedBytes = rawCount
      payloadOut.copyMemory(from: raw.baseAddress!, byteCount: rawCount)
    }
    var header = BlockHeader(
      codec: codec, storedBytes: storedBytes, rawBytes: rawCount, recordCount: recordCount,
      firstSeq: firstSeq, previousChecksum: previousChecksum, checksum: 0)
    header.store(into: output.baseAddress!)
    let block = UnsafeRawBufferPointer(start: output.baseAddress!, count: header.totalBytes)
    header.checksum = BlockCodec.computeChecksum(block: block, salt: salt)
    output.baseAddress!.storeLE(header.checksum, at: 8)
    rawByteCount = 0
    recordCount = 0
    firstSeq = .none
    return (block, header)
  }
}
