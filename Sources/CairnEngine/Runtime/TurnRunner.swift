import CairnCore
import CairnLogFormat
import CairnModel
import CairnProtocol

#if canImport(Glibc)
  import Glibc
#endif

/// Runs turns of a live session: prompt → events; each model request streamed into events
/// (deltas coalesced; final items recorded only from a completed response, so a retried
/// stream leaves nothing half in the history); tool calls through the approval policy and
/// the tool executor; results back to the model, round after round, until the model
/// answers without calling a tool. Blocking: run it on a thread of its own.
/// docs/MODEL_RUNTIME.md, "Turns", lists the events a turn writes.
public final class TurnRunner {
  public let engine: SessionEngine
  public let client: ModelClient
  public let options: TurnRuntimeOptions
  public let cancel: CancellationFlag
  /// Input added to the running turn (`turn/steer`), sent with the turn's next request.
  public let steering = TurnSteering()
  /// Answers an approval request as the user would (the TUI asks; exec never asks).
  public var approver: (PendingApproval) -> ApprovalDecision = { _ in .denied }
  /// Sees every envelope the session appends, after the history has.
  public var onEnvelope: (Envelope) -> Void = { _ in }
  public private(set) var history: ModelHistory
  public let tools: ToolExecutor
  private let clock: () -> Int64
  private var ids: UUIDv7Generator
  private var random = SystemRandomNumberGenerator()
  private let streamMaxRetries: Int
  private let context: RequestContext
  private var turnStartedAtMilliseconds: Int64 = 0

  /// The request headers' fixed part: the provider's key and Cairn's identity.
  public struct RequestContext: Sendable {
    public var apiKey: APIKey?
    public var userAgent: String

    public init(apiKey: APIKey?, userAgent: String) {
      self.apiKey = apiKey
      self.userAgent = userAgent
    }
  }

  public init(
    engine: SessionEngine, history: ModelHistory, client: ModelClient, options: TurnRuntimeOptions,
    tools: ToolExecutor, context: RequestContext, streamMaxRetries: Int,
    cancel: CancellationFlag, clock: @escaping () -> Int64
  ) {
    self.engine = engine
    self.history = history
    self.client = client
    self.options = options
    self.tools = tools
    self.context = context
    self.streamMaxRetries = streamMaxRetries
    self.cancel = cancel
    self.clock = clock
    self.ids = UUIDv7Generator()
    // Weak: the engine outlives the runner when a caller records more after the turn
    // (the live sessions a run ends on its way out).
    engine.observer = { [weak self] envelope in
      guard let self else { return }
      self.history.apply(envelope)
      self.onEnvelope(envelope)
    }
  }

  /// How a turn ended.
  public enum Outcome: Equatable, Sendable {
    case completed(lastMessage: String?)
    case failed(String)
    case interrupted
  }

