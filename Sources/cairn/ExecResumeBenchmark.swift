import CairnCodex
import CairnCore
import CairnEngine
import CairnServer
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// `cairn bench exec-resume`: `cairn exec resume` of a long session that was compacted as
/// it grew (a semantic summary every few turns, as the runtime compacts), from process
/// start to the first request byte at the server, and the size of that request; against
/// the same work on a session 100 times smaller.
enum ExecResumeBenchmark {
  struct Options {
    var events: Int
    var smallEvents: Int
    var summaryEveryTurns: Int
    var repetitions: Int
    var directory: String
    var withCodex = false
  }

  static let contextWindowTokens = 258_400

  static func run(_ options: Options, progress: @escaping @Sendable (String) -> Void) async throws
    -> (figures: [(String, Double)], budgets: [(name: String, met: Bool, text: String)])
  {
    let home = CairnHome(root: options.directory)
    let sessions = [("large", options.events), ("small", options.smallEvents)]
    for (label, events) in sessions {
      let id = sessionID(label, events: events, every: options.summaryEveryTurns)
      guard try LogReaderProbe.exists(home: home, id) == false else { continue }
      progress("generating \(events) events into \(home.sessionDirectory(id))")
      let bar = ProgressBar(label: "generating", total: UInt64(events))
      _ = try SessionFixture.generate(
        home: home, sessionID: id,
        options: SessionFixture.Options(
          events: events, seed: 7, summaryEveryTurns: options.summaryEveryTurns)
      ) { bar.update(UInt64($0)) }
      bar.finish()
    }
    let arrivals = Arrivals()
    let script =
      #"{"responses": [{"repeat": true, "output": [{"type": "message", "text": "ok"}]}]}"#
    let server = try await ResponsesServer.start(
      script: try ResponsesScript.parse(Array(script.utf8), file: "<bench script>"),
      firstByte: { time in arrivals.times.withLock { $0.append(time) } })
    let scratch = try ExecBenchmark.makeScratch(port: server.port)
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    let environment = [
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
      "HOME": scratch + "/home", "CODEX_HOME": scratch + "/codex-home",
      "CAIRN_HOME": options.directory, ExecBenchmark.apiKeyVariable: "sk-bench-000",
      "TZ": "UTC", "LANG": "C.UTF-8",
    ]
    let cairn = try ExecBenchmark.selfExecutablePath()
    let work = scratch + "/work"
    let every = options.summaryEveryTurns
    let samples = try await ExecBenchmark.onThread {
      var firstByte: [String: [Double]] = [:]
      for round in 0...options.repetitions {
        if round > 0 { progress("round \(round) of \(options.repetitions)") }
        for (label, events) in sessions {
          arrivals.times.withLock { $0.removeAll() }
          let id = sessionID(label, events: events, every: every)
          let arguments = [
            "exec", "--json", "--skip-git-repo-check", "-s", "danger-full-access", "resume",
            id.rawValue, "next",
          ]
          let start = ExecBenchmark.nowNanoseconds()
          let status = try ExecBenchmark.spawnAndWait(cairn, arguments, work, environment)
          guard status == 0 else {
            throw ExecBenchmarkError("`cairn \(arguments.joined(separator: " "))` exited \(status)")
          }
          guard let first = arrivals.times.withLock({ $0.first }), first >= start else {
            throw ExecBenchmarkError("`cairn exec resume` sent no request")
          }
          // Round 0 warms the page cache and is not counted.
          if round > 0 { firstByte[label, default: []].append(Double(first - start) / 1e6) }
        }
      }
      return firstByte
    }
    let largestBody = server.requests.map(\.body.count).max() ?? 0
    var codexFigures: [(String, Double)] = []
    if options.withCodex {
      let codex = try ExecBenchmark.resolve("codex")
      for (label, events) in sessions {
        let id = sessionID(label, events: events, every: every)
        progress("exporting \(id) as a Codex rollout")
        let exported = try CodexExport.export(
          home: home, sessionID: id, to: .codexHome(scratch + "/codex-home"))
        progress("codex exec resume of \(exported.bytes / 1_000_000) MB (one run)")
        let (firstByteMilliseconds, bodyBytes) = try await ExecBenchmark.onThread {
          arrivals.times.withLock { $0.removeAll() }
          let before = server.requests.count
          let arguments = [
            "exec", "--json", "--skip-git-repo-check", "-s", "danger-full-access", "resume",
            exported.threadID, "next",
          ]
          let start = ExecBenchmark.nowNanoseconds()
          let status = try ExecBenchmark.spawnAndWait(codex, arguments, work, environment)
          guard status == 0, let first = arrivals.times.withLock({ $0.first }), first >= start
          else {
            throw ExecBenchmarkError("`codex exec resume` exited \(status) without a request")
          }
          let body = server.requests.dropFirst(before).map(\.body.count).max() ?? 0
          return (Double(first - start) / 1e6, body)
        }
        codexFigures.append(("codex_resume_\(label)_rollout_bytes", Double(exported.bytes)))
        codexFigures.append(("codex_resume_\(label)_first_request_byte_ms", firstByteMilliseconds))
        codexFigures.append(("codex_resume_\(label)_request_body_bytes", Double(bodyBytes)))
      }
    }
    try await server.shutdown()
    let large = ExecBenchmark.median(samples["large"] ?? [])
    let small = ExecBenchmark.median(samples["small"] ?? [])
    let figures: [(String, Double)] =
      [
        ("repetitions", Double(options.repetitions)),
        ("events_large", Double(options.events)), ("events_small", Double(options.smallEvents)),
        ("resume_large_first_request_byte_ms", large),
        ("resume_small_first_request_byte_ms", small),
        ("large_over_small", small > 0 ? large / small : 0),
        ("largest_request_body_bytes", Double(largestBody)),
        ("largest_request_body_estimated_tokens", Double(largestBody / 4)),
      ] + codexFigures
    let budgets = [
      (
        name: "exec_resume_first_request_byte_le_100ms", met: large <= 100,
        text:
          "cairn exec resume of a \(options.events)-event session ≤ 100 ms to the first request byte (Codex: 20.9 s for 500 MB)"
      ),
      (
        name: "request_within_context_window", met: largestBody / 4 <= contextWindowTokens,
        text:
          "every request body within the context window (\(contextWindowTokens) tokens at 4 bytes a token)"
      ),
    ]
    return (figures, budgets)
  }

  static func sessionID(_ label: String, events: Int, every: Int) -> SessionID {
    SessionID("bench-resume-\(label)-\(events)-every-\(every)")
  }
}
