import CLZ4

/// Verifies and decodes whole blocks. docs/LOG_FORMAT.md, "Block".
public enum BlockCodec {
  /// The checksum a block's bytes should carry: XXH3-64, seeded with the segment's salt,
  /// of everything from header byte 16 to the end of the stored payload.
  @inlinable
  public static func computeChecksum(block: UnsafeRawBufferPointer, salt: UInt64) -> UInt64 {
    Checksum.xxh3(
      UnsafeRawBufferPointer(rebasing: block[BlockHeader.checksummedFrom..<block.count]),
      seed: salt)
  }

  /// Checks that `block` (header and payload, exactly `header.totalBytes` bytes) carries a
  /// valid checksum for `salt`.
  public static func verify(
    block: UnsafeRawBufferPointer, header: BlockHeader, salt: UInt64
  ) throws(FormatDefect) {
    guard block.count >= header.totalBytes else {
      throw .incomplete(needed: header.totalBytes, available: block.count)
    }
    let exact = UnsafeRawBufferPointer(rebasing: block[0..<header.totalBytes])
    let computed = computeChecksum(block: exact, salt: salt)
    guard computed == header.checksum else {
      throw .checksumMismatch(stored: header.checksum, computed: computed)
    }
  }

  /// Decompresses (or copies) the payload of a verified block into `output`, which must
  /// hold at least `header.rawBytes` bytes, and returns the uncompressed bytes.
  public static func decompress(
    block: UnsafeRawBufferPointer, header: BlockHeader, into output: UnsafeMutableRawBufferPointer
  ) throws(FormatDefect) -> UnsafeRawBufferPointer {
    precondition(output.count >= header.rawBytes, "output buffer smaller than the block")
    let payload = UnsafeRawBufferPointer(
      rebasing: block[BlockHeader.byteCount..<header.totalBytes])
    switch header.codec {
    case .raw:
      if header.rawBytes > 0 {
        output.baseAddress!.copyMemory(from: payload.baseAddress!, byteCount: header.rawBytes)
      }
    case .lz4:
      let produced = LZ4_decompress_safe(
        payload.baseAddress!.assumingMemoryBound(to: CChar.self),
        output.baseAddress!.assumingMemoryBound(to: CChar.self),
        Int32(header.storedBytes), Int32(header.rawBytes))
      guard produced == Int32(header.rawBytes) else {
        throw .decompressionFailed(rawBytes: header.rawBytes)
      }
    }
    return UnsafeRawBufferPointer(start: output.baseAddress, count: header.rawBytes)
  }
}