  /// Runs one turn for `prompt`, with `contextMessages` (role, text) sent before it.
  /// `turnID` is the new turn's id when the caller must know it before the turn starts
  /// (a server answers with it); nil makes one.
  @discardableResult
  public func run(
    prompt: String, images: [ImageReference] = [], imageBytes: [[UInt8]] = [],
    contextMessages: [(String, String)], turnID chosenTurnID: TurnID? = nil
  )
    throws -> Outcome
  {
    let turnID = chosenTurnID ?? TurnID(ids.next(unixNanoseconds: clock()))
    turnStartedAtMilliseconds = clock() / 1_000_000
    if !imageBytes.isEmpty {
      // The prompt's user_message_added comes right after turn_started.
      try PromptImages.store(
        imageBytes, seq: Seq(engine.state.lastSeq.rawValue + 2), logDirectory: engine.directory)
    }
    try engine.send(.startTurn(StartTurn(turnID: turnID, text: prompt, images: images)))
    steering.open()
    // Compacting first replaces the history, the prompt with it: it is said again below.
    var compacted = false
    if history.estimatedTokens >= options.compactionThreshold {
      if let failure = try compact(turnID: turnID) { return try fail(turnID, failure) }
      compacted = true
    }
    for (role, text) in contextMessages {
      try engine.send(
        .addContextMessage(ContextMessageAdded(turnID: turnID, role: role, text: text)))
    }
    if compacted {
      try engine.send(
        .addContextMessage(ContextMessageAdded(turnID: turnID, role: "user", text: prompt)))
    }
    var lastMessage: String?
    for _ in 0..<options.maxRounds {
      if cancel.isCancelled { return try interrupt(turnID) }
      for text in steering.take() {
        try engine.send(.steerTurn(SteerTurn(turnID: turnID, text: text)))
      }
      if history.estimatedTokens >= options.compactionThreshold {
        if let failure = try compact(turnID: turnID) { return try fail(turnID, failure) }
        // The summary replaced the history, this turn's prompt with it: say it again.
        try engine.send(
          .addContextMessage(ContextMessageAdded(turnID: turnID, role: "user", text: prompt)))
      }
      let response: ResponseAccumulator
      switch try request(
        turnID: turnID, input: history.requestInput, tools: tools.available(options.tools),
        schema: options.outputSchema)
      {
      case .completed(let accumulator): response = accumulator
      case .failed(let message): return try fail(turnID, message)
      case .interrupted: return try interrupt(turnID)
      }
      var calls: [ResponseOutputItem] = []
      for item in response.completedItems {
        switch item {
        case .message(let id, _, let text):
          lastMessage = text
          try engine.send(
            .completeMessage(MessageCompleted(turnID: turnID, itemID: ItemID(id), text: text)))
        case .reasoning(let id, let summary, let encrypted):
          try engine.send(
            .completeReasoning(
              ReasoningCompleted(
                turnID: turnID, itemID: ItemID(id), summary: summary, encryptedContent: encrypted)))
        case .functionCall(let id, let callID, let name, let arguments):
          try engine.send(
            .completeFunctionCall(
              FunctionCallCompleted(
                turnID: turnID, itemID: ItemID(id ?? callID), callID: CallID(callID), name: name,
                arguments: arguments)))
          calls.append(item)
        case .customToolCall(let id, let callID, let name, let input):
          try engine.send(
            .completeCustomToolCall(
              CustomToolCallCompleted(
                turnID: turnID, itemID: ItemID(id ?? callID), callID: CallID(callID), name: name,
                input: input)))
          calls.append(item)
        case .other:
          break
        }
      }
      if let usage = response.usage {
        try engine.send(
          .recordTokenUsage(
            TokenUsageRecorded(
              turnID: turnID, inputTokens: usage.inputTokens,
              cachedInputTokens: usage.cachedInputTokens,
              outputTokens: usage.outputTokens, reasoningOutputTokens: usage.reasoningOutputTokens))
        )
      }
      if calls.isEmpty {
        // Input steered in while the model answered: the turn goes on with it.
        guard steering.closeIfEmpty() else { continue }
        try engine.send(.endTurn(EndTurn(turnID: turnID, outcome: .completed)))
        return .completed(lastMessage: lastMessage)
      }
      for call in calls {
        if cancel.isCancelled { return try interrupt(turnID) }
        switch try tools.handle(
          call, turnID: turnID, engine: engine, approver: approver, cancel: cancel)
        {
        case .continue: break
        case .abortTurn: return try interrupt(turnID, reason: "aborted by the user")
        }
      }
    }
    return try fail(turnID, "the model kept calling tools for \(options.maxRounds) rounds; stopped")
  }

  // MARK: - One request

  enum RequestOutcome {
    case completed(ResponseAccumulator)
    case failed(String)
    case interrupted
  }

