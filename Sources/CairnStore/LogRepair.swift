import CairnLogFormat

/// What `LogRepair.repair` removed, and where it kept removed bytes.
public struct RepairReport: Equatable, Sendable {
  public struct Cut: Equatable, Sendable {
    public enum Reason: String, Sendable {
      case tornTail = "torn_tail"
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

/// Explicit repair: cuts a torn tail; cuts corruption (and everything after it) only when
/// forced, after copying every removed byte into quarantine files beside the log.
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

  /// Saves and removes everything from `offset` in `segment` to the end of the log: the
  /// rest of that file is copied to `<segment>.<offset>.quarantine` (fsynced) before the
  /// file is truncated, and every later segment file is renamed to `<name>.quarantine`.
  private static func quarantine(
    directory: String, segment: String, offset: UInt64, defect: String
  ) throws -> [RepairReport.Cut] {
    var cuts: [RepairReport.Cut] = []
    let path = FileSystem.join(directory, segment)
    let file = try PosixFile.openForWriting(path, create: false)
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
