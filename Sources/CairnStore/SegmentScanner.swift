import CairnLogFormat

/// Reads a segment file into a `SegmentState`: the header, then either the footer of a
/// sealed segment or a verifying scan of its blocks, and a verdict on whatever follows the
/// last valid block. Never writes.
struct SegmentScanner {
  enum Mode {
    /// Trust a valid footer; verify the checksum of every block scanned.
    case open
    /// Verify everything: every block's checksum, decompression and record frames, and a
    /// footer's index and whole-segment checksum against the blocks.
    case verifyAll
  }

  /// Totals gathered by a `.verifyAll` scan.
  struct Totals {
    var blocks = 0
    var records: UInt64 = 0
    var rawBytes: UInt64 = 0
    var storedBytes: UInt64 = 0
  }

  let path: String
  let fileName: String
  let mode: Mode
  /// With `.open`: leave a sealed segment's index unread (`SegmentState.indexDeferred`).
  var deferSealedIndex = false
  private(set) var totals = Totals()
  /// Whether the scan started at a verified watermark instead of the first block.
  private(set) var resumedFromCache = false
  private var scratch: [UInt8] = []
  private var decompressed: [UInt8] = []

  init(path: String, fileName: String, mode: Mode) {
    self.path = path
    self.fileName = fileName
    self.mode = mode
  }

  /// Reads the segment. Returns nil when the file is too short to hold a header (left by a
  /// crash while a segment was being created); the caller decides whether that is a torn
  /// tail (the last segment) or corruption.
  mutating func load(cache: ActiveIndexCache? = nil) throws -> SegmentState? {
    let file = try PosixFile.openForReading(path)
    let size = try file.size()
    guard size >= UInt64(SegmentHeader.byteCount) else { return nil }
    let headerBytes = try file.readBytes(count: SegmentHeader.byteCount, at: 0)
    let header: SegmentHeader
    do {
      header = try headerBytes.withUnsafeBytes { bytes in
        try SegmentHeader.decode(bytes)
      }
    } catch FormatDefect.unsupportedVersion(let found, let supported) {
      throw LogError.unsupportedVersion(path: path, found: found, supported: supported)
    } catch {
      // A file of nothing but zeros is what a crash can leave where a new segment's
      // header was never written back: no data, so the caller treats it like a file too
      // short for a header.
      if try Self.isAllZero(file: file, size: size) { return nil }
      throw LogError.corruption(
        segment: fileName, offset: 0, defect: "segment header: \(error)")
    }
    if let named = SegmentHeader.baseSeq(fileName: fileName), named != header.baseSeq {
      throw LogError.corruption(
        segment: fileName, offset: 0,
        defect: "the header's base sequence number \(header.baseSeq) differs from the file name")
    }
    var state = SegmentState(
      path: path, fileName: fileName, header: header, entries: [],
      blocksEnd: UInt64(SegmentHeader.byteCount), lastChecksum: header.previousChecksum,
      nextSeq: header.baseSeq, footer: nil, fileBytes: size, tail: .clean)
    if mode == .open, let sealed = try loadSealed(file: file, state: state) {
      return sealed
    }
    if mode == .open, let cache {
      resumedFromCache = try resume(from: cache, file: file, state: &state)
    }
    try scanBlocks(file: file, state: &state)
    return state
  }

  static func isAllZero(file: PosixFile, size: UInt64) throws -> Bool {
    var offset: UInt64 = 0
    while offset < size {
      let bytes = try file.readBytes(count: Int(min(1 << 20, size - offset)), at: offset)
      if bytes.isEmpty { break }
      if bytes.contains(where: { $0 != 0 }) { return false }
      offset += UInt64(bytes.count)
    }
    return true
  }

