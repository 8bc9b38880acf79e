import CairnLogFormat
import CairnStore
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("LogWriter: appends, acknowledgements, limits and reopening")
struct LogWriterTests {
  /// Under `.buffered` an append is acknowledged when it returns; under `.flush` and
  /// `.fsync` only `commit()` acknowledges. After a commit a new reader sees exactly the
  /// acknowledged records; before it, records of the open block stay in the writer.
  @Test(
    "every durability mode round-trips, acknowledging by its policy", arguments: Durability.allCases
  )
  func durabilityModes(durability: Durability) throws {
    let root = try makeTemporaryDirectory("durability-\(durability)")
    defer { removeDirectory(root) }
    let directory = join(root, "log")
    // Small records in large blocks: no block fills between commits, so what a reader
    // sees before a commit is only what earlier commits wrote.
    let records = sessionRecords(seed: 200, count: 120, payloadBytes: 10...40)
    let writer = try LogWriter(
      directory: directory,
      options: testOptions(durability: durability, block: 64 * 1024, roll: 1000))
    #expect(writer.acknowledgedSeq == .none)
    #expect(writer.nextSeq == .first)
    var committed = Seq.none
    for (index, record) in records.enumerated() {
      let seq = try writer.append(draft(record))
      #expect(seq == record.seq)
      #expect(writer.nextSeq == seq.next)
      switch durability {
      case .buffered: #expect(writer.acknowledgedSeq == seq)
      case .flush, .fsync: #expect(writer.acknowledgedSeq == committed)
      }
      if index % 9 == 4 {
        #expect(try LogReader(directory: directory).lastSeq == committed)
        let acknowledged = try writer.commit()
        #expect(acknowledged == seq)
        #expect(writer.acknowledgedSeq == seq)
        committed = seq
        let reader = try LogReader(directory: directory)
        #expect(reader.lastSeq == seq)
        #expect(reader.tornTail == nil)
        #expect(try reader.record(at: seq) == record)
      }
    }
    try writer.close()
    #expect(try readAllRecords(directory) == records)
    #expect(try LogReader(directory: directory).segmentCount > 1)
    #expect(try LogVerifier.verify(directory: directory).status == .clean)
    // A reopened writer counts everything recovered as acknowledged.
    let reopened = try LogWriter(
      directory: directory, options: testOptions(durability: durability))
    #expect(reopened.acknowledgedSeq == Seq(120))
    #expect(reopened.nextSeq == Seq(121))
    #expect(reopened.recovery.tornTail == nil)
    try reopened.close()
  }

