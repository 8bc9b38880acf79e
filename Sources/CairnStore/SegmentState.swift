import CairnLogFormat

/// How the bytes after a segment's last valid block look.
public enum SegmentTail: Equatable, Sendable {
  /// The valid blocks (and the footer, if sealed) reach the end of the file.
  case clean
  /// Invalid bytes at the very end with nothing valid after them: a torn write.
  case torn(offset: UInt64, bytes: UInt64, defect: String)
  /// Invalid bytes followed by valid data: corruption, never cut silently.
  case corrupt(offset: UInt64, defect: String)
}

/// What one segment file holds, as far as it is valid.
struct SegmentState {
  var path: String
  var fileName: String
  var header: SegmentHeader
  /// One entry per valid block, in order.
  var entries: [IndexEntry]
  /// The offset just past the last valid block.
  var blocksEnd: UInt64
  /// The chain value at `blocksEnd`: the last block's checksum, or the header's previous
  /// checksum when the segment has no block.
  var lastChecksum: UInt64
  /// The sequence number the next record in this segment would get.
  var nextSeq: Seq
  /// Present when the segment is sealed.
  var footer: SegmentFooter?
  var fileBytes: UInt64
  var tail: SegmentTail
  /// A sealed segment opened for reading has its block index (the footer's entries) read
  /// and verified only when a read first needs it, so that opening a long log reads a few
  /// fixed bytes per sealed segment, not every index.
  var indexDeferred = false

  var baseSeq: Seq { header.baseSeq }
  var recordCount: UInt64 { nextSeq.rawValue - header.baseSeq.rawValue }
  var lastSeq: Seq { Seq(nextSeq.rawValue - 1) }
  var isSealed: Bool { footer != nil }

  /// The byte range of the block that `entries[index]` starts.
  func blockEnd(index: Int) -> UInt64 {
    if index + 1 < entries.count { return entries[index + 1].offset }
    return blocksEnd
  }
}