  /// The fast path for a sealed segment: its trailer and footer, checked for consistency.
  private func loadSealed(file: PosixFile, state: SegmentState) throws -> SegmentState? {
    let size = state.fileBytes
    guard size >= UInt64(SegmentFooter.trailerByteCount) else { return nil }
    let trailer = try file.readBytes(
      count: SegmentFooter.trailerByteCount, at: size - UInt64(SegmentFooter.trailerByteCount))
    guard
      let footerOffset = trailer.withUnsafeBytes({
        SegmentFooter.footerOffset(trailer: $0, fileBytes: size)
      })
    else { return nil }
    if deferSealedIndex {
      return try loadSealedDeferringIndex(
        file: file, state: state, footerOffset: footerOffset)
    }
    let footerBytes = try file.readBytes(count: Int(size - footerOffset), at: footerOffset)
    guard
      let footer = try? footerBytes.withUnsafeBytes({ bytes in
        try SegmentFooter.decode(bytes, footerOffset: footerOffset, salt: state.header.salt)
      }),
      Self.footerIsConsistent(footer, header: state.header, footerOffset: footerOffset)
    else { return nil }
    var sealed = state
    sealed.entries = footer.entries
    sealed.blocksEnd = footerOffset
    sealed.lastChecksum = footer.lastBlockChecksum
    sealed.nextSeq = footer.lastSeq.next
    sealed.footer = footer
    return sealed
  }

  /// A sealed segment from the footer's fixed fields alone: counts, last sequence number
  /// and chain value. The index and the footer's checksum are checked when
  /// `loadDeferredIndex` reads them.
  private func loadSealedDeferringIndex(
    file: PosixFile, state: SegmentState, footerOffset: UInt64
  ) throws -> SegmentState? {
    let fixed = try file.readBytes(count: SegmentFooter.fixedByteCount, at: footerOffset)
    guard fixed.count == SegmentFooter.fixedByteCount else { return nil }
    return fixed.withUnsafeBytes { bytes -> SegmentState? in
      let entryCount = UInt64(bytes.loadLE(at: 8, as: UInt32.self))
      let recordCount = bytes.loadLE(at: 16, as: UInt64.self)
      let lastSeq = Seq(bytes.loadLE(at: 24, as: UInt64.self))
      let base = state.header.baseSeq
      guard bytes.loadLE(at: 0, as: UInt32.self) == SegmentFooter.magic, entryCount >= 1,
        UInt64(SegmentFooter.fixedByteCount) + entryCount * UInt64(IndexEntry.byteCount)
          + UInt64(SegmentFooter.trailerByteCount) == state.fileBytes - footerOffset,
        recordCount >= 1, lastSeq >= base, lastSeq.rawValue < UInt64.max,
        lastSeq.rawValue - base.rawValue == recordCount - 1
      else { return nil }
      var sealed = state
      sealed.blocksEnd = footerOffset
      sealed.lastChecksum = bytes.loadLE(at: 32, as: UInt64.self)
      sealed.nextSeq = lastSeq.next
      sealed.footer = SegmentFooter(
        recordCount: recordCount, lastSeq: lastSeq, lastBlockChecksum: sealed.lastChecksum,
        segmentChecksum: bytes.loadLE(at: 40, as: UInt64.self), entries: [])
      sealed.indexDeferred = true
      return sealed
    }
  }

  /// Reads and verifies the footer of a segment opened with its index deferred, and
  /// fills in its entries; a footer that does not verify, or disagrees with the fixed
  /// fields the open trusted, is corruption at the footer's offset.
  static func loadDeferredIndex(_ state: inout SegmentState, file: PosixFile) throws {
    guard state.indexDeferred, let trusted = state.footer else { return }
    let footerOffset = state.blocksEnd
    let bytes = try file.readBytes(count: Int(state.fileBytes - footerOffset), at: footerOffset)
    let footer: SegmentFooter
    do {
      footer = try bytes.withUnsafeBytes { raw in
        try SegmentFooter.decode(raw, footerOffset: footerOffset, salt: state.header.salt)
      }
    } catch {
      throw LogError.corruption(
        segment: state.fileName, offset: footerOffset, defect: "footer: \(error)")
    }
    guard footer.lastSeq == trusted.lastSeq, footer.recordCount == trusted.recordCount,
      footer.lastBlockChecksum == trusted.lastBlockChecksum,
      footerIsConsistent(footer, header: state.header, footerOffset: footerOffset)
    else {
      throw LogError.corruption(
        segment: state.fileName, offset: footerOffset,
        defect: "footer: its index is inconsistent with the segment")
    }
    state.entries = footer.entries
    state.footer = footer
    state.indexDeferred = false
  }

