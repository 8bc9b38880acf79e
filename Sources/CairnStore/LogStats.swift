import CairnLogFormat

/// Sizes and counts of a log, read from its index and block headers (nothing is
/// decompressed).
public struct LogStats: Equatable, Sendable {
  public var segments: Int
  public var sealedSegments: Int
  public var blocks: Int
  public var lz4Blocks: Int
  public var records: UInt64
  public var firstSeq: Seq
  public var lastSeq: Seq
  /// Uncompressed bytes of the record frames.
  public var rawBytes: UInt64
  /// Bytes of the blocks as stored (headers included).
  public var storedBytes: UInt64
  /// Bytes of the segment files (headers and footers included).
  public var fileBytes: UInt64
  public var indexEntries: Int
  public var tornTail: LogReader.TornTail?

  /// Uncompressed bytes per stored byte.
  public var compressionRatio: Double {
    storedBytes == 0 ? 0 : Double(rawBytes) / Double(storedBytes)
  }

  public static func collect(directory: String) throws -> LogStats {
    let reader = try LogReader(directory: directory)
    let headers = try reader.blockHeaders()
    var stats = LogStats(
      segments: reader.segmentCount, sealedSegments: reader.sealedSegmentCount,
      blocks: headers.count, lz4Blocks: 0, records: 0,
      firstSeq: reader.lastSeq == .none ? .none : .first, lastSeq: reader.lastSeq, rawBytes: 0,
      storedBytes: 0, fileBytes: reader.segmentFileBytes,
      indexEntries: try reader.indexEntryCount(),
      tornTail: reader.tornTail)
    for header in headers {
      stats.records += UInt64(header.recordCount)
      stats.rawBytes += UInt64(header.rawBytes)
      stats.storedBytes += UInt64(header.totalBytes)
      if header.codec == .lz4 { stats.lz4Blocks += 1 }
    }
    return stats
  }
}
