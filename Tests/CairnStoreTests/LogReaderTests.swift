import CairnLogFormat
import CairnStore
import Testing

@Suite("LogReader: what was written reads back, by scan and by sequence number")
struct LogReaderTests {
  @Test("records from 0 bytes to several MiB round-trip across segments, every field")
  func roundTripAcrossSegments() throws {
    let root = try makeTemporaryDirectory("roundtrip")
    defer { removeDirectory(root) }
    let directory = join(root, "log")
    let records = variedRecords(
      seed: 100, count: 400, largeBytes: [3 << 20, (1 << 20) + 17, 2 << 20])
    #expect(records.contains { $0.payload.isEmpty })
    #expect(records.map(\.payload.count).max() == 3 << 20)
    let options = testOptions(block: 1024, roll: 16 * 1024, payloadMax: 4 << 20)
    try appendRecords(records, to: directory, options: options, commitEvery: 13)

    let read = try readAllRecords(directory)
    #expect(read.count == records.count)
    #expect(read == records)
    for (got, expected) in zip(read, records) where got != expected {
      Issue.record("record \(expected.seq) differs")
    }

    let reader = try LogReader(directory: directory)
    #expect(reader.lastSeq == Seq(400))
    #expect(reader.tornTail == nil)
    #expect(reader.segmentCount >= 4)
    #expect(reader.sealedSegmentCount >= reader.segmentCount - 1)
    let maps = try segmentMaps(directory)
    #expect(maps.count == reader.segmentCount)
    #expect(maps.dropLast().allSatisfy { $0.footerOffset != nil })
    let blockCount = maps.reduce(0) { $0 + $1.blocks.count }
    #expect(try reader.indexEntryCount() == blockCount)
    // Noise in a large record is stored raw; text is compressed.
    let headers = try reader.blockHeaders()
    #expect(headers.contains { $0.codec == .raw && $0.rawBytes > 1 << 20 })
    #expect(headers.contains { $0.codec == .lz4 && $0.recordCount > 1 })
    #expect(try LogVerifier.verify(directory: directory).status == .clean)
  }

  @Test("record(at:) for the first, middle and last record and both ends of every block")
  func recordAtBlockBoundaries() throws {
    let root = try makeTemporaryDirectory("record-at")
    defer { removeDirectory(root) }
    let directory = join(root, "log")
    let records = variedRecords(seed: 101, count: 600, largeBytes: [300_000])
    try appendRecords(
      records, to: directory, options: testOptions(block: 700, roll: 6000, payloadMax: 400_000),
      commitEvery: 11)
    let reader = try LogReader(directory: directory)
    let headers = try reader.blockHeaders()
    #expect(headers.count > 50)
    var probes: [UInt64] = [1, 300, 600]
    for header in headers {
      probes += [header.firstSeq.rawValue, header.lastSeq.rawValue]
    }
    #expect(headers.first?.firstSeq == .first)
    #expect(headers.last?.lastSeq == Seq(600))
    for (previous, next) in zip(headers, headers.dropFirst()) {
      #expect(next.firstSeq == previous.lastSeq.next)
    }
    for seq in probes {
      #expect(try reader.record(at: Seq(seq)) == records[Int(seq) - 1])
    }
    #expect(try reader.record(at: .none) == nil)
    #expect(try reader.record(at: Seq(601)) == nil)
    #expect(try reader.record(at: Seq(.max)) == nil)
    // A fresh reader per lookup gives the same answers (no state carried between reads).
    for seq in stride(from: 1, through: 600, by: 37) {
      #expect(try LogReader(directory: directory).record(at: Seq(UInt64(seq))) == records[seq - 1])
    }
  }

