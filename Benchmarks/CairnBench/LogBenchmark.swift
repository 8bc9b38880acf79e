import CairnLogFormat
import CairnStore

#if canImport(Glibc)
  import Glibc
#endif

/// `cairn bench log`: the log's budgets, each measurement in its own process, with raw
/// LZ4 decompression of the same blocks as the reference in the same run.
/// docs/BENCHMARKS.md describes the method and the figures.
public enum LogBenchmark {
  public struct Options: Sendable {
    /// Where the generated log lives; reused across runs when it is already big enough.
    public var directory: String?
    /// Uncompressed record bytes (frames and payloads) the generated log holds at least.
    public var logRawBytes: UInt64
    /// How many times each throughput measurement runs; the report gives the median.
    public var repetitions: Int
    public var appendBufferedRecords: Int
    public var appendFsyncRecords: Int

    public init(
      directory: String? = nil, logRawBytes: UInt64 = 1_100_000_000, repetitions: Int = 3,
      appendBufferedRecords: Int = 2_000_000, appendFsyncRecords: Int = 200_000
    ) {
      self.directory = directory
      self.logRawBytes = logRawBytes
      self.repetitions = repetitions
      self.appendBufferedRecords = appendBufferedRecords
      self.appendFsyncRecords = appendFsyncRecords
    }
  }

  /// The figures, in the order they are reported.
  public struct Report: Sendable {
    public var figures: [(String, Double)]
    public var budgets: [(name: String, met: Bool, text: String)]
  }

  public static func run(
    _ options: Options, progress: @escaping (String) -> Void
  ) throws -> Report {
    let directory = try options.directory ?? makeTemporaryDirectory()
    let logDirectory = directory + "/log"
    let stats = try ensureLog(at: logDirectory, rawBytes: options.logRawBytes, progress: progress)
    var scanRates: [Double] = []
    var lz4Rates: [Double] = []
    var peakRSS: [Double] = []
    for round in 1...options.repetitions {
      progress("scan and raw LZ4, round \(round) of \(options.repetitions)")
      let scan = try worker(.scan, directory: logDirectory)
      scanRates.append(scan["bytes_per_second"] ?? 0)
      peakRSS.append(scan["peak_rss_bytes"] ?? 0)
      let lz4 = try worker(.lz4, directory: logDirectory)
      lz4Rates.append(lz4["bytes_per_second"] ?? 0)
    }
    var bufferedRates: [Double] = []
    var fsyncRates: [Double] = []
    for round in 1...options.repetitions {
      progress("appends, round \(round) of \(options.repetitions)")
      let bufferedDirectory = directory + "/append-buffered"
      BenchFiles.removeTree(bufferedDirectory)
      let buffered = try worker(
        .appendBuffered, directory: bufferedDirectory, records: options.appendBufferedRecords)
      bufferedRates.append(buffered["records_per_second"] ?? 0)
      BenchFiles.removeTree(bufferedDirectory)
      let fsyncDirectory = directory + "/append-fsync"
      BenchFiles.removeTree(fsyncDirectory)
      let durable = try worker(
        .appendFsync, directory: fsyncDirectory, records: options.appendFsyncRecords)
      fsyncRates.append(durable["records_per_second"] ?? 0)
      BenchFiles.removeTree(fsyncDirectory)
    }
    progress("reads at sequence numbers")
    let reads = try worker(.readAtSeq, directory: logDirectory)
    if options.directory == nil { BenchFiles.removeTree(directory) }

    let scanRate = Statistics.median(scanRates)
    let lz4Rate = Statistics.median(lz4Rates)
    let bufferedRate = Statistics.median(bufferedRates)
    let fsyncRate = Statistics.median(fsyncRates)
    let readP50 = reads["p50_us"] ?? 0
    let worstRegionP50 = max(
      reads["p50_us_start"] ?? 0, reads["p50_us_middle"] ?? 0, reads["p50_us_end"] ?? 0)
    let rss = peakRSS.max() ?? 0
    let figures: [(String, Double)] = [
      ("scan_bytes_per_second", scanRate),
      ("lz4_raw_bytes_per_second", lz4Rate),
      ("scan_fraction_of_lz4", lz4Rate > 0 ? scanRate / lz4Rate : 0),
      ("append_buffered_records_per_second", bufferedRate),
      ("append_fsync_records_per_second", fsyncRate),
      ("read_at_seq_p50_us", readP50),
      ("read_at_seq_p50_us_start", reads["p50_us_start"] ?? 0),
      ("read_at_seq_p50_us_middle", reads["p50_us_middle"] ?? 0),
      ("read_at_seq_p50_us_end", reads["p50_us_end"] ?? 0),
      ("read_at_seq_p99_us", reads["p99_us"] ?? 0),
      ("scan_peak_rss_bytes", rss),
      ("log_raw_bytes", Double(stats.rawBytes)),
      ("log_stored_bytes", Double(stats.storedBytes)),
      ("log_records", Double(stats.records)),
      ("log_segments", Double(stats.segments)),
      ("repetitions", Double(options.repetitions)),
    ]
    let budgets: [(String, Bool, String)] = [
      ("scan_bytes_per_second", scanRate >= 1e9, "full scan >= 1 GB/s"),
      ("scan_fraction_of_lz4", scanRate >= 0.5 * lz4Rate, "full scan >= 50% of raw LZ4"),
      (
        "append_buffered_records_per_second", bufferedRate >= 1_000_000,
        "buffered append >= 1,000,000 records/s"
      ),
      (
        "append_fsync_records_per_second", fsyncRate >= 100_000,
        "durable append (batches of 1,000) >= 100,000 records/s"
      ),
      (
        "read_at_seq_p50_us", worstRegionP50 <= 1000, "read at any seq <= 1 ms (start, middle, end)"
      ),
      ("scan_peak_rss_bytes", rss <= 32 * 1024 * 1024, "scan peak RSS <= 32 MB"),
    ]
    return Report(figures: figures, budgets: budgets.map { ($0.0, $0.1, $0.2) })
  }

