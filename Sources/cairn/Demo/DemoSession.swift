import CairnCore
import CairnEngine
import CairnModel
import CairnStore

#if canImport(Glibc)
  import Glibc
#endif

/// The blocking part of `cairn demo`: the workspace, the session, its three turns, the
/// resume and the replay, printed as they happen.
struct DemoSession {
  let root: String
  let baseURL: String

  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  func run() throws {
    let workspace = root + "/workspace"
    let home = CairnHome(root: root + "/cairn-home")
    try makeWorkspace(workspace)
    print("cairn demo: offline agent session")
    print("  model server  \(baseURL) (scripted, loopback only)")
    print("  workspace     \(workspace)")
    print("  approval      untrusted (commands that change files ask first)")

    var ids = UUIDv7Generator()
    let sessionID = SessionID(ids.next(unixNanoseconds: wallClockNanoseconds()))
    var engine = try SessionEngine.create(
      home: home,
      SessionCreated(
        sessionID: sessionID, cwd: workspace, model: "demo-model", provider: "demo",
        approvalPolicy: .untrusted, sandboxMode: .dangerFullAccess),
      clock: wallClockNanoseconds)
    var runner = try makeRunner(engine)
    try turn(1, DemoScript.firstPrompt, runner)
    try turn(2, DemoScript.secondPrompt, runner)
    let buildGone = access(workspace + "/build", F_OK) != 0
    print("  (build/ \(buildGone ? "is gone from" : "is still in") the workspace)")
    try engine.close()

    let resumeStart = monotonicNanoseconds()
    engine = try SessionEngine.open(home: home, sessionID: sessionID, clock: wallClockNanoseconds)
    runner = try makeRunner(engine)
    let resumeMilliseconds = milliseconds(since: resumeStart)
    print("")
    print(
      "resumed session \(sessionID.rawValue) in \(format(resumeMilliseconds)) ms "
        + "(\(engine.state.lastSeq.rawValue) events)")
    try turn(3, DemoScript.thirdPrompt, runner)
    try engine.close()

    let replayStart = monotonicNanoseconds()
    let report = try SessionReplay.run(
      sessionID: sessionID, directory: home.sessionDirectory(sessionID), verify: true)
    let replaySeconds = Double(monotonicNanoseconds() - replayStart) / 1e9
    let perSecond = (Double(report.eventsReplayed) / max(replaySeconds, 1e-9)).rounded()
    print("")
    print(
      "replayed \(report.eventsReplayed) events in \(format(replaySeconds * 1000)) ms "
        + "(\(Int64(perSecond)) events/s), \(report.state.turns.completedCount) turns, "
        + (report.mismatches.isEmpty ? "state verified" : "STATE MISMATCH"))
    guard buildGone, report.mismatches.isEmpty else {
      throw Failure(description: "the demo did not end as scripted")
    }
    print("demo complete: no network, no API key")
  }

  private func makeRunner(_ engine: SessionEngine) throws -> TurnRunner {
    let endpoint = ModelEndpoint(
      providerID: "demo", providerName: "Cairn demo", responsesURL: baseURL + "/responses",
      apiKey: APIKey("demo-key"), requestMaxRetries: 0, streamMaxRetries: 0)
    var options = TurnRuntimeOptions(
      model: "demo-model", instructions: AgentDefaults.instructions, tools: AgentDefaults.tools())
    options.maxRounds = 4
    let runner = TurnRunner(
      engine: engine,
      history: try ModelHistory.load(directory: engine.directory, state: engine.state),
      client: ModelClient(transport: ResponsesTransport(endpoint: endpoint)), options: options,
      tools: ToolExecutor(
        sandbox: .dangerFullAccess, environment: ProcessEnvironment.current,
        clock: wallClockNanoseconds),
      context: TurnRunner.RequestContext(apiKey: endpoint.apiKey, userAgent: CairnUserAgent.value),
      streamMaxRetries: 0, cancel: CancellationFlag(), clock: wallClockNanoseconds)
    var human = ExecHumanRenderer()
    runner.onEnvelope = { envelope in
      let text = human.text(for: envelope)
      if !text.isEmpty { print(indented(text), terminator: "") }
    }
    runner.approver = { pending in
      print("  approval requested (\(pending.risk.rawValue)): \(pending.reason)")
      for reason in pending.reasons where !pending.reason.contains(reason) {
        print("    - \(reason)")
      }
      print("  approved by the demo, as a user would (approved once)")
      return .approvedOnce
    }
    return runner
  }

  private func turn(_ number: Int, _ prompt: String, _ runner: TurnRunner) throws {
    print("")
    print("── turn \(number) ──")
    let start = monotonicNanoseconds()
    let outcome = try runner.run(prompt: prompt, contextMessages: [])
    guard case .completed = outcome else {
      throw Failure(description: "turn \(number) did not complete: \(outcome)")
    }
    print("turn \(number) done in \(format(milliseconds(since: start))) ms")
  }

  private func makeWorkspace(_ workspace: String) throws {
    for directory in [workspace, workspace + "/build"] {
      guard mkdir(directory, 0o700) == 0 else {
        throw Failure(
          description: "cannot create \(directory): \(String(cString: strerror(errno)))")
      }
    }
    try write("# Demo project\n", to: workspace + "/README.md")
    try write("generated\n", to: workspace + "/build/output.o")
  }

  private func write(_ text: String, to path: String) throws {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else {
      throw Failure(description: "cannot create \(path): \(String(cString: strerror(errno)))")
    }
    defer { close(descriptor) }
    let bytes = Array(text.utf8)
    guard
      bytes.withUnsafeBytes({ Glibc.write(descriptor, $0.baseAddress!, $0.count) }) == bytes.count
    else {
      throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))")
    }
  }

  /// Exec's human output, indented under the turn's heading.
  private func indented(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
      .map { "  " + $0 + "\n" }.joined()
  }

  private func monotonicNanoseconds() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
  }

  private func milliseconds(since start: Int64) -> Double {
    Double(monotonicNanoseconds() - start) / 1e6
  }

  private func format(_ milliseconds: Double) -> String {
    String(Double(Int(milliseconds * 10)) / 10)
  }
}
