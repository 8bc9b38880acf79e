/// The frame of one record inside a block's uncompressed bytes: a 28-byte header and the
/// payload. The sequence number is not stored: it is the block's first sequence number
/// plus the record's index. docs/LOG_FORMAT.md, "Record frame".
public enum RecordFrame {
  public static let headerByteCount = 28

  /// Walks the records of a decompressed block, calling `body` for each record whose
  /// sequence number is at least `from`, until `body` returns false.
  ///
  /// Returns whether the walk ran to the end of the block (false: `body` stopped it).
  /// The frames must account for exactly `raw.count` bytes and `recordCount` records.
  @inlinable
  public static func forEach(
    in raw: UnsafeRawBufferPointer, firstSeq: Seq, recordCount: Int, from: Seq = .none,
    _ body: (RecordView) throws -> Bool
  ) throws -> Bool {
    guard let base = raw.baseAddress else {
      if recordCount == 0 { return true }
      throw FormatDefect.malformedRecords(reason: "no bytes for \(recordCount) records")
    }
    let end = raw.count
    var offset = 0
    var index = 0
    while index < recordCount {
      guard end - offset >= headerByteCount else {
        throw FormatDefect.malformedRecords(
          reason: "record \(index) of \(recordCount) has a truncated frame header")
      }
      let payloadBytes = Int(base.loadLE(at: offset, as: UInt32.self))
      let payloadStart = offset + headerByteCount
      guard payloadBytes <= end - payloadStart else {
        throw FormatDefect.malformedRecords(
          reason: "record \(index) declares \(payloadBytes) payload bytes past the block's end")
      }
      guard base.loadLE(at: offset + 10, as: UInt16.self) == 0 else {
        throw FormatDefect.malformedRecords(reason: "record \(index) has a nonzero reserved field")
      }
      let seq = Seq(firstSeq.rawValue &+ UInt64(index))
      if seq >= from {
        let view = RecordView(
          seq: seq,
          recordedAtNanoseconds: base.loadLE(at: offset + 12, as: Int64.self),
          kind: base.loadLE(at: offset + 4, as: UInt16.self),
          schemaVersion: base.loadLE(at: offset + 6, as: UInt16.self),
          flags: base.loadLE(at: offset + 8, as: UInt16.self),
          causation: Seq(base.loadLE(at: offset + 20, as: UInt64.self)),
          payload: UnsafeRawBufferPointer(start: base + payloadStart, count: payloadBytes))
        if try !body(view) { return false }
      }
      offset = payloadStart + payloadBytes
      index += 1
    }
    guard offset == end else {
      throw FormatDefect.malformedRecords(
        reason: "\(end - offset) bytes follow the last of \(recordCount) records")
    }
    return true
  }
}