  @Test("a reopened writer continues the numbering densely, again and again")
  func reopenAndAppend() throws {
    let root = try makeTemporaryDirectory("reopen")
    defer { removeDirectory(root) }
    let directory = join(root, "log")
    let all = variedRecords(seed: 201, count: 700, largeBytes: [200_000])
    var written = 0
    var random = SplitMix64(seed: 202)
    let modes = Durability.allCases
    for round in 0..<6 {
      let count = round == 5 ? all.count - written : 1 + Int(random.next() % 150)
      let batch = Array(all[written..<written + count])
      let options = testOptions(
        durability: modes[round % modes.count], block: 800, roll: 9000, payloadMax: 300_000)
      let writer = try LogWriter(directory: directory, options: options)
      #expect(writer.nextSeq == Seq(UInt64(written + 1)))
      #expect(writer.recovery.tornTail == nil)
      for record in batch { #expect(try writer.append(draft(record)) == record.seq) }
      try writer.close()
      written += count
      #expect(try readAllRecords(directory) == Array(all[0..<written]))
    }
    #expect(written == 700)
    #expect(try LogVerifier.verify(directory: directory).status == .clean)
  }

  @Test("a record over the limit is recordTooLarge; nothing is used up and the log goes on")
  func recordTooLarge() throws {
    let root = try makeTemporaryDirectory("too-large")
    defer { removeDirectory(root) }
    let directory = join(root, "log")
    let writer = try LogWriter(directory: directory, options: testOptions(payloadMax: 1000))
    try writer.append(RecordDraft(recordedAtNanoseconds: 1, payload: [1, 2, 3]))
    #expect(throws: LogError.recordTooLarge(bytes: 1001, limit: 1000)) {
      try writer.append(
        RecordDraft(recordedAtNanoseconds: 2, payload: [UInt8](repeating: 9, count: 1001)))
    }
    #expect(throws: LogError.recordTooLarge(bytes: 5_000_000, limit: 1000)) {
      try [UInt8](repeating: 0, count: 5_000_000).withUnsafeBytes {
        try writer.append(payload: $0, recordedAtNanoseconds: 3)
      }
    }
    #expect(writer.nextSeq == Seq(2))
    let atLimit = [UInt8](repeating: 7, count: 1000)
    #expect(try writer.append(RecordDraft(recordedAtNanoseconds: 4, payload: atLimit)) == Seq(2))
    #expect(try writer.append(RecordDraft(recordedAtNanoseconds: 5, payload: [])) == Seq(3))
    try writer.close()
    #expect(
      try readAllRecords(directory) == [
        LogRecord(seq: Seq(1), recordedAtNanoseconds: 1, payload: [1, 2, 3]),
        LogRecord(seq: Seq(2), recordedAtNanoseconds: 4, payload: atLimit),
        LogRecord(seq: Seq(3), recordedAtNanoseconds: 5, payload: []),
      ])

    // A limit of 0 admits only empty payloads.
    let zero = try LogWriter(directory: join(root, "zero"), options: testOptions(payloadMax: 0))
    #expect(throws: LogError.recordTooLarge(bytes: 1, limit: 0)) {
      try zero.append(RecordDraft(recordedAtNanoseconds: 0, payload: [1]))
    }
    #expect(try zero.append(RecordDraft(recordedAtNanoseconds: 0, payload: [])) == .first)
    try zero.close()
    #expect(try readAllRecords(join(root, "zero")).map(\.payload) == [[]])
  }

  /// docs/LOG_FORMAT.md, "Writing": a reopened writer continues the active segment "with
  /// that segment's own header: its salt, record_payload_bytes_max and
  /// block_bytes_target". Blocks it writes there must stay within that header's
  /// block_raw_bytes_max, or readers refuse them and the next open cuts them.
  @Test("reopening with larger limits keeps every acknowledged record readable")
  func reopenWithLargerLimits() throws {
    let root = try makeTemporaryDirectory("larger-limits")
    defer { removeDirectory(root) }
    let directory = join(root, "log")
    let first = sessionRecords(seed: 203, count: 20, payloadBytes: 50...200)
    try appendRecords(
      first, to: directory,
      options: testOptions(durability: .fsync, block: 256, roll: 1 << 20, payloadMax: 1000))
    var random = SplitMix64(seed: 204)
    let large = LogRecord(
      seq: Seq(21), recordedAtNanoseconds: 99, payload: textBytes(50_000, &random))
    let small = LogRecord(seq: Seq(22), recordedAtNanoseconds: 100, payload: [1, 2, 3])
    let writer = try LogWriter(
      directory: directory,
      options: testOptions(durability: .fsync, block: 4096, roll: 1 << 20, payloadMax: 100_000))
    try writer.append(draft(large))
    try writer.append(draft(small))
    #expect(try writer.commit() == Seq(22))
    try writer.close()

    let reader = try LogReader(directory: directory)
    #expect(reader.tornTail == nil)
    #expect(reader.lastSeq == Seq(22))
    #expect(try LogVerifier.verify(directory: directory).status == .clean)
    let reopened = try LogWriter(directory: directory, options: testOptions(payloadMax: 100_000))
    #expect(reopened.recovery.tornTail == nil)
    #expect(reopened.nextSeq == Seq(23))
    try reopened.close()
    #expect(try readAllRecords(directory) == first + [large, small])
    // The segment written under the old limits was sealed; the new records went to a new
    // segment whose header carries the new limits.
    let maps = try segmentMaps(directory)
    #expect(maps.count == 2)
    #expect(maps.first?.footerOffset != nil)
    #expect(maps.first?.header.recordPayloadBytesMax == 1000)
    #expect(maps.last?.header.baseSeq == Seq(21))
    #expect(maps.last?.header.recordPayloadBytesMax == 100_000)
    #expect(maps.last?.header.blockBytesTarget == 4096)
  }

  @Test("options out of range are invalidArgument; the boundaries are accepted")
  func optionValidation() throws {
    let root = try makeTemporaryDirectory("options")
    defer { removeDirectory(root) }
    func opens(_ options: LogOptions) -> (any Error)? {
      thrownError {
        let writer = try LogWriter(directory: join(root, "log"), options: options)
        try writer.close()
      }
    }
    func isInvalid(_ error: (any Error)?) -> Bool {
      guard let error = error as? LogError, case .invalidArgument = error else { return false }
      return true
    }
    #expect(isInvalid(opens(LogOptions(blockBytesTarget: 255))))
    #expect(isInvalid(opens(LogOptions(blockBytesTarget: (1 << 29) + 1))))
    #expect(isInvalid(opens(LogOptions(segmentRollBytes: 64))))
    #expect(isInvalid(opens(LogOptions(recordPayloadBytesMax: -1))))
    #expect(isInvalid(opens(LogOptions(recordPayloadBytesMax: (1 << 30) - 27))))
    #expect(opens(LogOptions(durability: .buffered, blockBytesTarget: 256)) == nil)
    #expect(opens(LogOptions(durability: .buffered, blockBytesTarget: 1 << 29)) == nil)
    #expect(opens(LogOptions(durability: .buffered, segmentRollBytes: 65)) == nil)
    #expect(opens(LogOptions(durability: .buffered, recordPayloadBytesMax: 0)) == nil)
    #expect(
      opens(LogOptions(durability: .buffered, recordPayloadBytesMax: (1 << 30) - 28)) == nil)
  }

  @Test("a closed writer refuses appends and commits; closing twice is harmless")
  func closedWriter() throws {
    let root = try makeTemporaryDirectory("closed")
    defer { removeDirectory(root) }
    let writer = try LogWriter(directory: root, options: testOptions())
    try writer.append(RecordDraft(recordedAtNanoseconds: 1, payload: [1]))
    try writer.close()
    try writer.close()
    func isInvalid(_ error: (any Error)?) -> Bool {
      guard let error = error as? LogError, case .invalidArgument = error else { return false }
      return true
    }
    #expect(
      isInvalid(
        thrownError { try writer.append(RecordDraft(recordedAtNanoseconds: 2, payload: [2])) }))
    #expect(isInvalid(thrownError { try writer.commit() }))
    #expect(try readAllRecords(root).count == 1)
  }

  @Test("a writer dropped without close commits what it held and releases the lock")
  func deinitCloses() throws {
    let root = try makeTemporaryDirectory("deinit")
    defer { removeDirectory(root) }
    let records = sessionRecords(seed: 205, count: 40, payloadBytes: 10...60)
    func appendAndDrop() throws {
      let writer = try LogWriter(
        directory: root, options: testOptions(durability: .flush, block: 64 * 1024))
      for record in records { try writer.append(draft(record)) }
    }
    try appendAndDrop()
    #expect(try readAllRecords(root) == records)
    let next = try LogWriter(directory: root, options: testOptions())
    #expect(next.nextSeq == Seq(41))
    try next.close()
  }

  @Test("the log directory is 0700; segments, LOCK and active.idx are 0600")
  func fileModes() throws {
    let root = try makeTemporaryDirectory("modes")
    defer { removeDirectory(root) }
    let directory = join(root, "a/b/log")
    let records = sessionRecords(seed: 206, count: 101)
    try appendRecords(Array(records[0..<100]), to: directory, options: testOptions(roll: 3000))
    // One more record in a session of its own leaves an active segment, and so a
    // watermark, whether or not the first session ended on a sealed segment.
    try appendRecords([records[100]], to: directory, options: testOptions(roll: 3000))
    #expect(try permissions(directory) == 0o700)
    #expect(try permissions(join(root, "a")) == 0o700)
    #expect(try permissions(join(root, "a/b")) == 0o700)
    let names = try directoryNames(directory)
    #expect(names.contains("LOCK"))
    #expect(names.contains("active.idx"))
    #expect(try segmentNames(directory).count > 1)
    for name in names {
      #expect(try permissions(join(directory, name)) == 0o600, "\(name)")
    }
    // After a clean close the lock file is empty.
    #expect(try readFile(join(directory, "LOCK")).isEmpty)
  }
}
