import CairnLogFormat

/// Reads a log directory without ever writing to it or taking its lock, so it works while
/// a writer appends: it sees the consistent prefix that was complete when it opened.
///
/// Reading from any sequence number decompresses at most one block before the target:
/// the sparse index (footers of sealed segments, a scan or the watermark for the active
/// one) gives the block's offset.
public final class LogReader {
  public let directory: String
  /// The torn tail that ends the readable prefix, if any (a reader never cuts it).
  public let tornTail: TornTail?
  private(set) var segments: [SegmentState]
  private var files: [Int: PosixFile] = [:]
  private var chunk = ReusableBuffer()
  private var decompressed = ReusableBuffer()

  /// The torn bytes that end a log: where, how many and why.
  public struct TornTail: Equatable, Sendable {
    public var segment: String
    public var offset: UInt64
    public var bytes: UInt64
    public var defect: String
  }

  /// Opens the log for reading. Throws `LogError.corruption` when invalid data is followed
  /// by valid data, `.unsupportedVersion` for a format this build does not read.
  public init(directory: String) throws {
    self.directory = directory
    let layout = try LogLayout.load(
      directory: directory, mode: .open, deferSealedIndexes: true)
    segments = layout.segments
    tornTail = layout.tornTail.map {
      TornTail(segment: $0.fileName, offset: $0.offset, bytes: $0.bytes, defect: $0.defect)
    }
  }

  /// How many segment files a directory holds (0 when it does not exist).
  public static func segmentFileCount(directory: String) throws -> Int {
    guard FileSystem.isDirectory(directory) else { return 0 }
    return try LogLayout.segmentFileNames(directory: directory).count
  }

  /// The sequence number of the last readable record (`Seq.none` for an empty log).
  public var lastSeq: Seq { Seq((segments.last?.nextSeq.rawValue ?? 1) - 1) }
  public var segmentCount: Int { segments.count }
  public var sealedSegmentCount: Int { segments.filter(\.isSealed).count }
  /// Entries in the sparse index: one per block.
  /// Entries in the sparse index (reads every deferred footer).
  public func indexEntryCount() throws -> Int {
    for index in segments.indices { try loadIndex(index) }
    return segments.reduce(0) { $0 + $1.entries.count }
  }

  /// Makes sure segment `index` has its block index (a sealed segment's is read and
  /// verified the first time a read needs it).
  private func loadIndex(_ index: Int) throws {
    guard segments[index].indexDeferred else { return }
    try SegmentScanner.loadDeferredIndex(&segments[index], file: try file(for: index))
  }
  /// A segment as the reader sees it.
  public struct SegmentSummary: Equatable, Sendable {
    public var fileName: String
    public var path: String
    public var baseSeq: Seq
    public var lastSeq: Seq
    public var sealed: Bool
    /// The checksum of its last block: the chain value after it.
    public var lastChecksum: UInt64
  }

  /// The segments in order (a fork's shared parent segments first).
  public var segmentSummaries: [SegmentSummary] {
    segments.map {
      SegmentSummary(
        fileName: $0.fileName, path: $0.path, baseSeq: $0.baseSeq, lastSeq: $0.lastSeq,
        sealed: $0.isSealed, lastChecksum: $0.lastChecksum)
    }
  }

  /// One block a read would touch: where it is and what it holds.
  public struct BlockSpan: Equatable, Sendable {
    public var segment: String
    public var offset: UInt64
    public var storedBytes: UInt64
    public var firstSeq: Seq
    public var lastSeq: Seq
  }

  /// The blocks holding records `from` through `through`, from the index alone (nothing
  /// is read): what a resume that replays that range will read.
  public func blockSpans(from: Seq, through: Seq) throws -> [BlockSpan] {
    var spans: [BlockSpan] = []
    for index in segments.indices
    where segments[index].baseSeq <= through && segments[index].lastSeq >= from {
      try loadIndex(index)
    }
    for segment in segments where segment.baseSeq <= through && segment.lastSeq >= from {
      for (index, entry) in segment.entries.enumerated() {
        let last =
          index + 1 < segment.entries.count
          ? Seq(segment.entries[index + 1].firstSeq.rawValue - 1) : segment.lastSeq
        guard last >= from, entry.firstSeq <= through else { continue }
        spans.append(
          BlockSpan(
            segment: segment.fileName, offset: entry.offset,
            storedBytes: segment.blockEnd(index: index) - entry.offset,
            firstSeq: entry.firstSeq, lastSeq: last))
      }
    }
    return spans
  }

