import CLZ4
import CairnLogFormat
import CairnStore

/// One measurement of `cairn bench log`, run in a process of its own so that its timing
/// and peak memory are its alone. Each returns named figures.
public enum LogBenchmarkWorker {
  public enum Measure: String, CaseIterable, Sendable {
    /// Read, verify, decompress and frame every record of the log.
    case scan
    /// The reference: the same block reads, raw `LZ4_decompress_safe`, nothing else.
    case lz4
    /// Append 200-byte records with `.buffered` durability.
    case appendBuffered = "append-buffered"
    /// Append 200-byte records with `.fsync` durability, committing every 1,000.
    case appendFsync = "append-fsync"
    /// Read single records at sequence numbers near the start, middle and end.
    case readAtSeq = "read-at-seq"
  }

  public static func run(_ measure: Measure, directory: String, records: Int) throws -> [(
    String, Double
  )] {
    switch measure {
    case .scan: return try scan(directory: directory)
    case .lz4: return try lz4Reference(directory: directory)
    case .appendBuffered:
      return try append(directory: directory, records: records, durability: .buffered, batch: 0)
    case .appendFsync:
      return try append(directory: directory, records: records, durability: .fsync, batch: 1000)
    case .readAtSeq: return try readAtSeq(directory: directory)
    }
  }

  private static func scan(directory: String) throws -> [(String, Double)] {
    let start = BenchClock.nowNanoseconds()
    let reader = try LogReader(directory: directory)
    var bytes = 0
    var records = 0
    var touched: UInt64 = 0
    try reader.scan { record in
      bytes &+= RecordFrame.headerByteCount &+ record.payload.count
      records &+= 1
      touched &+= UInt64(record.kind) &+ record.causation.rawValue
      return true
    }
    let seconds = Double(BenchClock.nowNanoseconds() - start) / 1e9
    return [
      ("seconds", seconds), ("bytes", Double(bytes)), ("records", Double(records)),
      ("bytes_per_second", Double(bytes) / seconds),
      ("peak_rss_bytes", Double(BenchClock.peakResidentBytes())),
      ("touched", Double(touched % 1000)),
    ]
  }

  private static func lz4Reference(directory: String) throws -> [(String, Double)] {
    let start = BenchClock.nowNanoseconds()
    let reader = try LogReader(directory: directory)
    var output = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    defer { output.deallocate() }
    var bytes = 0
    try reader.forEachStoredBlock { block in
      let rawBytes = Int(block.loadLE(at: 24, as: UInt32.self))
      let storedBytes = Int(block.loadLE(at: 20, as: UInt32.self))
      if rawBytes > output.count {
        output.deallocate()
        output = .allocate(byteCount: rawBytes, alignment: 16)
      }
      let payload = block.baseAddress! + BlockHeader.byteCount
      if block[16] == BlockHeader.Codec.lz4.rawValue {
        let produced = LZ4_decompress_safe(
          payload.assumingMemoryBound(to: CChar.self),
          output.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(storedBytes),
          Int32(rawBytes))
        precondition(produced == Int32(rawBytes), "reference decompression failed")
      } else {
        output.baseAddress!.copyMemory(from: payload, byteCount: rawBytes)
      }
      bytes += rawBytes
    }
    let seconds = Double(BenchClock.nowNanoseconds() - start) / 1e9
    return [
      ("seconds", seconds), ("bytes", Double(bytes)),
      ("bytes_per_second", Double(bytes) / seconds),
      ("peak_rss_bytes", Double(BenchClock.peakResidentBytes())),
    ]
  }

  /// A pool of realistic 200-byte payloads, made before the clock starts.
  private static func payloadPool() -> [[UInt8]] {
    var source = SessionLikeRecords(seed: 200, payloadBytesRange: 200...200)
    return (0..<4096).map { _ in source.next()!.payload }
  }

  private static func append(
    directory: String, records: Int, durability: Durability, batch: Int
  ) throws -> [(String, Double)] {
    let pool = payloadPool()
    let start = BenchClock.nowNanoseconds()
    let writer = try LogWriter(
      directory: directory, options: LogOptions(durability: durability))
    var time: Int64 = 1_767_225_600_000_000_000
    for index in 0..<records {
      time += 1000
      try pool[index & 4095].withUnsafeBytes { payload in
        _ = try writer.append(payload: payload, recordedAtNanoseconds: time, kind: 2)
      }
      if batch > 0 && (index + 1) % batch == 0 { try writer.commit() }
    }
    try writer.close()
    let seconds = Double(BenchClock.nowNanoseconds() - start) / 1e9
    return [
      ("seconds", seconds), ("records", Double(records)),
      ("records_per_second", Double(records) / seconds),
    ]
  }

  private static func readAtSeq(directory: String) throws -> [(String, Double)] {
    let reader = try LogReader(directory: directory)
    let last = reader.lastSeq.rawValue
    guard last > 0 else { return [] }
    var random = SplitMix64(seed: 99)
    var figures: [(String, Double)] = []
    var all: [Double] = []
    let window: UInt64 = min(10_000, last)
    let regions: [(String, UInt64)] = [
      ("start", 1), ("middle", max(1, last / 2 - window / 2)), ("end", last - window + 1),
    ]
    for (name, base) in regions {
      var samples: [Double] = []
      for _ in 0..<300 {
        let seq = base + random.next() % window
        let start = BenchClock.nowNanoseconds()
        let record = try reader.record(at: Seq(seq))
        let micros = Double(BenchClock.nowNanoseconds() - start) / 1000
        precondition(record?.seq == Seq(seq), "read-at-seq returned the wrong record")
        samples.append(micros)
      }
      all += samples
      figures.append(("p50_us_\(name)", Statistics.median(samples)))
      figures.append(("max_us_\(name)", samples.max() ?? 0))
    }
    figures.append(("p50_us", Statistics.median(all)))
    figures.append(("p99_us", Statistics.percentile(all, 0.99)))
    return figures
  }
}
