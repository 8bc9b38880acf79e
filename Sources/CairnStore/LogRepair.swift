import CairnLogFormat

/// What `LogRepair.repair` removed, and where it kept removed bytes.
public struct RepairReport: Equatable, Sendable {
  public struct Cut: Equatable, Sendable {
    public enum Reason: String, Sendable {
      case tornTail = "torn_tail"
      /// A sealed segment's damaged footer, rewritten from its intact blocks; no record
      /// is removed.
      case footerRebuilt = "footer_rebuilt"
      case corruption
    }
    public var reason: Reason
    public var segment: String
    public var offset: UInt64
    public var bytes: UInt64
    public var defect: String
    /// Where the removed bytes were saved (corruption only; a torn tail is never data that
    /// was acknowledged).
    public var quarantineFile: String?
  }

  public var cuts: [Cut]
  /// The sequence number of the last record left in the log.
  public var lastSeq: Seq
}

/// Explicit repair: cuts a torn tail; rewrites the damaged footer of a sealed segment whose
/// blocks are intact; cuts other corruption (and everything after it) only when forced.
/// Every byte removed from a segment is first copied into a quarantine file beside the log.
public enum LogRepair {
  public static func repair(directory: String, force: Bool) throws -> RepairReport {
    guard FileSystem.isDirectory(directory) else { throw LogError.notALog(directory: directory) }
    let lock = try WriterLock.acquire(directory: directory)
    defer { lock.release() }
    var cuts: [RepairReport.Cut] = []
    while true {
      let layout: LogLayout
      do {
        layout = try LogLayout.load(directory: directory, mode: .verifyAll)
      } catch LogError.corruption(let segment, let offset, let defect) {
        // A fork never changes its parent's files: corruption there is the parent's to
        // repair, as is a broken link to it.
        if segment.contains("/") || segment == LogPrefix.fileName {
          throw LogError.corruption(
            segment: segment, offset: offset,
            defect: "\(defect) (in the parent's shared segments: repair the parent session)")
        }
        if let rebuilt = try rebuildFooter(
          directory: directory, segment: segment, offset: offset, defect: defect)
        {
          cuts.append(rebuilt)
          continue
        }
        guard force else {
          throw LogError.corruption(segment: segment, offset: offset, defect: defect)
        }
        cuts.append(
          contentsOf: try quarantine(
            directory: directory, segment: segment, offset: offset, defect: defect))
        continue
      }
      if let torn = layout.tornTail {
        let path = FileSystem.join(directory, torn.fileName)
        if torn.wholeFile {
          try FileSystem.remove(path)
        } else {
          let file = try PosixFile.openForWriting(path, create: false)
          try file.truncate(to: torn.offset)
          try file.syncData()
        }
        try FileSystem.syncDirectory(directory)
        cuts.append(
          RepairReport.Cut(
            reason: .tornTail, segment: torn.fileName, offset: torn.offset, bytes: torn.bytes,
            defect: torn.defect, quarantineFile: nil))
        continue
      }
      if !cuts.isEmpty {
        try FileSystem.remove(FileSystem.join(directory, ActiveIndexCache.fileName))
      }
      return RepairReport(cuts: cuts, lastSeq: Seq(layout.nextSeq.rawValue - 1))
    }
  }