  @Test("scan(from:through:) returns exactly the records in range, and stops when asked")
  func scanRanges() throws {
    let root = try makeTemporaryDirectory("scan")
    defer { removeDirectory(root) }
    let directory = join(root, "log")
    let records = sessionRecords(seed: 102, count: 900, payloadBytes: 20...300)
    try appendRecords(
      records, to: directory, options: testOptions(block: 600, roll: 5000), commitEvery: 50)
    let reader = try LogReader(directory: directory)
    #expect(reader.segmentCount > 5)
    func scanned(_ from: UInt64, _ through: UInt64?) throws -> [LogRecord] {
      var out: [LogRecord] = []
      try reader.scan(from: Seq(from), through: through.map { Seq($0) }) { view in
        out.append(view.record())
        return true
      }
      return out
    }
    func expected(_ from: UInt64, _ through: UInt64?) -> [LogRecord] {
      let low = max(from, 1)
      let high = min(through ?? 900, 900)
      guard low <= high else { return [] }
      return Array(records[Int(low - 1)..<Int(high)])
    }
    var random = SplitMix64(seed: 103)
    var ranges: [(UInt64, UInt64?)] = [
      (0, nil), (1, nil), (900, nil), (901, nil), (1, 1), (900, 900), (0, 0), (5, 4),
      (450, 2000), (1, .max), (899, 901),
    ]
    for _ in 0..<150 {
      let from = random.next() % 905
      ranges.append((from, random.next() % 4 == 0 ? nil : from + random.next() % 300))
    }
    for (from, through) in ranges {
      #expect(
        try scanned(from, through) == expected(from, through),
        "from \(from) through \(String(describing: through))")
    }
    // Returning false stops the scan at once, across blocks and segments.
    for stopAfter in [1, 2, 17, 400] {
      var seen: [Seq] = []
      try reader.scan(from: Seq(100)) { view in
        seen.append(view.seq)
        return seen.count < stopAfter
      }
      #expect(seen == (0..<stopAfter).map { Seq(UInt64(100 + $0)) })
    }
  }

  @Test("a segment per block (the smallest roll size) still reads back")
  func oneBlockPerSegment() throws {
    let root = try makeTemporaryDirectory("roll-every-block")
    defer { removeDirectory(root) }
    let directory = join(root, "log")
    let records = sessionRecords(seed: 104, count: 120, payloadBytes: 50...200)
    try appendRecords(records, to: directory, options: testOptions(block: 256, roll: 65))
    let reader = try LogReader(directory: directory)
    let headers = try reader.blockHeaders()
    #expect(reader.segmentCount == headers.count)
    #expect(reader.sealedSegmentCount == headers.count)
    #expect(try readAllRecords(directory) == records)
    #expect(try LogVerifier.verify(directory: directory).status == .clean)
  }

  @Test("an empty log reads as empty; a missing directory is notALog")
  func emptyAndMissing() throws {
    let root = try makeTemporaryDirectory("empty")
    defer { removeDirectory(root) }
    let reader = try LogReader(directory: root)
    #expect(reader.lastSeq == .none)
    #expect(reader.segmentCount == 0)
    #expect(try reader.record(at: .first) == nil)
    var calls = 0
    try reader.scan { _ in
      calls += 1
      return true
    }
    #expect(calls == 0)
    let missing = join(root, "missing")
    #expect(throws: LogError.notALog(directory: missing)) { try LogReader(directory: missing) }
    #expect(throws: LogError.notALog(directory: missing)) {
      try LogVerifier.verify(directory: missing)
    }
    #expect(throws: LogError.notALog(directory: missing)) {
      try LogRepair.repair(directory: missing, force: false)
    }
    // A writer that opens and closes without appending leaves no segment behind.
    let writer = try LogWriter(directory: join(root, "new"), options: testOptions())
    try writer.close()
    #expect(try segmentNames(join(root, "new")).isEmpty)
    #expect(try LogReader(directory: join(root, "new")).lastSeq == .none)
  }

  @Test("stats and full verification agree with what was written")
  func statsAndVerifyCounts() throws {
    let root = try makeTemporaryDirectory("stats")
    defer { removeDirectory(root) }
    let directory = join(root, "log")
    let records = variedRecords(seed: 105, count: 300)
    try appendRecords(
      records, to: directory, options: testOptions(block: 2048, roll: 20_000, payloadMax: 70_000),
      commitEvery: 25)
    let stats = try LogStats.collect(directory: directory)
    let maps = try segmentMaps(directory)
    let blocks = maps.flatMap(\.blocks)
    #expect(stats.records == 300)
    #expect(stats.firstSeq == .first)
    #expect(stats.lastSeq == Seq(300))
    #expect(stats.segments == maps.count)
    #expect(stats.sealedSegments == maps.filter { $0.footerOffset != nil }.count)
    #expect(stats.blocks == blocks.count)
    #expect(stats.indexEntries == blocks.count)
    #expect(stats.lz4Blocks == blocks.filter { $0.header.codec == .lz4 }.count)
    let frameBytes = records.reduce(0) { $0 + 28 + $1.payload.count }
    #expect(stats.rawBytes == UInt64(frameBytes))
    #expect(stats.storedBytes == UInt64(blocks.reduce(0) { $0 + $1.header.totalBytes }))
    #expect(stats.fileBytes == UInt64(maps.reduce(0) { $0 + $1.fileBytes }))
    #expect(stats.tornTail == nil)
    let report = try LogVerifier.verify(directory: directory)
    #expect(report.status == .clean)
    #expect(report.segments == stats.segments)
    #expect(report.blocks == stats.blocks)
    #expect(report.records == stats.records)
    #expect(report.rawBytes == stats.rawBytes)
    #expect(report.storedBytes == stats.storedBytes)
    #expect(report.writerPid == nil)

    let empty = try LogStats.collect(directory: root)
    #expect(empty.records == 0)
    #expect(empty.firstSeq == .none)
    #expect(empty.lastSeq == .none)
    #expect(empty.compressionRatio == 0)
  }
}