  /// Bytes of all segment files as they are on disk (a torn tail included).
  public var segmentFileBytes: UInt64 { segments.reduce(0) { $0 + $1.fileBytes } }

  /// Calls `body` for each record from `from` through `through` in order, until it returns
  /// false. The view's payload is valid only during the call.
  public func scan(
    from: Seq = .first, through: Seq? = nil, _ body: (RecordView) throws -> Bool
  ) throws {
    let last = min(through ?? lastSeq, lastSeq)
    let start = max(from, .first)
    guard start <= last else { return }
    var segmentIndex = segmentIndex(containing: start)
    var keepGoing = true
    while keepGoing, segmentIndex < segments.count, segments[segmentIndex].baseSeq <= last {
      keepGoing = try scanSegment(segmentIndex, from: start, through: last, body)
      segmentIndex += 1
    }
  }

  /// The record with sequence number `seq`, or nil when the log has no such record.
  public func record(at seq: Seq) throws -> LogRecord? {
    var found: LogRecord?
    try scan(from: seq, through: seq) { view in
      found = view.record()
      return false
    }
    return found
  }

  /// The header of every block, in order, read without decompressing anything.
  public func blockHeaders() throws -> [BlockHeader] {
    var headers: [BlockHeader] = []
    for index in segments.indices { try loadIndex(index) }
    for (index, segment) in segments.enumerated() {
      let file = try file(for: index)
      for entry in segment.entries {
        let bytes = try file.readBytes(count: BlockHeader.byteCount, at: entry.offset)
        do {
          headers.append(
            try bytes.withUnsafeBytes {
              try BlockHeader.decode($0, rawBytesMax: segment.header.blockRawBytesMax)
            })
        } catch {
          throw LogError.corruption(
            segment: segment.fileName, offset: entry.offset, defect: "block: \(error)")
        }
      }
    }
    return headers
  }

  func segmentIndex(containing seq: Seq) -> Int {
    var low = 0
    var high = segments.count
    while low < high {
      let middle = (low + high) / 2
      if segments[middle].baseSeq <= seq { low = middle + 1 } else { high = middle }
    }
    return max(low - 1, 0)
  }

  private func file(for index: Int) throws -> PosixFile {
    if let file = files[index] { return file }
    let file = try PosixFile.openForReading(segments[index].path)
    files[index] = file
    return file
  }

  /// Calls `body` with the stored bytes (header and payload, not yet verified) of every
  /// block in order: what a reference measurement decompresses with raw LZ4.
  public func forEachStoredBlock(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
    for index in segments.indices {
      _ = try forEachBlock(segment: index, from: 0, through: Seq(UInt64.max)) { _, block in
        try body(block)
        return true
      }
    }
  }

