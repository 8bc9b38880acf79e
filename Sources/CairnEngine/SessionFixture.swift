import CairnCore
import CairnLogFormat
import CairnStore

/// A realistic, status-rich session made from a seed: turns with streamed reasoning and
/// text, tool runs with outputs of varied size, approvals, denials, aborts, interrupts,
/// failures, token usage, compactions, terminal resizes and composer edits. It drives the
/// real engine with commands, so it exercises `decide` and `evolve` as a live session
/// does. Times, ids and segment salts all derive from the seed: the same seed writes
/// byte-identical segment files.
public struct SessionFixture {
  public struct Options: Sendable {
    public var events: Int
    public var seed: UInt64
    /// Mean bytes of a tool output chunk; the largest fixtures raise it to reach a target
    /// payload volume.
    public var toolChunkBytesMean: Int
    /// Compact as the runtime does, every this many turns: a semantic summary with a text
    /// (nil: the mixed compactions of the default fixture).
    public var summaryEveryTurns: Int?

    public init(
      events: Int, seed: UInt64, toolChunkBytesMean: Int = 2048, summaryEveryTurns: Int? = nil
    ) {
      self.events = events
      self.seed = seed
      self.toolChunkBytesMean = toolChunkBytesMean
      self.summaryEveryTurns = summaryEveryTurns
    }
  }

  private var random: SplitMix64
  private let options: Options
  private var clockNanoseconds: Int64
  private var turnNumber = 0
  private var callNumber = 0
  private var itemNumber = 0

  public init(options: Options) {
    self.options = options
    random = SplitMix64(seed: options.seed)
    clockNanoseconds = 1_767_225_600_000_000_000 + Int64(options.seed % 1_000_000) * 1_000_000
  }

  /// Generates the session into `home` and returns its final state.
  public static func generate(
    home: CairnHome, sessionID: SessionID, options: Options,
    engineOptions: EngineOptions? = nil, progress: (Int) -> Void = { _ in }
  ) throws -> SessionState {
    var fixture = SessionFixture(options: options)
    let clock = FixtureClock(start: fixture.clockNanoseconds, seed: options.seed)
    var engineOptions =
      engineOptions
      ?? EngineOptions(
        log: LogOptions(durability: .buffered), checkpointTurnEndEventsMin: 1_000)
    engineOptions.log.salts = .seeded(options.seed)
    let engine = try SessionEngine.create(
      home: home,
      SessionCreated(
        sessionID: sessionID, cwd: "/work/project-\(options.seed % 97)", model: "gpt-5-codex",
        provider: "openai", approvalPolicy: .untrusted, sandboxMode: .workspaceWrite),
      options: engineOptions, clock: clock.tick)
    var lastReported = 0
    while Int(engine.state.lastSeq.rawValue) < options.events {
      try fixture.turn(engine, until: options.events)
      let done = Int(engine.state.lastSeq.rawValue)
      if done - lastReported >= 10_000 {
        lastReported = done
        progress(done)
      }
    }
    try engine.close()
    return engine.state
  }

  private mutating func below(_ bound: Int) -> Int { Int(random.next() % UInt64(max(bound, 1))) }
  private mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

  private static let words = [
    "the", "test", "fails", "because", "segment", "index", "is", "stale", "let", "me", "check",
    "Package.swift", "and", "run", "swift", "build", "again", "ok", "fixed", "now", "passes",
    "reader", "writer", "checksum", "block", "replay", "resume", "state", "digest", "turn",
  ]

  private mutating func text(words count: Int) -> String {
    var out = ""
    for index in 0..<count {
      if index > 0 { out += " " }
      out += Self.words[below(Self.words.count)]
    }
    return out
  }

