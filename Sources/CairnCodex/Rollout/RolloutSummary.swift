import CairnProtocol

/// What a rollout holds, counted in one pass over its records and problems: the fold
/// behind `cairn session summarize`. Memory is bounded: per-name tallies, the first
/// `turnsKeptMax` turns and `problemsKeptMax` problems, and a bounded set of open calls.
public struct RolloutSummary: Sendable {
  public static let turnsKeptMax = 10_000
  public static let problemsKeptMax = 100
  public static let openCallsMax = 100_000

  public var sessionID: String?
  public var cliVersion: String?
  public var originator: String?
  public var source: String?
  public var modelProvider: String?
  public var cwd: String?
  /// The model of the last `turn_context`.
  public var model: String?
  public var sessionMetaLines = 0

  public var records = 0
  /// Records by top-level type, and by payload type for `response_item` and `event_msg`.
  public var lineTypes = Tally()
  public var responseItemTypes = Tally()
  public var eventTypes = Tally()
  public var unknownLineTypes = Tally()
  public var unknownResponseItemTypes = Tally()
  public var unknownEventTypes = Tally()

  public var malformedLines = 0
  public var truncatedLastLine = false
  public var problems: [RolloutProblem] = []

  public var turns: [RolloutTurn] = []
  public var turnCount = 0
  public var turnsCompleted = 0
  public var turnsAborted = 0
  private var current: RolloutTurn?
  private var turnDurationsTotalMilliseconds: Int64 = 0
  private var turnDurationsCount = 0
  public var turnDurationMaxMilliseconds: Int64?

  /// `user_message` events: what the user typed.
  public var userPrompts = 0
  public var agentMessages = 0
  /// `response_item` messages by role (user includes injected context messages).
  public var messagesByRole = Tally()
  public var reasoningItems = 0
  public var toolCalls = 0
  public var toolCallsByName = Tally()
  public var toolOutputs = 0
  private var openCalls: Set<String> = []
  private var openCallsOverflowed = false

  public var tokenCountEvents = 0
  /// The last cumulative usage Codex reported.
  public var totalTokens: TokenUsage?
  public var modelContextWindow: Int64?

  /// `error` and `stream_error` events, and turns that completed with an error.
  public var errors = 0
  public var warnings = 0
  public var compactedLines = 0
  public var contextCompactedEvents = 0
  public var worldStatesFull = 0
  public var worldStatesDiff = 0
  public var turnContexts = 0

  public var firstTimestampMilliseconds: Int64?
  public var lastTimestampMilliseconds: Int64?

  public init() {}

  // MARK: - Folding

  public mutating func add(_ item: RolloutReader.Item) {
    switch item {
    case .record(let record): add(record)
    case .problem(let problem): add(problem)
    }
  }

  public mutating func add(_ problem: RolloutProblem) {
    if case .truncatedLastLine = problem.kind {
      truncatedLastLine = true
    } else {
      malformedLines += 1
    }
    if problems.count < Self.problemsKeptMax { problems.append(problem) }
  }

  public mutating func add(_ record: RolloutRecord) {
    records += 1
    if let time = record.timestampMilliseconds {
      if firstTimestampMilliseconds == nil { firstTimestampMilliseconds = time }
      lastTimestampMilliseconds = time
    }
    lineTypes.add(record.line.typeName)
    switch record.line {
    case .sessionMeta(let meta): add(meta)
    case .turnContext(let context):
      turnContexts += 1
      if let value = context.model { model = value }
      if cwd == nil { cwd = context.cwd }
    case .worldState(let state):
      if state.isFull == true { worldStatesFull += 1 } else { worldStatesDiff += 1 }
    case .responseItem(let item): add(item)
    case .eventMsg(let event): add(event, record)
    case .compacted: compactedLines += 1
    case .unknown(let type): unknownLineTypes.add(type)
    }
    // After the switch: a line that opens a turn belongs to the new turn, not the old.
    if let time = record.timestampMilliseconds { current?.lastMilliseconds = time }
  }

  private mutating func add(_ meta: SessionMeta) {
    sessionMetaLines += 1
    // A resume never writes a second one; if a file has several, the first names it.
    guard sessionMetaLines == 1 else { return }
    sessionID = meta.id ?? meta.sessionID
    cliVersion = meta.cliVersion
    originator = meta.originator
    source = meta.source
    modelProvider = meta.modelProvider
    cwd = meta.cwd
  }

  private mutating func add(_ item: ResponseItem) {
    responseItemTypes.add(item.typeName)
    switch item {
    case .message(let message): messagesByRole.add(message.role)
    case .reasoning: reasoningItems += 1
    case .functionCall(let call), .customToolCall(let call), .toolSearchCall(let call):
      countCall(call.name ?? item.typeName, call.callID)
    case .localShellCall(let call), .webSearchCall(let call), .imageGenerationCall(let call):
      countCall(item.typeName, call.callID)
    case .functionCallOutput(let output), .customToolCallOutput(let output),
      .toolSearchOutput(let output):
      toolOutputs += 1
      if let id = output.callID { openCalls.remove(id) }
    case .ghostSnapshot, .compaction: break
    case .unknown(let type): unknownResponseItemTypes.add(type)
    }
  }

  private mutating func countCall(_ name: String, _ callID: String?) {
    toolCalls += 1
    toolCallsByName.add(name)
    current?.toolCalls += 1
    guard let callID else { return }
    if openCalls.count < Self.openCallsMax {
      openCalls.insert(callID)
    } else {
      openCallsOverflowed = true
    }
  }

  /// Calls whose output never appeared (hosted tools such as web search have none); nil
  /// when there were too many open calls to track.
  public var callsWithoutOutput: Int? { openCallsOverflowed ? nil : openCalls.count }