  /// Reads whole blocks of a segment, from `entryIndex` up to the last block that starts at
  /// or before `through`, in reads of about 1 MiB, and hands each to `body` until it
  /// returns false. Returns false when `body` stopped.
  func forEachBlock(
    segment index: Int, from entryIndex: Int, through: Seq,
    _ body: (IndexEntry, UnsafeRawBufferPointer) throws -> Bool
  ) throws -> Bool {
    try loadIndex(index)
    let segment = segments[index]
    let file = try file(for: index)
    let chunkTarget: UInt64 = 1 << 20
    var entryIndex = entryIndex
    while entryIndex < segment.entries.count, segment.entries[entryIndex].firstSeq <= through {
      let chunkStart = segment.entries[entryIndex].offset
      var lastInChunk = entryIndex
      while lastInChunk + 1 < segment.entries.count,
        segment.entries[lastInChunk + 1].firstSeq <= through,
        segment.blockEnd(index: lastInChunk + 1) - chunkStart <= chunkTarget
      {
        lastInChunk += 1
      }
      let chunkBytes = Int(segment.blockEnd(index: lastInChunk) - chunkStart)
      let buffer = chunk.reserve(chunkBytes)
      let got = try file.read(
        into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<chunkBytes]), at: chunkStart)
      guard got == chunkBytes else {
        throw LogError.corruption(
          segment: segment.fileName, offset: chunkStart + UInt64(got),
          defect: "the file ends inside a block the index lists (was it truncated?)")
      }
      for blockIndex in entryIndex...lastInChunk {
        let entry = segment.entries[blockIndex]
        let blockStart = Int(entry.offset - chunkStart)
        let blockBytes = Int(segment.blockEnd(index: blockIndex) - entry.offset)
        let block = UnsafeRawBufferPointer(
          rebasing: UnsafeRawBufferPointer(buffer)[blockStart..<blockStart + blockBytes])
        if try !body(entry, block) { return false }
      }
      entryIndex = lastInChunk + 1
    }
    return true
  }

  /// Verifies each block (checksum, chain, index entry), decompresses it and walks the
  /// records in range. Returns false when `body` stopped.
  private func scanSegment(
    _ index: Int, from: Seq, through: Seq, _ body: (RecordView) throws -> Bool
  ) throws -> Bool {
    var stopped = false
    _ = try forEachVerifiedBlock(segment: index, from: from, through: through) {
      segment, entry, header, output in
      let raw = try decompress(segment: segment, entry: entry, header: header, output) {
        decompressed.reserve($0)
      }
      stopped = try !Self.walk(
        raw, header: header, segment: segment, entry: entry, from: from, through: through, body)
      return !stopped
    }
    return !stopped
  }

  /// Calls `body` with each block of segment `index` that holds records in range, after
  /// checking its header against the index, its checksum and its chain.
  func forEachVerifiedBlock(
    segment index: Int, from: Seq, through: Seq,
    _ body: (SegmentState, IndexEntry, BlockHeader, UnsafeRawBufferPointer) throws -> Bool
  ) throws -> Bool {
    try loadIndex(index)
    let segment = segments[index]
    guard let firstEntry = segment.entries.lastEntry(atOrBefore: max(from, segment.baseSeq))
    else { return true }
    let salt = segment.header.salt
    let rawBytesMax = segment.header.blockRawBytesMax
    var expectedPrevious: UInt64? = firstEntry == 0 ? segment.header.previousChecksum : nil
    return try forEachBlock(segment: index, from: firstEntry, through: through) { entry, block in
      let header: BlockHeader
      do {
        header = try BlockHeader.decode(block, rawBytesMax: rawBytesMax)
        guard header.totalBytes == block.count, header.firstSeq == entry.firstSeq else {
          throw FormatDefect.malformedRecords(
            reason: "the block does not match its index entry (first seq \(entry.firstSeq), "
              + "\(block.count) bytes)")
        }
        try BlockCodec.verify(block: block, header: header, salt: salt)
        if let expectedPrevious, expectedPrevious != header.previousChecksum {
          throw FormatDefect.badField(
            name: "previous_checksum (chain broken)", value: header.previousChecksum)
        }
      } catch {
        throw LogError.corruption(
          segment: segment.fileName, offset: entry.offset, defect: "block: \(error)")
      }
      expectedPrevious = header.checksum
      return try body(segment, entry, header, block)
    }
  }

  /// Decompresses a verified block into a buffer `reserve` provides.
  func decompress(
    segment: SegmentState, entry: IndexEntry, header: BlockHeader,
    _ block: UnsafeRawBufferPointer, reserve: (Int) -> UnsafeMutableRawBufferPointer
  ) throws -> UnsafeRawBufferPointer {
    do {
      return try BlockCodec.decompress(
        block: block, header: header, into: reserve(header.rawBytes))
    } catch {
      throw LogError.corruption(
        segment: segment.fileName, offset: entry.offset, defect: "block: \(error)")
    }
  }

  /// Walks the records of a decompressed block in range; returns false when the range
  /// ended or `body` stopped.
  static func walk(
    _ raw: UnsafeRawBufferPointer, header: BlockHeader, segment: SegmentState,
    entry: IndexEntry, from: Seq, through: Seq, _ body: (RecordView) throws -> Bool
  ) throws -> Bool {
    var stopped = false
    do {
      _ = try RecordFrame.forEach(
        in: raw, firstSeq: header.firstSeq, recordCount: header.recordCount, from: from
      ) { view in
        if view.seq > through {
          stopped = true
          return false
        }
        let more = try body(view)
        if !more { stopped = true }
        return more
      }
    } catch let defect as FormatDefect {
      throw LogError.corruption(
        segment: segment.fileName, offset: entry.offset, defect: "block payload: \(defect)")
    }
    return !stopped
  }

}

/// A heap buffer reused across reads, grown only when a larger block arrives.
struct ReusableBuffer {
  private var storage = UnsafeMutableRawBufferPointer(start: nil, count: 0)
  private var owner = Owner()

  private final class Owner {
    var pointer: UnsafeMutableRawBufferPointer?
    deinit { pointer?.deallocate() }
  }

  mutating func reserve(_ bytes: Int) -> UnsafeMutableRawBufferPointer {
    if storage.count < bytes {
      owner.pointer?.deallocate()
      storage = .allocate(byteCount: max(bytes, 64 * 1024), alignment: 16)
      owner.pointer = storage
    }
    return storage
  }
}
