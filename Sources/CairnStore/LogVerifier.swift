import CairnLogFormat

/// The result of a full, read-only verification of a log.
public struct VerifyReport: Equatable, Sendable {
  public enum Status: Equatable, Sendable {
    case clean
    /// Invalid bytes at the very end: what a crash leaves; a writer's open cuts them.
    case tornTail(segment: String, offset: UInt64, bytes: UInt64, defect: String)
    /// Invalid bytes followed by valid data, or a broken chain.
    case corrupt(segment: String, offset: UInt64, defect: String)
  }

  public var status: Status
  public var segments: Int
  public var blocks: Int
  public var records: UInt64
  public var rawBytes: UInt64
  public var storedBytes: UInt64
  /// The pid of a live writer holding the lock while verification ran: a torn tail may
  /// then be a block still being written.
  public var writerPid: Int32?
}

/// Full verification: every block's checksum, the chain across blocks and segments, every
/// record frame, every footer's index and whole-segment checksum. Never writes.
public enum LogVerifier {
  public static func verify(directory: String) throws -> VerifyReport {
    let writerPid = WriterLock.holderPid(directory: directory)
    let layout: LogLayout
    do {
      layout = try LogLayout.load(directory: directory, mode: .verifyAll)
    } catch LogError.corruption(let segment, let offset, let defect) {
      return VerifyReport(
        status: .corrupt(segment: segment, offset: offset, defect: defect), segments: 0,
        blocks: 0, records: 0, rawBytes: 0, storedBytes: 0, writerPid: writerPid)
    }
    var status = VerifyReport.Status.clean
    if let torn = layout.tornTail {
      status = .tornTail(
        segment: torn.fileName, offset: torn.offset, bytes: torn.bytes, defect: torn.defect)
    }
    return VerifyReport(
      status: status, segments: layout.segments.count, blocks: layout.totals.blocks,
      records: layout.totals.records, rawBytes: layout.totals.rawBytes,
      storedBytes: layout.totals.storedBytes, writerPid: writerPid)
  }
}