  /// Runs one measurement in a child process and parses its `name value` lines.
  private static func worker(
    _ measure: LogBenchmarkWorker.Measure, directory: String, records: Int = 0
  ) throws -> [String: Double] {
    try ChildProcess.runSelfFigures([
      "bench", "log-worker", measure.rawValue, directory, "--records", String(records),
    ])
  }

  private static func makeTemporaryDirectory() throws -> String {
    let path = BenchFiles.temporaryBase() + "/cairn-bench-\(getpid())"
    try BenchFiles.makeDirectory(path)
    return path
  }

  /// Generates the benchmark log (seeded, 100–500-byte records) unless one of at least
  /// `rawBytes` is already there.
  private static func ensureLog(
    at directory: String, rawBytes: UInt64, progress: @escaping (String) -> Void
  ) throws -> LogStats {
    if BenchFiles.exists(directory),
      let stats = try? LogStats.collect(directory: directory), stats.rawBytes >= rawBytes,
      stats.tornTail == nil
    {
      return stats
    }
    BenchFiles.removeTree(directory)
    progress("generating a log of \(rawBytes / 1_000_000) MB of records")
    let writer = try LogWriter(
      directory: directory, options: LogOptions(durability: .buffered, salts: .seeded(7)))
    var source = SessionLikeRecords(seed: 7, payloadBytesRange: 100...500)
    var written: UInt64 = 0
    var lastReported: UInt64 = 0
    while written < rawBytes {
      let record = source.next()!
      try record.payload.withUnsafeBytes { payload in
        _ = try writer.append(
          payload: payload, recordedAtNanoseconds: record.recordedAtNanoseconds,
          kind: record.kind, schemaVersion: record.schemaVersion, causation: record.causation)
      }
      written += UInt64(RecordFrame.headerByteCount + record.payload.count)
      if written - lastReported >= 100_000_000 {
        lastReported = written
        progress("generated \(written / 1_000_000) of \(rawBytes / 1_000_000) MB")
      }
    }
    try writer.close()
    return try LogStats.collect(directory: directory)
  }
}