  /// One model request with Codex's stream retries: a stream that ends before
  /// `response.completed` is tried again up to `stream_max_retries` times.
  private func request(
    turnID: TurnID, input: [ResponseInputItem], tools: [ResponseTool], schema: RawJSON?,
    compaction: Bool = false
  ) throws -> RequestOutcome {
    var body = ResponsesRequest(
      model: options.model, instructions: options.instructions,
      input: PromptImages.resolved(input, logDirectory: engine.directory), tools: tools)
    body.parallelToolCalls = compaction ? false : options.parallelToolCalls
    if let effort = options.reasoningEffort {
      body.reasoning = ResponseReasoning(effort: effort, summary: options.reasoningSummary)
      body.include = ["reasoning.encrypted_content"]
    }
    if options.verbosity != nil || schema != nil {
      body.text = ResponseTextControls(
        verbosity: options.verbosity,
        format: schema.map {
          ResponseTextFormat(name: "codex_output_schema", schema: $0, strict: true)
        })
    }
    body.promptCacheKey = engine.sessionID.rawValue
    let windowID = "\(engine.sessionID.rawValue):\(engine.state.compactions.recordedCount)"
    let metadata = turnMetadata(turnID: turnID, windowID: windowID, compaction: compaction)
    body.clientMetadata = [
      ResponseMetadataEntry(key: "x-codex-window-id", value: windowID),
      ResponseMetadataEntry(key: "thread_id", value: engine.sessionID.rawValue),
      ResponseMetadataEntry(key: "turn_id", value: turnID.rawValue),
      ResponseMetadataEntry(key: "x-codex-turn-metadata", value: metadata),
      ResponseMetadataEntry(key: "session_id", value: engine.sessionID.rawValue),
    ]
    let bytes = body.encodedJSON()
    let headers = CodexRequestHeaders.make(
      apiKey: context.apiKey, threadID: engine.sessionID.rawValue, windowID: windowID,
      originator: options.originator, userAgent: context.userAgent, turnMetadataJSON: metadata)
    var attempt = 0
    while true {
      var coalescer = DeltaCoalescer(
        bytes: options.coalesceBytes, nanoseconds: options.coalesceNanoseconds)
      var sendError: Error?
      let streamed: StreamedResponse
      do {
        streamed = try client.stream(
          body: bytes, headers: headers, cancel: cancel,
          onRetry: { [self] retry, reason, delay in
            do {
              try engine.send(
                .recordModelRetry(
                  ModelRequestRetried(
                    turnID: turnID, streamLevel: false, attempt: UInt32(retry),
                    maxAttempts: UInt32(max(retry, client.transport.endpoint.requestMaxRetries)),
                    reason: reason, delayMilliseconds: UInt64(delay.milliseconds))))
            } catch { sendError = sendError ?? error }
          },
          onEvent: { [self] event in
            guard sendError == nil, !compaction else { return }
            do {
              for command in coalescer.commands(for: event, turnID: turnID, now: clock()) {
                try engine.send(command)
              }
            } catch { sendError = error }
          })
      } catch .cancelled {
        try flush(&coalescer, turnID)
        return .interrupted
      } catch {
        try flush(&coalescer, turnID)
        // As Codex: a request that still fails after its own retries (5xx, 429, a dead
        // connection) counts as one failed stream attempt; anything else ends the turn.
        guard let reason = error.streamRetryReason else { return .failed(error.userMessage) }
        attempt += 1
        if let end = try retryStream(turnID: turnID, attempt: attempt, reason: reason) {
          return end
        }
        continue
      }
      if let sendError { throw sendError }
      try flush(&coalescer, turnID)
      if cancel.isCancelled { return .interrupted }
      guard let failure = streamed.failure else { return .completed(streamed.accumulator) }
      attempt += 1
      let message = "stream disconnected before completion: \(failure)"
      if let end = try retryStream(turnID: turnID, attempt: attempt, reason: message) {
        return end
      }
    }
  }

  /// One more stream attempt: records the retry and waits. Returns how the request ends
  /// instead (failed past `stream_max_retries`, or interrupted during the wait), or nil.
  private func retryStream(turnID: TurnID, attempt: Int, reason: String) throws
    -> RequestOutcome?
  {
    guard attempt <= streamMaxRetries else { return .failed(reason) }
    let delay = retryDelay(attempt)
    try engine.send(
      .recordModelRetry(
        ModelRequestRetried(
          turnID: turnID, streamLevel: true, attempt: UInt32(attempt),
          maxAttempts: UInt32(streamMaxRetries), reason: reason, delayMilliseconds: delay)))
    return sleep(milliseconds: delay) ? nil : .interrupted
  }

  /// Codex's `x-codex-turn-metadata`: which session, turn and window a request belongs to.
  private func turnMetadata(turnID: TurnID, windowID: String, compaction: Bool) -> String {
    let started = turnStartedAtMilliseconds
    var members: [(String, JSONValue)] = [
      ("session_id", .string(engine.sessionID.rawValue)),
      ("thread_id", .string(engine.sessionID.rawValue)), ("turn_id", .string(turnID.rawValue)),
      ("window_id", .string(windowID)),
      ("request_kind", .string(compaction ? "compaction" : "turn")),
      ("thread_source", .string("user")), ("sandbox", .string("none")),
      ("turn_started_at_unix_ms", .int(started)),
    ]
    if compaction {
      members.append(
        (
          "compaction",
          .object([("trigger", .string("auto")), ("reason", .string("context_limit"))])
        ))
    }
    return JSONValue.object(members).text
  }

  private func flush(_ coalescer: inout DeltaCoalescer, _ turnID: TurnID) throws {
    for command in coalescer.flushAll(turnID: turnID) { try engine.send(command) }
  }

  private func retryDelay(_ attempt: Int) -> UInt64 {
    let exponent = min(attempt - 1, 20)
    let base = min(
      options.streamRetryBaseMilliseconds << UInt64(exponent), options.streamRetryMaxMilliseconds)
    let jitter = Double.random(in: 0.9..<1.1, using: &random)
    return UInt64(Double(base) * jitter)
  }

  /// Waits, waking early when the turn is interrupted: false then.
  private func sleep(milliseconds: UInt64) -> Bool {
    var left = milliseconds
    while left > 0 {
      if cancel.isCancelled { return false }
      let step = min(left, 20)
      usleep(useconds_t(step * 1000))
      left -= step
    }
    return !cancel.isCancelled
  }

  // MARK: - Compaction

  /// What the turn a user's `/compact` runs records as its prompt.
  public static let compactCommandText = "/compact"