  static func footerIsConsistent(
    _ footer: SegmentFooter, header: SegmentHeader, footerOffset: UInt64
  ) -> Bool {
    // Crafted counts must not trap: compare without overflow.
    guard let first = footer.entries.first, first.firstSeq == header.baseSeq,
      first.offset == UInt64(SegmentHeader.byteCount), footer.recordCount >= 1,
      footer.lastSeq >= header.baseSeq,
      footer.lastSeq.rawValue - header.baseSeq.rawValue == footer.recordCount - 1,
      footer.lastSeq >= footer.entries.last!.firstSeq, footer.lastSeq.rawValue < UInt64.max
    else { return false }
    for index in footer.entries.indices.dropFirst() {
      let previous = footer.entries[index - 1]
      let entry = footer.entries[index]
      guard entry.firstSeq > previous.firstSeq, entry.offset > previous.offset,
        entry.offset < footerOffset
      else { return false }
    }
    return true
  }

  /// Whether index entries start at the first block and ascend strictly in both sequence
  /// number and offset: a cache file is input like any other and may be hostile.
  static func entriesAreOrdered(_ entries: [IndexEntry], state: SegmentState) -> Bool {
    guard let first = entries.first, first.firstSeq == state.header.baseSeq,
      first.offset == UInt64(SegmentHeader.byteCount)
    else { return false }
    for index in entries.indices.dropFirst() {
      let previous = entries[index - 1]
      guard entries[index].firstSeq > previous.firstSeq,
        entries[index].offset >= previous.offset + UInt64(BlockHeader.byteCount)
      else { return false }
    }
    return true
  }

  /// Starts the scan at the cache's watermark if the cache describes this segment and the
  /// block just before the watermark still verifies.
  private mutating func resume(
    from cache: ActiveIndexCache, file: PosixFile, state: inout SegmentState
  ) throws -> Bool {
    guard cache.baseSeq == state.header.baseSeq, cache.salt == state.header.salt,
      cache.verifiedEnd <= state.fileBytes, let last = cache.entries.last,
      last.offset < cache.verifiedEnd, Self.entriesAreOrdered(cache.entries, state: state)
    else { return false }
    let blockBytes = Int(cache.verifiedEnd - last.offset)
    guard blockBytes >= BlockHeader.byteCount,
      blockBytes <= state.header.blockRawBytesMax + BlockHeader.byteCount
    else { return false }
    let block = try file.readBytes(count: blockBytes, at: last.offset)
    let verified = block.withUnsafeBytes { bytes -> Bool in
      guard
        let header = try? BlockHeader.decode(
          bytes, rawBytesMax: state.header.blockRawBytesMax),
        header.totalBytes == blockBytes, header.checksum == cache.lastChecksum,
        header.firstSeq == last.firstSeq, header.lastSeq.next == cache.nextSeq
      else { return false }
      return (try? BlockCodec.verify(block: bytes, header: header, salt: state.header.salt)) != nil
    }
    guard verified else { return false }
    state.entries = cache.entries
    state.blocksEnd = cache.verifiedEnd
    state.lastChecksum = cache.lastChecksum
    state.nextSeq = cache.nextSeq
    return true
  }

