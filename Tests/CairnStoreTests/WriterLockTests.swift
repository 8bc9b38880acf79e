import CairnLogFormat
import CairnStore
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// One writer per directory, within a process as across processes: `flock` locks belong
/// to the open file, so a second writer in the same process is refused too.
@Suite("Writer lock: one writer per directory")
struct WriterLockTests {
  @Test("a second writer is refused with this process's pid; after close a new one opens")
  func secondWriterRefused() throws {
    let root = try makeTemporaryDirectory("lock")
    defer { removeDirectory(root) }
    let options = testOptions(durability: .flush)
    let first = try LogWriter(directory: root, options: options)
    try first.append(RecordDraft(recordedAtNanoseconds: 1, payload: [1]))
    try first.commit()
    #expect(throws: LogError.locked(directory: root, holderPid: getpid())) {
      try LogWriter(directory: root, options: options)
    }
    #expect(
      LogError.locked(directory: root, holderPid: getpid()).description.contains(
        "process \(getpid())"))
    #expect(try readFile(join(root, "LOCK")) == Array("\(getpid())\n".utf8))
    // Readers take no lock; verification names the live writer.
    #expect(try readAllRecords(root).count == 1)
    #expect(try LogVerifier.verify(directory: root).writerPid == getpid())

    try first.close()
    #expect(try readFile(join(root, "LOCK")).isEmpty)
    #expect(try LogVerifier.verify(directory: root).writerPid == nil)
    let second = try LogWriter(directory: root, options: options)
    #expect(second.nextSeq == Seq(2))
    try second.append(RecordDraft(recordedAtNanoseconds: 2, payload: [2]))
    try second.close()
    #expect(try readAllRecords(root).map(\.payload) == [[1], [2]])
  }

  @Test("a refused writer does not cut the tail of the live writer's segment")
  func refusedWriterChangesNothing() throws {
    let root = try makeTemporaryDirectory("lock-tail")
    defer { removeDirectory(root) }
    let options = testOptions(durability: .flush, block: 256, roll: 1 << 20)
    let writer = try LogWriter(directory: root, options: options)
    for record in sessionRecords(seed: 700, count: 30) { try writer.append(draft(record)) }
    try writer.commit()
    let name = try #require(try segmentNames(root).first)
    // Bytes of a block still being written, as another process would see them.
    let path = join(root, name)
    let complete = try readFile(path)
    try writeFile(path, complete + Array("CBLK".utf8) + [UInt8](repeating: 0, count: 20))
    #expect(throws: LogError.locked(directory: root, holderPid: getpid())) {
      try LogWriter(directory: root, options: options)
    }
    #expect(throws: LogError.locked(directory: root, holderPid: getpid())) {
      try LogRepair.repair(directory: root, force: true)
    }
    #expect(try fileSize(path) == complete.count + 24)
    let report = try LogVerifier.verify(directory: root)
    #expect(report.writerPid == getpid())
    guard case .tornTail(_, let offset, let bytes, _) = report.status else {
      Issue.record("expected a torn tail, got \(report.status)")
      return
    }
    #expect(offset == UInt64(complete.count))
    #expect(bytes == 24)
    try writeFile(path, complete)
    try writer.close()
  }

  @Test("a writer dropped without close, or one whose open failed, releases the lock")
  func lockReleased() throws {
    let root = try makeTemporaryDirectory("lock-release")
    defer { removeDirectory(root) }
    let options = testOptions(block: 256, roll: 1 << 20)
    func openAndDrop() throws {
      let writer = try LogWriter(directory: root, options: options)
      for record in sessionRecords(seed: 701, count: 30) { try writer.append(draft(record)) }
    }
    try openAndDrop()
    #expect(try LogVerifier.verify(directory: root).writerPid == nil)
    // Damage before valid blocks: the next open fails with corruption and must not keep
    // the lock.
    try? FileManager.default.removeItem(atPath: join(root, "active.idx"))
    let map = try #require(try segmentMaps(root).first)
    let path = join(root, map.name)
    var bytes = try readFile(path)
    bytes[map.blocks[1].offset + 50] ^= 1
    try writeFile(path, bytes)
    #expect(corruptionSite(thrownError { try LogWriter(directory: root, options: options) }) != nil)
    #expect(try LogVerifier.verify(directory: root).writerPid == nil)
    let report = try LogRepair.repair(directory: root, force: true)
    #expect(report.lastSeq == map.blocks[0].header.lastSeq)
    let writer = try LogWriter(directory: root, options: options)
    #expect(writer.nextSeq == map.blocks[0].header.lastSeq.next)
    try writer.close()
  }
}
