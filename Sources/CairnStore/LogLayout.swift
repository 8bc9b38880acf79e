import CairnLogFormat

/// The segments of a log directory, loaded and chained in order, with a verdict on the
/// log's tail. Loading never writes.
struct LogLayout {
  /// The valid segments, in order. A torn last segment is excluded if it held nothing valid.
  var segments: [SegmentState]
  /// The torn tail, if any: the segment file, the offset where valid data ends and the
  /// bytes after it. A segment file too short for a header has offset 0.
  var tornTail: TornTail?
  /// Totals of a `.verifyAll` load.
  var totals = SegmentScanner.Totals()
  /// Whether the last segment was scanned only after its verified watermark.
  var usedWatermark = false
  /// How many of `segments` (the first ones) are a parent's, shared by this fork.
  var sharedSegmentCount = 0

  struct TornTail: Equatable {
    var fileName: String
    var offset: UInt64
    var bytes: UInt64
    var defect: String
    /// The whole file is a leftover of a crash while creating a segment.
    var wholeFile: Bool
  }

  var nextSeq: Seq { segments.last?.nextSeq ?? .first }
  var lastChecksum: UInt64 { segments.last?.lastChecksum ?? 0 }

  /// The segment file names in a directory, in sequence order.
  static func segmentFileNames(directory: String) throws -> [(Seq, String)] {
    try FileSystem.list(directory).compactMap { name in
      SegmentHeader.baseSeq(fileName: name).map { ($0, name) }
    }.sorted { $0.0 < $1.0 }
  }

  /// Loads every segment. Throws `LogError.corruption` for invalid data followed by valid
  /// data (including any defect in a segment that is not the last).
  static func load(
    directory: String, mode: SegmentScanner.Mode, deferSealedIndexes: Bool = false
  ) throws -> LogLayout {
    guard FileSystem.isDirectory(directory) else { throw LogError.notALog(directory: directory) }
    let names = try segmentFileNames(directory: directory)
    var layout = LogLayout(segments: [], tornTail: nil)
    if let prefix = try LogPrefix.load(directory: directory) {
      layout.segments = try loadShared(prefix, childDirectory: directory, mode: mode)
      layout.sharedSegmentCount = layout.segments.count
    }
    let cache = mode == .open ? ActiveIndexCache.load(directory: directory) : nil
    for (position, (_, name)) in names.enumerated() {
      let isLast = position == names.count - 1
      var scanner = SegmentScanner(
        path: FileSystem.join(directory, name), fileName: name, mode: mode)
      // The last segment may be the active one; every other must be sealed and is read
      // from its footer's fixed fields when deferring.
      scanner.deferSealedIndex = deferSealedIndexes && !isLast
      guard let state = try scanner.load(cache: isLast ? cache : nil) else {
        let size = try PosixFile.openForReading(FileSystem.join(directory, name)).size()
        guard isLast else {
          throw LogError.corruption(
            segment: name, offset: 0,
            defect: "the file (\(size) bytes) has no valid segment header, yet later "
              + "segments follow")
        }
        layout.tornTail = TornTail(
          fileName: name, offset: 0, bytes: size,
          defect: "a segment file of \(size) bytes with no valid header (a crash while it "
            + "was being created)", wholeFile: true)
        break
      }
      layout.usedWatermark = layout.usedWatermark || scanner.resumedFromCache
      layout.totals.blocks += scanner.totals.blocks
      layout.totals.records += scanner.totals.records
      layout.totals.rawBytes += scanner.totals.rawBytes
      layout.totals.storedBytes += scanner.totals.storedBytes
      try checkChain(state, after: layout.segments.last)
      switch state.tail {
      case .clean:
        if !isLast && !state.isSealed {
          throw LogError.corruption(
            segment: name, offset: state.blocksEnd,
            defect: "the segment has no footer although later segments follow")
        }
      case .torn(let offset, let bytes, let defect):
        guard isLast else {
          throw LogError.corruption(
            segment: name, offset: offset, defect: "\(defect); later segments follow")
        }
        layout.tornTail = TornTail(
          fileName: name, offset: offset, bytes: bytes, defect: defect, wholeFile: false)
      case .corrupt(let offset, let defect):
        throw LogError.corruption(segment: name, offset: offset, defect: defect)
      }
      layout.segments.append(state)
    }
    return layout
  }

  /// The parent's sealed segments that a fork reads, each loaded from its footer (or
  /// verified in full with `.verifyAll`), checked to end exactly at the link's sequence
  /// number and chain value. The parent's later segments are not read at all.
  private static func loadShared(
    _ prefix: LogPrefix, childDirectory: String, mode: SegmentScanner.Mode
  ) throws -> [SegmentState] {
    let parent = prefix.resolvedParent(childDirectory: childDirectory)
    guard FileSystem.isDirectory(parent) else {
      throw LogError.corruption(
        segment: LogPrefix.fileName, offset: 0,
        defect: "the parent log this fork shares segments with is missing (\(parent))")
    }
    var shared: [SegmentState] = []
    for (base, name) in try segmentFileNames(directory: parent) where base <= prefix.sharedThrough {
      var scanner = SegmentScanner(
        path: FileSystem.join(parent, name), fileName: "\(prefix.parentDirectory)/\(name)",
        mode: mode)
      guard let state = try scanner.load(), state.isSealed, case .clean = state.tail else {
        throw LogError.corruption(
          segment: "\(prefix.parentDirectory)/\(name)", offset: 0,
          defect: "a segment this fork shares is not an intact sealed segment")
      }
      try checkChain(state, after: shared.last)
      shared.append(state)
    }
    guard let last = shared.last, last.lastSeq == prefix.sharedThrough,
      last.lastChecksum == prefix.chainChecksum
    else {
      throw LogError.corruption(
        segment: LogPrefix.fileName, offset: 0,
        defect: "the parent's segments no longer end at sequence number "
          + "\(prefix.sharedThrough) with the checksum this fork chains to")
    }
    return shared
  }

  private static func checkChain(_ state: SegmentState, after previous: SegmentState?)
    throws
  {
    guard let previous else {
      guard state.baseSeq == .first else {
        throw LogError.corruption(
          segment: state.fileName, offset: 0,
          defect: "the first segment starts at sequence number \(state.baseSeq), not 1: "
            + "earlier segments are missing")
      }
      guard state.header.previousChecksum == 0 else {
        throw LogError.corruption(
          segment: state.fileName, offset: 0,
          defect: "the first segment names a previous segment (checksum "
            + "\(hex16(state.header.previousChecksum))): earlier segments are missing")
      }
      return
    }
    guard state.baseSeq == previous.nextSeq else {
      throw LogError.corruption(
        segment: state.fileName, offset: 0,
        defect: "the segment starts at sequence number \(state.baseSeq) but the previous "
          + "segment ends at \(previous.lastSeq)")
    }
    guard state.header.previousChecksum == previous.lastChecksum else {
      throw LogError.corruption(
        segment: state.fileName, offset: 0,
        defect: "the segment does not chain to \(previous.fileName) (previous checksum "
          + "\(hex16(state.header.previousChecksum)), expected \(hex16(previous.lastChecksum)))")
    }
  }
}
