import CairnCore
import CairnEngine
import CairnLogFormat

#if canImport(Glibc)
  import Glibc
#endif

/// Scrolling back in a huge session: the time to page one screenful of older transcript
/// items in from the log (`TranscriptPager`, one page of `pageItems` items, complete), with
/// a fresh pager each time (nothing cached) and the log in the page cache (as when one
/// scrolls a session just opened). Pages near the window, in the middle, and at the start.
/// The session is `cairn bench resume`'s seeded 1,000,000-event fixture.
public enum TranscriptPageBenchmark {
  public struct Options: Sendable {
    public var directory: String?
    public var runs: Int
    public var events: Int

    public init(directory: String? = nil, runs: Int = 21, events: Int = 1_000_000) {
      self.directory = directory
      self.runs = runs
      self.events = events
    }
  }

  public static func run(_ options: Options, progress: @escaping (String) -> Void) throws
    -> [(String, Double)]
  {
    let directory =
      options.directory ?? BenchFiles.temporaryBase() + "/cairn-bench-page-\(getpid())"
    try BenchFiles.makeDirectory(directory)
    defer { if options.directory == nil { BenchFiles.removeTree(directory) } }
    let root = directory + "/resume-home"
    let id = ResumeBenchmark.sessionID(options.events)
    progress("session of \(options.events) events: checking, generating if missing")
    _ = try ResumeBenchmarkWorker.ensureSession(
      home: root, sessionID: id, events: options.events,
      toolChunkBytesMean: ResumeBenchmark.toolChunkBytesMean, seed: ResumeBenchmark.seed,
      progress: progress)
    let home = CairnHome(root: root)
    let sessionID = SessionID(id)
    let timeline = try SessionTimeline(home: home, sessionID: sessionID)
    let state = try timeline.state(at: timeline.lastSeq)
    let older = state.transcript.olderItemSeqs.count
    let page = TranscriptPager.pageItems
    let positions: [(String, Range<Int>)] = [
      ("newest", max(older - page, 0)..<older),
      ("middle", older / 2..<min(older / 2 + page, older)),
      ("oldest", 0..<min(page, older)),
    ]
    var figures: [(String, Double)] = [
      ("older_items", Double(older)), ("page_items", Double(page)),
    ]
    for (name, range) in positions {
      // Warm-up: the blocks in the page cache.
      _ = try TranscriptPager(sessionID: sessionID, directory: timeline.directory)
        .items(state, in: range)
      var samples: [Double] = []
      for _ in 0..<options.runs {
        let pager = try TranscriptPager(sessionID: sessionID, directory: timeline.directory)
        let start = BenchClock.nowNanoseconds()
        let items = try pager.items(state, in: range)
        samples.append(Double(BenchClock.nowNanoseconds() - start) / 1e6)
        precondition(items.count == range.count)
      }
      progress("\(name) page: median \(Statistics.median(samples)) ms")
      figures.append(("page_ms_\(name)_median", Statistics.median(samples)))
      figures.append(("page_ms_\(name)_p90", Statistics.percentile(samples, 0.9)))
    }
    return figures
  }
}