  private mutating func add(_ event: EventMessage, _ record: RolloutRecord) {
    switch event {
    case .userMessage:
      eventTypes.add("user_message")
      userPrompts += 1
      if var turn = current, turn.origin == .taskStarted, !turn.sawUserMessage {
        turn.sawUserMessage = true
        current = turn
      } else {
        closeTurn()
        openTurn(origin: .userMessage, turnID: nil, record)
        current?.sawUserMessage = true
      }
    case .agentMessage:
      eventTypes.add("agent_message")
      agentMessages += 1
    case .agentReasoning: eventTypes.add("agent_reasoning")
    case .agentReasoningRawContent: eventTypes.add("agent_reasoning_raw_content")
    case .tokenCount(let info):
      eventTypes.add("token_count")
      tokenCountEvents += 1
      if let total = info?.total { totalTokens = total }
      if let window = info?.modelContextWindow { modelContextWindow = window }
    case .taskStarted(let started):
      eventTypes.add("task_started")
      closeTurn()
      openTurn(origin: .taskStarted, turnID: started.turnID, record)
      if let window = started.modelContextWindow { modelContextWindow = window }
    case .taskComplete(let complete):
      eventTypes.add("task_complete")
      if complete.errorMessage != nil {
        errors += 1
        current?.failed = true
      }
      if var turn = current {
        turn.completed = true
        if let time = record.timestampMilliseconds { turn.lastMilliseconds = time }
        if let duration = complete.durationMilliseconds {
          turn.durationMilliseconds = duration
        }
        if turn.turnID == nil { turn.turnID = complete.turnID }
        current = turn
        closeTurn()
      }
    case .turnAborted:
      eventTypes.add("turn_aborted")
      current?.aborted = true
      if let time = record.timestampMilliseconds { current?.lastMilliseconds = time }
      closeTurn()
    case .error:
      eventTypes.add("error")
      errors += 1
    case .streamError:
      eventTypes.add("stream_error")
      errors += 1
    case .warning:
      eventTypes.add("warning")
      warnings += 1
    case .contextCompacted:
      eventTypes.add("context_compacted")
      contextCompactedEvents += 1
    case .threadSettingsApplied(let model):
      eventTypes.add("thread_settings_applied")
      if let model { self.model = model }
    case .patchApplyEnd: eventTypes.add("patch_apply_end")
    case .execCommandEnd: eventTypes.add("exec_command_end")
    case .mcpToolCallEnd: eventTypes.add("mcp_tool_call_end")
    case .webSearchEnd: eventTypes.add("web_search_end")
    case .viewImageToolCall: eventTypes.add("view_image_tool_call")
    case .enteredReviewMode: eventTypes.add("entered_review_mode")
    case .exitedReviewMode: eventTypes.add("exited_review_mode")
    case .undoCompleted: eventTypes.add("undo_completed")
    case .threadRolledBack: eventTypes.add("thread_rolled_back")
    case .threadNameUpdated: eventTypes.add("thread_name_updated")
    case .unknown(let type):
      eventTypes.add(type)
      unknownEventTypes.add(type)
    }
  }

  private mutating func openTurn(
    origin: RolloutTurn.Origin, turnID: String?, _ record: RolloutRecord
  ) {
    turnCount += 1
    current = RolloutTurn(
      index: turnCount, turnID: turnID, origin: origin, startLine: record.lineNumber,
      startMilliseconds: record.timestampMilliseconds,
      lastMilliseconds: record.timestampMilliseconds)
  }

  private mutating func closeTurn() {
    guard var turn = current else { return }
    current = nil
    if turn.durationMilliseconds == nil, let start = turn.startMilliseconds,
      let last = turn.lastMilliseconds
    {
      turn.durationMilliseconds = max(0, last - start)
    }
    if turn.completed { turnsCompleted += 1 }
    if turn.aborted { turnsAborted += 1 }
    if let duration = turn.durationMilliseconds {
      turnDurationsTotalMilliseconds += duration
      turnDurationsCount += 1
      turnDurationMaxMilliseconds = max(turnDurationMaxMilliseconds ?? 0, duration)
    }
    if turns.count < Self.turnsKeptMax { turns.append(turn) }
  }

  /// Closes the open turn (at the end of the file): call once, after the last item.
  public mutating func finish() { closeTurn() }

  /// Last − first line timestamp.
  public var durationMilliseconds: Int64? {
    guard let first = firstTimestampMilliseconds, let last = lastTimestampMilliseconds else {
      return nil
    }
    return last - first
  }

  public var turnDurationTotalMilliseconds: Int64 { turnDurationsTotalMilliseconds }

  public var unknownCount: Int {
    unknownLineTypes.total + unknownResponseItemTypes.total + unknownEventTypes.total
  }
}

/// Counts by name, in order of first appearance. At most `namesMax` names are told
/// apart (a hostile file could hold a new type on every line); the rest count under
/// `otherName`.
public struct Tally: Sendable, Equatable {
  public static let namesMax = 1000
  public static let otherName = "(other)"
  public private(set) var names: [String] = []
  private var counts: [String: Int] = [:]

  public init() {}

  public mutating func add(_ name: String) {
    if let count = counts[name] {
      counts[name] = count + 1
    } else if names.count < Self.namesMax {
      counts[name] = 1
      names.append(name)
    } else {
      if counts[Self.otherName] == nil { names.append(Self.otherName) }
      counts[Self.otherName, default: 0] += 1
    }
  }

  public subscript(_ name: String) -> Int { counts[name] ?? 0 }

  public var total: Int { counts.values.reduce(0, +) }

  /// (name, count) in order of first appearance.
  public var entries: [(String, Int)] { names.map { ($0, counts[$0] ?? 0) } }
}