  private mutating func chunk(bytes: Int) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(bytes + 80)
    while out.count < bytes {
      let line = "\(text(words: 3 + below(9)))\n"
      out.append(contentsOf: line.utf8)
    }
    return Array(out.prefix(bytes))
  }

  private mutating func nextItem() -> ItemID {
    itemNumber += 1
    return ItemID("item_\(itemNumber)")
  }

  /// One turn, cut short (as a real session may end anywhere) once `until` events exist.
  private mutating func turn(_ engine: SessionEngine, until limit: Int) throws {
    func full() -> Bool { Int(engine.state.lastSeq.rawValue) >= limit }
    turnNumber += 1
    let turnID = TurnID("turn_\(turnNumber)")
    if chance(10) {
      try engine.send(
        .resizeTerminal(
          ResizeTerminal(rows: UInt16(24 + below(40)), columns: UInt16(80 + below(120)))))
    }
    let prompt = text(words: 5 + below(30))
    for length in stride(from: 8, to: prompt.utf8.count, by: 24) where chance(30) {
      let partial = String(decoding: prompt.utf8.prefix(length), as: UTF8.self)
      try engine.send(
        .editComposer(EditComposer(text: partial, cursor: UInt32(partial.utf8.count))))
    }
    try engine.send(.startTurn(StartTurn(turnID: turnID, text: prompt)))
    try engine.send(
      .recordModelResponseStart(
        ModelResponseStarted(turnID: turnID, responseID: "resp_\(turnNumber)")))
    let reasoning = nextItem()
    var summary = ""
    for _ in 0..<(2 + below(10)) where !full() {
      let delta = text(words: 2 + below(6)) + " "
      summary += delta
      try engine.send(
        .appendReasoningSummary(
          ReasoningSummaryAppended(
            turnID: turnID, itemID: reasoning, summaryIndex: 0, delta: delta)))
    }
    try engine.send(
      .completeReasoning(
        ReasoningCompleted(
          turnID: turnID, itemID: reasoning, summary: [summary], encryptedContent: nil)))
    for _ in 0..<below(4) where !full() {
      if try !toolRun(engine, turnID: turnID) { return }
    }
    let message = nextItem()
    var reply = ""
    for _ in 0..<(3 + below(30)) where !full() {
      let delta = text(words: 1 + below(5)) + " "
      reply += delta
      try engine.send(
        .appendOutputText(OutputTextAppended(turnID: turnID, itemID: message, delta: delta)))
    }
    try engine.send(
      .completeMessage(MessageCompleted(turnID: turnID, itemID: message, text: reply)))
    let input = UInt64(2_000 + below(150_000))
    try engine.send(
      .recordTokenUsage(
        TokenUsageRecorded(
          turnID: turnID, inputTokens: input, cachedInputTokens: input / 2,
          outputTokens: UInt64(100 + below(3_000)), reasoningOutputTokens: UInt64(below(1_000)))))
    let outcome: EndTurn.Outcome
    switch below(100) {
    case 0..<5: outcome = .failed(message: "stream disconnected before completion")
    case 5..<12: outcome = .interrupted(reason: "interrupted by the user")
    default: outcome = .completed
    }
    try engine.send(.endTurn(EndTurn(turnID: turnID, outcome: outcome)))
    if let every = options.summaryEveryTurns {
      if turnNumber % every == 0 {
        try engine.send(
          .recordCompactionArtifact(
            CompactionArtifactRecorded(
              artifactID: "summary_\(turnNumber)", kind: .semanticSummary,
              checkpointSeq: .none, ranges: [SeqRange(first: .first, last: engine.state.lastSeq)],
              summary: text(words: 200))))
      }
    } else if turnNumber % 40 == 0 {
      try engine.send(
        .recordCompactionArtifact(
          CompactionArtifactRecorded(
            artifactID: "compaction_\(turnNumber)",
            kind: chance(50) ? .replaySeed : .semanticSummary,
            checkpointSeq: engine.state.lastSeq,
            ranges: [SeqRange(first: .first, last: engine.state.lastSeq)],
            summary: chance(50) ? text(words: 40) : nil)))
    }
  }

  /// One tool call: the model's call item, the plan, the approval, the run. Returns false
  /// when the turn ended (an abort).
  private mutating func toolRun(_ engine: SessionEngine, turnID: TurnID) throws -> Bool {
    callNumber += 1
    let callID = CallID("call_\(callNumber)")
    let commands: [([String], RiskLevel)] = [
      (["ls", "-la"], .safe), (["swift", "build"], .risky), (["swift", "test"], .risky),
      (["git", "status"], .safe), (["rm", "-rf", ".build"], .dangerous),
      (["cat", "Package.swift"], .safe), (["git", "push"], .dangerous),
    ]
    let (command, risk) = commands[below(commands.count)]
    try engine.send(
      .completeFunctionCall(
        FunctionCallCompleted(
          turnID: turnID, itemID: nextItem(), callID: callID, name: "exec_command",
          arguments: #"{"cmd":"\#(command.joined(separator: " "))","yield_time_ms":10000}"#)))
    let effects = try engine.send(
      .planToolCall(
        PlanToolCall(
          turnID: turnID, callID: callID, tool: "exec_command", command: command, risk: risk,
          reasons: risk == .safe ? [] : ["\(command[0]) changes files or the network"])))
    if effects.contains(.promptForApproval(callID)) {
      let decision: ApprovalDecision
      switch below(100) {
      case 0..<60: decision = .approvedOnce
      case 60..<80: decision = .approvedForSession
      case 80..<95: decision = .denied
      default: decision = .aborted
      }
      try engine.send(.decideApproval(DecideApproval(callID: callID, decision: decision)))
      if decision == .denied { return true }
      if decision == .aborted { return false }
    }
    try engine.send(
      .recordToolStart(
        ToolStarted(callID: callID, processID: Int32(1000 + callNumber % 30_000), tty: chance(30))))
    for _ in 0..<(1 + below(12)) {
      let size = max(1, options.toolChunkBytesMean / 2 + below(options.toolChunkBytesMean))
      try engine.send(
        .recordToolOutput(
          ToolOutputReceived(
            callID: callID, stream: chance(85) ? .stdout : .stderr, chunk: chunk(bytes: size))))
    }
    if chance(5) {
      try engine.send(.signalTool(ToolSignalled(callID: callID, signal: 2)))
    }
    try engine.send(
      .recordToolExit(
        ToolExited(
          callID: callID, exitCode: Int32(chance(80) ? 0 : 1), signal: nil,
          durationNanoseconds: UInt64(1_000_000 + below(5_000_000_000)))))
    return true
  }
}

/// The fixture's clock: seeded steps forward, so times are part of the seed's output.
final class FixtureClock: @unchecked Sendable {
  private var now: Int64
  private var random: SplitMix64

  init(start: Int64, seed: UInt64) {
    now = start
    random = SplitMix64(seed: seed ^ 0xC10C)
  }

  func tick() -> Int64 {
    now += Int64(random.next() % 40_000_000) + 50_000
    return now
  }
}