  /// Verifies blocks from `state.blocksEnd` to the end of the file, stopping at a footer or
  /// at the first invalid byte, which it classifies as a torn tail or corruption.
  private mutating func scanBlocks(file: PosixFile, state: inout SegmentState) throws {
    let size = state.fileBytes
    let rawBytesMax = state.header.blockRawBytesMax
    var footerChecksum: StreamingChecksum?
    if mode == .verifyAll {
      footerChecksum = StreamingChecksum(seed: state.header.salt)
      let headerBytes = try file.readBytes(count: SegmentHeader.byteCount, at: 0)
      footerChecksum!.update(headerBytes)
    }
    while state.blocksEnd < size {
      let offset = state.blocksEnd
      let available = size - offset
      let headerBytes = try file.readBytes(
        count: Int(min(UInt64(BlockHeader.byteCount), available)), at: offset)
      if headerBytes.count >= 4,
        headerBytes.withUnsafeBytes({ $0.loadLE(at: 0, as: UInt32.self) }) == SegmentFooter.magic
      {
        switch try checkFooter(file: file, state: state, at: offset, checksum: footerChecksum) {
        case .valid(let footer):
          state.footer = footer
          return
        case .invalid(let defect):
          try classifyInvalid(file: file, state: &state, offset: offset, defect: defect)
          return
        }
      }
      let header: BlockHeader
      do {
        header = try headerBytes.withUnsafeBytes { bytes in
          try BlockHeader.decode(bytes, rawBytesMax: rawBytesMax)
        }
      } catch {
        try classifyInvalid(file: file, state: &state, offset: offset, defect: "block: \(error)")
        return
      }
      guard UInt64(header.totalBytes) <= available else {
        let defect = FormatDefect.incomplete(needed: header.totalBytes, available: Int(available))
        try classifyInvalid(file: file, state: &state, offset: offset, defect: "block: \(defect)")
        return
      }
      if let defect = try verifyBlock(file: file, header: header, at: offset, state: state) {
        try classifyInvalid(file: file, state: &state, offset: offset, defect: defect)
        return
      }
      if let footerChecksum {
        scratch.withUnsafeBytes {
          footerChecksum.update(UnsafeRawBufferPointer(rebasing: $0[0..<header.totalBytes]))
        }
      }
      state.entries.append(IndexEntry(firstSeq: header.firstSeq, offset: offset))
      state.blocksEnd = offset + UInt64(header.totalBytes)
      state.lastChecksum = header.checksum
      state.nextSeq = header.lastSeq.next
    }
  }