  /// `/compact`: a turn of its own that asks the model to summarize the conversation and
  /// records the summary as a semantic compaction (the same request as the automatic one),
  /// so the next turn's history starts from it. `turnID` is the turn's id when the caller
  /// chose it (a server answers with it before the turn starts).
  @discardableResult
  public func compactConversation(turnID chosen: TurnID? = nil) throws -> Outcome {
    let turnID = chosen ?? TurnID(ids.next(unixNanoseconds: clock()))
    turnStartedAtMilliseconds = clock() / 1_000_000
    try engine.send(.startTurn(StartTurn(turnID: turnID, text: Self.compactCommandText)))
    if let failure = try compact(turnID: turnID) {
      return cancel.isCancelled ? try interrupt(turnID) : try fail(turnID, failure)
    }
    try engine.send(.endTurn(EndTurn(turnID: turnID, outcome: .completed)))
    return .completed(lastMessage: nil)
  }

  /// The instruction the compaction request ends with.
  public static let compactionPrompt = """
    You are compacting this conversation so that work can continue in a fresh context. \
    Write a summary for the model that continues: the user's goal and constraints, what \
    has been done (commands run, files changed, results), what was learned, and what \
    remains to do, with exact names, paths and values. Do not address the user.
    """

  /// Asks the model to summarize the history and records the summary as a semantic
  /// compaction, which replaces the history. Returns why it failed, or nil.
  private func compact(turnID: TurnID) throws -> String? {
    var input = history.requestInput
    input.append(
      .message(
        ResponseInputMessage(id: nil, role: "user", content: [.inputText(Self.compactionPrompt)])))
    switch try request(turnID: turnID, input: input, tools: [], schema: nil, compaction: true) {
    case .completed(let response):
      let summary = response.completedItems.compactMap { item -> String? in
        if case .message(_, _, let text) = item { return text }
        return nil
      }.joined(separator: "\n")
      if let usage = response.usage {
        try engine.send(
          .recordTokenUsage(
            TokenUsageRecorded(
              turnID: turnID, inputTokens: usage.inputTokens,
              cachedInputTokens: usage.cachedInputTokens,
              outputTokens: usage.outputTokens, reasoningOutputTokens: usage.reasoningOutputTokens))
        )
      }
      guard !summary.isEmpty else { return "compaction failed: the model returned no summary" }
      try engine.send(
        .recordCompactionArtifact(
          CompactionArtifactRecorded(
            artifactID: ids.next(unixNanoseconds: clock()), kind: .semanticSummary,
            checkpointSeq: .none, ranges: [SeqRange(first: .first, last: engine.state.lastSeq)],
            summary: summary)))
      return nil
    case .failed(let message): return "compaction failed: \(message)"
    case .interrupted: return "compaction interrupted"
    }
  }

  // MARK: - Ends

  private func fail(_ turnID: TurnID, _ message: String) throws -> Outcome {
    try recordWaitingSteers(turnID)
    try engine.send(.endTurn(EndTurn(turnID: turnID, outcome: .failed(message: message))))
    return .failed(message)
  }

  private func interrupt(_ turnID: TurnID, reason: String = "interrupted by the user") throws
    -> Outcome
  {
    try recordWaitingSteers(turnID)
    if engine.state.turns.current?.turnID == turnID {
      try engine.send(.endTurn(EndTurn(turnID: turnID, outcome: .interrupted(reason: reason))))
    }
    return .interrupted
  }
}

extension TurnRunner {
  /// Steered input the turn did not get to send is still recorded in it (it was
  /// acknowledged), so the next turn's request carries it.
  fileprivate func recordWaitingSteers(_ turnID: TurnID) throws {
    for text in steering.close() where engine.state.turns.current?.turnID == turnID {
      try engine.send(.steerTurn(SteerTurn(turnID: turnID, text: text)))
    }
  }
}

extension Duration {
  var milliseconds: Int64 {
    let (seconds, attoseconds) = components
    return seconds * 1000 + attoseconds / 1_000_000_000_000_000
  }
}

extension ModelTransportError {
  /// Why a failure is worth another stream attempt, in Codex's words; nil when it is not.
  var streamRetryReason: String? {
    switch self {
    case .httpStatus(let status, let body, let retryable):
      guard retryable else { return nil }
      if status == 500 {
        return "We're currently experiencing high demand, which may cause temporary errors."
      }
      return "unexpected status \(status): \(body)"
    case .connectionFailed, .idleTimeout:
      return "stream disconnected before completion: \(description)"
    case .libcurlUnavailable, .cancelled, .tls, .other:
      return nil
    }
  }

  /// What the user (and `turn.failed`) sees: a 400's body verbatim, like Codex.
  var userMessage: String {
    switch self {
    case .httpStatus(_, let body, _): return body
    default: return description
    }
  }
}
