import CairnLogFormat

/// The single writer of a log directory: appends records, groups them into blocks, rolls
/// segments, and acknowledges by the durability policy. docs/LOG_FORMAT.md is the format.
///
/// Opening takes the directory's writer lock and recovers the log: a torn tail is cut
/// back to the last whole block and reported in `recovery`; corruption is an error.
public final class LogWriter {
  public let directory: String
  public let options: LogOptions
  /// What opening found and repaired.
  public let recovery: RecoveryReport
  /// The sequence number the next append gets.
  public private(set) var nextSeq: Seq
  /// The highest sequence number whose durability policy is met (`Seq.none` if none).
  public private(set) var acknowledgedSeq: Seq

  private struct ActiveSegment {
    var file: PosixFile
    var header: SegmentHeader
    var entries: [IndexEntry]
    var blocksEnd: UInt64
  }

  private var lock: WriterLock?
  private var active: ActiveSegment?
  private var lastChecksum: UInt64
  private let encoder: BlockEncoder
  private var unsynced = false
  private var bytesSinceWatermark: UInt64 = 0
  /// Set by the first failed write or sync; every later call throws it.
  private var failure: LogError?

  /// Opens (creating if needed) the log in `directory` for writing.
  public init(directory: String, options: LogOptions = LogOptions()) throws {
    try options.validate()
    self.directory = directory
    self.options = options
    try FileSystem.createDirectory(directory)
    let lock = try WriterLock.acquire(directory: directory)
    // Sealed segments are only chained here (their footers' fixed fields), never read:
    // their indexes stay unread, as a reader's, so opening a long log stays flat.
    var layout = try LogLayout.load(directory: directory, mode: .open, deferSealedIndexes: true)
    var report = RecoveryReport(usedWatermark: layout.usedWatermark)
    if let torn = layout.tornTail {
      let path = FileSystem.join(directory, torn.fileName)
      if torn.wholeFile {
        try FileSystem.remove(path)
        try FileSystem.syncDirectory(directory)
      } else {
        let file = try PosixFile.openForWriting(path, create: false)
        try file.truncate(to: torn.offset)
        try file.syncData()
        if var last = layout.segments.popLast() {
          last.fileBytes = torn.offset
          last.tail = .clean
          layout.segments.append(last)
        }
      }
      report.tornTail = RecoveryReport.CutTail(
        segment: torn.fileName, offset: torn.offset, bytesDropped: torn.bytes,
        defect: torn.defect, removedFile: torn.wholeFile)
    }
    self.recovery = report
    self.lock = lock
    self.encoder = BlockEncoder(blockBytesTarget: options.blockBytesTarget)
    self.nextSeq = layout.nextSeq
    self.acknowledgedSeq = Seq(layout.nextSeq.rawValue - 1)
    self.lastChecksum = layout.lastChecksum
    if let last = layout.segments.last, !last.isSealed {
      let file = try PosixFile.openForWriting(last.path, create: false)
      file.faults = options.faults
      active = ActiveSegment(
        file: file, header: last.header, entries: last.entries, blocksEnd: last.blocksEnd)
      if last.header.recordPayloadBytesMax != UInt32(options.recordPayloadBytesMax)
        || last.header.blockBytesTarget != UInt32(options.blockBytesTarget)
      {
        // The segment header bounds what readers accept in it, so blocks written under
        // other limits go to a new segment: seal this one (or drop it if it holds nothing).
        if last.entries.isEmpty {
          active = nil
          try FileSystem.remove(last.path)
          try FileSystem.syncDirectory(directory)
        } else {
          try seal()
        }
      } else if !layout.usedWatermark && !last.entries.isEmpty {
        try? saveWatermark()
      }
    }
  }

  deinit {
    if lock != nil { try? close() }
  }

  /// Appends one record; returns its sequence number. It is acknowledged when its policy
  /// is met: at the next `commit()` (or `close()`), or at once for `.buffered`.
  @discardableResult
  public func append(_ draft: RecordDraft) throws -> Seq {
    try draft.payload.withUnsafeBytes { payload throws in
      try append(
        payload: payload, recordedAtNanoseconds: draft.recordedAtNanoseconds, kind: draft.kind,
        schemaVersion: draft.schemaVersion, flags: draft.flags, causation: draft.causation)
    }
  }

  /// Appends one record from borrowed payload bytes, without copying them first.
  @discardableResult
  public func append(
    payload: UnsafeRawBufferPointer, recordedAtNanoseconds: Int64, kind: UInt16 = 0,
    schemaVersion: UInt16 = 0, flags: UInt16 = 0, causation: Seq = .none
  ) throws -> Seq {
    try checkUsable()
    guard payload.count <= options.recordPayloadBytesMax else {
      throw LogError.recordTooLarge(bytes: payload.count, limit: options.recordPayloadBytesMax)
    }
    if !encoder.fits(payloadBytes: payload.count) { try failStopping(writeBlock) }
    let seq = nextSeq
    encoder.add(
      seq: seq, recordedAtNanoseconds: recordedAtNanoseconds, kind: kind,
      schemaVersion: schemaVersion, flags: flags, causation: causation, payload: payload)
    nextSeq = seq.next
    if encoder.isFull { try failStopping(writeBlock) }
    if options.durability == .buffered { acknowledgedSeq = seq }
    return seq
  }