  /// Rewrites the footer of a sealed segment when only the footer is damaged: every block
  /// verifies up to `offset`, nothing valid follows in the file, and the next segment
  /// chains to the last block. The damaged bytes go to a quarantine file first.
  private static func rebuildFooter(
    directory: String, segment: String, offset: UInt64, defect: String
  ) throws -> RepairReport.Cut? {
    let names = try LogLayout.segmentFileNames(directory: directory)
    guard let position = names.firstIndex(where: { $0.1 == segment }), position + 1 < names.count
    else { return nil }
    let path = FileSystem.join(directory, segment)
    var scanner = SegmentScanner(path: path, fileName: segment, mode: .verifyAll)
    // The footer is damaged (a torn region at its offset) or missing altogether (the
    // blocks run to the end of the file).
    guard let state = try? scanner.load(), state.footer == nil, !state.entries.isEmpty,
      state.blocksEnd == offset
    else { return nil }
    switch state.tail {
    case .torn, .clean: break
    case .corrupt: return nil
    }
    let nextPath = FileSystem.join(directory, names[position + 1].1)
    let nextHeaderBytes = try PosixFile.openForReading(nextPath).readBytes(
      count: SegmentHeader.byteCount, at: 0)
    guard
      let next = try? nextHeaderBytes.withUnsafeBytes({ try SegmentHeader.decode($0) }),
      next.baseSeq == state.nextSeq, next.previousChecksum == state.lastChecksum
    else { return nil }
    let saved = try copyToQuarantine(directory: directory, segment: segment, offset: offset)
    let file = try PosixFile.openForWriting(path, create: false)
    let footer = SegmentFooter(
      recordCount: state.recordCount, lastSeq: state.lastSeq,
      lastBlockChecksum: state.lastChecksum,
      segmentChecksum: try SegmentChecksum.compute(
        file: file, salt: state.header.salt, upTo: offset),
      entries: state.entries)
    try file.truncate(to: offset)
    try file.write(footer.encoded(footerOffset: offset, salt: state.header.salt), at: offset)
    try file.syncData()
    return RepairReport.Cut(
      reason: .footerRebuilt, segment: segment, offset: offset, bytes: saved.bytes,
      defect: defect, quarantineFile: saved.path)
  }

  /// Copies the bytes of `segment` from `offset` to its end into a new quarantine file,
  /// fsynced and made durable in the directory.
  private static func copyToQuarantine(
    directory: String, segment: String, offset: UInt64
  ) throws -> (path: String, bytes: UInt64) {
    let file = try PosixFile.openForReading(FileSystem.join(directory, segment))
    let size = try file.size()
    let quarantinePath = FileSystem.unusedPath(
      FileSystem.join(directory, "\(segment).\(offset).quarantine"))
    let saved = try PosixFile.openForWriting(quarantinePath, create: true, truncate: true)
    var copied: UInt64 = 0
    let chunkBytes = 1 << 20
    while offset + copied < size {
      let count = Int(min(UInt64(chunkBytes), size - offset - copied))
      let bytes = try file.readBytes(count: count, at: offset + copied)
      try saved.write(bytes, at: copied)
      copied += UInt64(bytes.count)
      if bytes.count < count { break }
    }
    try saved.syncData()
    try FileSystem.syncDirectory(directory)
    return (quarantinePath, copied)
  }

  /// Saves and removes everything from `offset` in `segment` to the end of the log: the
  /// rest of that file is copied to `<segment>.<offset>.quarantine` (fsynced) before the
  /// file is truncated, and every later segment file is renamed to `<name>.quarantine`.
  private static func quarantine(
    directory: String, segment: String, offset: UInt64, defect: String
  ) throws -> [RepairReport.Cut] {
    var cuts: [RepairReport.Cut] = []
    let path = FileSystem.join(directory, segment)
    let file = try PosixFile.openForWriting(path, create: false)
    let (quarantinePath, copied) = try copyToQuarantine(
      directory: directory, segment: segment, offset: offset)
    cuts.append(
      RepairReport.Cut(
        reason: .corruption, segment: segment, offset: offset, bytes: copied, defect: defect,
        quarantineFile: quarantinePath))
    guard let base = SegmentHeader.baseSeq(fileName: segment) else { return cuts }
    for (laterBase, name) in try LogLayout.segmentFileNames(directory: directory)
    where laterBase > base {
      let laterPath = FileSystem.join(directory, name)
      let laterSize = try PosixFile.openForReading(laterPath).size()
      let target = FileSystem.unusedPath(laterPath + ".quarantine")
      try FileSystem.rename(laterPath, target)
      cuts.append(
        RepairReport.Cut(
          reason: .corruption, segment: name, offset: 0, bytes: laterSize,
          defect: "follows the corruption in \(segment)", quarantineFile: target))
    }
    if offset < UInt64(SegmentHeader.byteCount) {
      try FileSystem.remove(path)
    } else {
      try file.truncate(to: offset)
      try file.syncData()
    }
    try FileSystem.syncDirectory(directory)
    return cuts
  }
}