  /// Reads and checks one block whose header decoded; returns the defect, if any.
  private mutating func verifyBlock(
    file: PosixFile, header: BlockHeader, at offset: UInt64, state: SegmentState
  ) throws -> String? {
    if scratch.count < header.totalBytes {
      scratch = [UInt8](repeating: 0, count: header.totalBytes)
    }
    let got = try scratch.withUnsafeMutableBytes { buffer throws in
      try file.read(
        into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<header.totalBytes]), at: offset)
    }
    guard got == header.totalBytes else {
      return "block: \(FormatDefect.incomplete(needed: header.totalBytes, available: got))"
    }
    let salt = state.header.salt
    let checked: String? = scratch.withUnsafeBytes { buffer in
      let block = UnsafeRawBufferPointer(rebasing: buffer[0..<header.totalBytes])
      do {
        try BlockCodec.verify(block: block, header: header, salt: salt)
      } catch {
        return "block: \(error)"
      }
      return nil
    }
    if let checked { return checked }
    guard header.previousChecksum == state.lastChecksum else {
      return
        "block chain broken: the block names previous checksum \(hex16(header.previousChecksum)) "
        + "but the block before it has \(hex16(state.lastChecksum))"
    }
    guard header.firstSeq == state.nextSeq else {
      return "block starts at sequence number \(header.firstSeq), expected \(state.nextSeq)"
    }
    if mode == .verifyAll {
      if let defect = decodeRecords(header: header) { return defect }
      totals.blocks += 1
      totals.records += UInt64(header.recordCount)
      totals.rawBytes += UInt64(header.rawBytes)
      totals.storedBytes += UInt64(header.totalBytes)
    }
    return nil
  }

  /// Decompresses the block in `scratch` and walks its record frames.
  private mutating func decodeRecords(header: BlockHeader) -> String? {
    if decompressed.count < header.rawBytes {
      decompressed = [UInt8](repeating: 0, count: header.rawBytes)
    }
    return scratch.withUnsafeBytes { block in
      decompressed.withUnsafeMutableBytes { output in
        do {
          let raw = try BlockCodec.decompress(block: block, header: header, into: output)
          _ = try RecordFrame.forEach(
            in: raw, firstSeq: header.firstSeq, recordCount: header.recordCount
          ) { _ in true }
          return nil
        } catch {
          return "block payload: \(error)"
        }
      }
    }
  }

  private enum FooterCheck {
    case valid(SegmentFooter)
    case invalid(String)
  }

  /// Checks a footer found where the next block would start against the scanned blocks.
  private func checkFooter(
    file: PosixFile, state: SegmentState, at offset: UInt64, checksum: StreamingChecksum?
  ) throws -> FooterCheck {
    let size = state.fileBytes
    guard size - offset >= UInt64(SegmentFooter.fixedByteCount + SegmentFooter.trailerByteCount)
    else {
      return .invalid(
        "footer: \(FormatDefect.incomplete(needed: SegmentFooter.fixedByteCount + SegmentFooter.trailerByteCount, available: Int(size - offset)))"
      )
    }
    guard size - offset <= UInt64(SegmentFooter.byteCountMax) else {
      return .invalid(
        "footer: \(FormatDefect.lengthOutOfRange(field: "footer", value: size - offset, limit: UInt64(SegmentFooter.byteCountMax)))"
      )
    }
    let bytes = try file.readBytes(count: Int(size - offset), at: offset)
    let footer: SegmentFooter
    do {
      footer = try bytes.withUnsafeBytes { raw in
        try SegmentFooter.decode(raw, footerOffset: offset, salt: state.header.salt)
      }
    } catch {
      return .invalid("footer: \(error)")
    }
    guard footer.entries == state.entries, footer.lastBlockChecksum == state.lastChecksum,
      footer.lastSeq.next == state.nextSeq, footer.recordCount == state.recordCount
    else { return .invalid("footer: its index and counts do not match the segment's blocks") }
    if let checksum, checksum.digest() != footer.segmentChecksum {
      return .invalid(
        "footer: whole-segment checksum mismatch (stored \(hex16(footer.segmentChecksum)), "
          + "computed \(hex16(checksum.digest())))")
    }
    return .valid(footer)
  }

  /// Decides whether invalid bytes at `offset` are a torn tail (nothing valid after them)
  /// or corruption (a valid block or footer follows).
  private mutating func classifyInvalid(
    file: PosixFile, state: inout SegmentState, offset: UInt64, defect: String
  ) throws {
    if try validDataExists(file: file, state: state, after: offset) {
      state.tail = .corrupt(offset: offset, defect: defect)
    } else {
      state.tail = .torn(offset: offset, bytes: state.fileBytes - offset, defect: defect)
    }
  }

  /// Whether any block that verifies under this segment's salt, or a valid trailer and
  /// footer, starts after `offset`.
  private mutating func validDataExists(
    file: PosixFile, state: SegmentState, after offset: UInt64
  ) throws -> Bool {
    let size = state.fileBytes
    if size >= offset + UInt64(SegmentFooter.trailerByteCount),
      try loadSealed(file: file, state: state) != nil
    {
      return true
    }
    let chunkBytes = 1 << 20
    var chunkStart = offset + 1
    let magic = BlockHeader.magic
    while chunkStart + 4 <= size {
      let count = Int(min(UInt64(chunkBytes + 3), size - chunkStart))
      let chunk = try file.readBytes(count: count, at: chunkStart)
      var candidates: [UInt64] = []
      chunk.withUnsafeBytes { bytes in
        var index = 0
        while index + 4 <= bytes.count {
          if bytes[index] == 0x43, bytes.loadLE(at: index, as: UInt32.self) == magic {
            candidates.append(chunkStart + UInt64(index))
          }
          index += 1
        }
      }
      for candidate in candidates where try blockVerifies(file: file, state: state, at: candidate) {
        return true
      }
      chunkStart += UInt64(chunkBytes)
    }
    return false
  }

  private func blockVerifies(file: PosixFile, state: SegmentState, at offset: UInt64)
    throws -> Bool
  {
    let headerBytes = try file.readBytes(count: BlockHeader.byteCount, at: offset)
    guard
      let header = try? headerBytes.withUnsafeBytes({ bytes in
        try BlockHeader.decode(bytes, rawBytesMax: state.header.blockRawBytesMax)
      }), offset + UInt64(header.totalBytes) <= state.fileBytes
    else { return false }
    let block = try file.readBytes(count: header.totalBytes, at: offset)
    return block.withUnsafeBytes { bytes in
      (try? BlockCodec.verify(block: bytes, header: header, salt: state.header.salt)) != nil
    }
  }
}