  /// Ends the current block and meets the durability policy for everything appended:
  /// write(2) for `.buffered` and `.flush`, and one fdatasync for `.fsync` (group commit).
  /// Returns the highest acknowledged sequence number.
  @discardableResult
  public func commit() throws -> Seq {
    try checkUsable()
    try failStopping {
      if !encoder.isEmpty { try writeBlock() }
      if options.durability == .fsync && unsynced {
        try active?.file.syncData()
        unsynced = false
      }
    }
    // Saved only after the sync, so the watermark never runs ahead of durable data.
    if bytesSinceWatermark >= options.watermarkIntervalBytes { try? saveWatermark() }
    acknowledgedSeq = Seq(nextSeq.rawValue - 1)
    return acknowledgedSeq
  }

  /// Commits, saves the verified watermark and releases the lock.
  public func close() throws {
    guard lock != nil else { return }
    defer {
      lock?.release()
      lock = nil
      active = nil
    }
    if let failure { throw failure }
    try commit()
    if active != nil && bytesSinceWatermark > 0 { try? saveWatermark() }
  }

  private func checkUsable() throws {
    guard lock != nil else {
      throw LogError.invalidArgument("the log writer for \(directory) is closed")
    }
    if let failure { throw failure }
  }

  /// Runs a step that writes or syncs. If it fails, the writer stops for good: after a
  /// failed write or fdatasync the file's state is unknown (the kernel may even have
  /// dropped the dirty pages), so only a fresh open, which verifies and cuts the tail, may
  /// continue. Nothing acknowledged is affected.
  private func failStopping(_ step: () throws -> Void) throws {
    do {
      try step()
    } catch {
      let cause = (error as? LogError)?.description ?? "\(error)"
      failure = .writerFailed(directory: directory, cause: cause)
      throw failure!
    }
  }

  /// Encodes the pending records as a block and writes it, rolling the segment after it
  /// when the segment reached its roll size.
  private func writeBlock() throws {
    if active == nil { try createSegment(baseSeq: encoder.firstSeq) }
    let salt = active!.header.salt
    let (bytes, header) = encoder.encode(previousChecksum: lastChecksum, salt: salt)
    let offset = active!.blocksEnd
    try active!.file.write(bytes, at: offset)
    active!.entries.append(IndexEntry(firstSeq: header.firstSeq, offset: offset))
    active!.blocksEnd = offset + UInt64(header.totalBytes)
    lastChecksum = header.checksum
    unsynced = true
    bytesSinceWatermark += UInt64(header.totalBytes)
    if active!.blocksEnd >= options.segmentRollBytes { try seal() }
  }

  private func createSegment(baseSeq: Seq) throws {
    let header = SegmentHeader(
      salt: options.salts.salt(baseSeq: baseSeq), baseSeq: baseSeq,
      previousChecksum: lastChecksum, recordPayloadBytesMax: UInt32(options.recordPayloadBytesMax),
      blockBytesTarget: UInt32(options.blockBytesTarget))
    let path = FileSystem.join(directory, SegmentHeader.fileName(baseSeq: baseSeq))
    let file = try PosixFile.openForWriting(path, create: true, truncate: true)
    file.faults = options.faults
    try file.write(header.encoded(), at: 0)
    if options.durability == .fsync {
      try file.syncData()
      try FileSystem.syncDirectory(directory)
    }
    active = ActiveSegment(
      file: file, header: header, entries: [], blocksEnd: UInt64(SegmentHeader.byteCount))
  }

  /// Writes the footer: the block index, the counts and the whole-segment checksum, which
  /// is computed from the bytes as they are in the file.
  private func seal() throws {
    guard let segment = active else { return }
    let segmentChecksum = try SegmentChecksum.compute(
      file: segment.file, salt: segment.header.salt, upTo: segment.blocksEnd)
    let lastSeq = Seq(nextSeq.rawValue - 1 - UInt64(encoder.recordCount))
    let footer = SegmentFooter(
      recordCount: lastSeq.rawValue + 1 - segment.header.baseSeq.rawValue, lastSeq: lastSeq,
      lastBlockChecksum: lastChecksum, segmentChecksum: segmentChecksum,
      entries: segment.entries)
    try segment.file.write(
      footer.encoded(footerOffset: segment.blocksEnd, salt: segment.header.salt),
      at: segment.blocksEnd)
    if options.durability == .fsync {
      try segment.file.syncData()
      unsynced = false
    }
    active = nil
    bytesSinceWatermark = 0
  }

  /// Saves the verified watermark of the active segment, without a sync: losing it only
  /// costs the next open a longer scan.
  private func saveWatermark() throws {
    guard let segment = active, let last = segment.entries.last else { return }
    let cache = ActiveIndexCache(
      baseSeq: segment.header.baseSeq, salt: segment.header.salt,
      verifiedEnd: segment.blocksEnd, lastChecksum: lastChecksum,
      nextSeq: Seq(nextSeq.rawValue - UInt64(encoder.recordCount)), entries: segment.entries)
    assert(last.offset < segment.blocksEnd)
    try cache.save(directory: directory)
    bytesSinceWatermark = 0
  }
}
