import CairnCodex
import CairnCore
import CairnEngine
import CairnModel
import Foundation

/// One thread a server hosts: a Cairn session open for writing, its tools and turn runner,
/// running at most one turn at a time on a `Thread` of its own (as the TUI's `TurnThread`,
/// for many clients and threads). Thread-safe: any thread may start, answer, interrupt
/// and read `engine.state`; callbacks run on the turn's thread outside the thread's lock.
final class HostedThread: @unchecked Sendable {
  let id: SessionID
  let engine: SessionEngine
  /// The resolved settings (cwd, model, provider, approval policy, sandbox, …).
  let settings: ExecSettings
  let config: CodexConfig
  /// The session's log directory, what servers report as the thread's path.
  var directory: String { engine.directory }
  /// The private home of an ephemeral thread's session, removed when the thread closes
  /// (set by the host before anyone else sees the thread).
  var temporaryHome: String?

  private let runtime: AgentRuntime
  /// The thread's tools; their MCP host is what app-server's MCP methods use and reload.
  var tools: ToolExecutor { runtime.tools }
  /// nil when the provider does not resolve (no key): every turn then fails with `setupFailure`.
  private let runner: TurnRunner?
  private let setupFailure: String?
  private let developerInstructions: String?
  private let lock = NSCondition()
  private var current: TurnID?
  private var callbacks = TurnCallbacks()
  /// Turns started whose `onEnd` has not returned yet.
  private var unfinished = 0
  private var aborting = false
  private var waiting: Set<CallID> = []
  private var answers: [CallID: ApprovalAnswer] = [:]
  private var rejections: [CallID: String] = [:]
  private var planned: [CallID: ToolCallPlanned] = [:]
  private var patches: [CallID: String] = [:]
  /// The recorded results of user shell commands, until their turn reads them.
  private var results: [CallID: String] = [:]
  private var ids = UUIDv7Generator()
  private var closed = false

  init(
    engine: SessionEngine, settings: ExecSettings, config: CodexConfig, codexHome: CodexHome,
    baseInstructions: String?, developerInstructions: String?
  ) throws {
    self.id = engine.sessionID
    self.engine = engine
    self.settings = settings
    self.config = config
    self.developerInstructions = developerInstructions
    // MCP servers start in the background (the first turn waits for them); their status
    // changes go in the session's log.
    let runtime = try AgentRuntime(
      settings: settings, config: config, codexHome: codexHome, mcpInBackground: true)
    self.runtime = runtime
    runtime.recordMCPStatus(in: engine)
    let history = try ModelHistory.load(directory: engine.directory, state: engine.state)
    do {
      runner = try runtime.runner(
        engine: engine, history: history, settings: settings, config: config,
        codexHome: codexHome, instructions: baseInstructions)
      setupFailure = nil
    } catch {
      runner = nil
      setupFailure = "\(error)"
    }
    runtime.tools.rejectionText = { [weak self] callID in
      guard let self else { return nil }
      return self.lock.withLock { self.rejections.removeValue(forKey: callID) }
    }
    let route: (Envelope) -> Void = { [weak self] envelope in self?.route(envelope) }
    if let runner {
      runner.onEnvelope = route
      runner.approver = { [weak self] pending in self?.ask(pending) ?? .aborted }
    } else {
      engine.observer = route
    }
  }

  /// The running turn's id, nil when idle.
  var runningTurn: TurnID? { lock.withLock { current } }

  /// Starts a turn for `prompt` and returns its id (`turnID` when given: a server may need
  /// it before the turn's first event). Throws `busy` while another turn runs.
  @discardableResult
  func startTurn(prompt: String, turnID: TurnID? = nil, callbacks: TurnCallbacks)
    throws(ThreadHostError) -> TurnID
  {
    try start(.prompt(prompt), turnID: turnID, callbacks: callbacks)
  }

  /// Starts a turn that does `work` (a prompt, a compaction, a user's shell command).
  @discardableResult
  func start(_ work: HostedTurnWork, turnID: TurnID? = nil, callbacks: TurnCallbacks)
    throws(ThreadHostError) -> TurnID
  {
    let chosen: TurnID? = lock.withLock {
      guard current == nil, !closed else { return nil }
      let turn = turnID ?? TurnID(ids.next(unixNanoseconds: wallClockNanoseconds()))
      current = turn
      unfinished += 1
      self.callbacks = callbacks
      aborting = false
      waiting = []
      answers = [:]
      rejections = [:]
      // Under the lock, as `interrupt` cancels: a late interrupt of the last turn cannot
      // be undone here, nor land on this one.
      runner?.cancel.reset()
      runtime.tools.processCancellation.reset()
      return turn
    }
    guard let turn = chosen else { throw .busy(id.rawValue) }
    Thread { [self] in self.run(work, turnID: turn, callbacks: callbacks) }.start()
    return turn
  }

  /// Adds `text` to turn `turnID` while it runs (the model gets it with the turn's next
  /// request); false when that turn is not running or is already ending.
  func steer(_ text: String, turnID: TurnID) -> Bool {
    lock.withLock { current == turnID } && runner?.steering.offer(text) == true
  }

  /// Hands in the answer to the approval of `callID`; false when no turn waits for it (a
  /// late or unknown answer, which is ignored).
  @discardableResult
  func answer(_ callID: CallID, _ answer: ApprovalAnswer) -> Bool {
    lock.withLock {
      guard waiting.contains(callID), answers[callID] == nil else { return false }
      answers[callID] = answer
      lock.broadcast()
      return true
    }
  }

  /// The calls waiting for an answer now.
  var pendingApprovals: [CallID] { lock.withLock { Array(waiting) } }

  /// Stops the running turn: the model transfer, the running tool's process group and any
  /// approval it waits for (answered `abort`). False when no turn runs.
  @discardableResult
  func interrupt() -> Bool {
    lock.withLock {
      guard current != nil else { return false }
      aborting = true
      // The flags have locks of their own and never take this one: no deadlock.
      runner?.cancel.cancel()
      runtime.tools.processCancellation.cancel()
      lock.broadcast()
      return true
    }
  }

  /// Blocks until no turn runs and every turn's `onEnd` has returned.
  func waitUntilIdle() {
    lock.withLock {
      while unfinished > 0 { lock.wait() }
    }
  }

  /// Ends live tool sessions, stops the thread's MCP servers and closes the log; the thread takes no turns afterwards.
  /// Call when idle (`waitUntilIdle`).
  func close() {
    let first = lock.withLock {
      defer { closed = true }
      return !closed
    }
    guard first else { return }
    try? runtime.tools.finishLiveSessions(engine: engine)
    runtime.tools.mcp.shutdown()
    try? engine.close()
    if let temporaryHome { EphemeralDirectory.remove(temporaryHome) }
  }

  // MARK: - The turn's thread

  private func run(_ work: HostedTurnWork, turnID: TurnID, callbacks: TurnCallbacks) {
    let outcome: TurnRunner.Outcome
    do {
      if case .userShell(let command) = work {
        outcome = try runUserShell(command, turnID: turnID)
      } else if case .compaction = work, let runner {
        outcome = try runner.compactConversation(turnID: turnID)
      } else if let runner {
        let prompt = work.promptText
        var messages = settings.contextMessages(
          history: runner.history, now: wallClockNanoseconds())
        if let developerInstructions, !Self.holds(runner.history, developerInstructions) {
          messages.insert(("developer", developerInstructions), at: 0)
        }
        if case .review(_, let instructions) = work { messages.append(("developer", instructions)) }
        outcome = try runner.run(prompt: prompt, contextMessages: messages, turnID: turnID)
      } else {
        let message = setupFailure ?? "the model provider is not configured"
        try engine.send(.startTurn(StartTurn(turnID: turnID, text: work.promptText)))
        try engine.send(.endTurn(EndTurn(turnID: turnID, outcome: .failed(message: message))))
        outcome = .failed(message)
      }
    } catch {
      // A failure outside the runner's own handling (the log): the turn is closed as
      // failed when it is still open, so the session stays consistent.
      if engine.state.turns.current?.turnID == turnID {
        _ = try? engine.send(
          .endTurn(EndTurn(turnID: turnID, outcome: .failed(message: "\(error)"))))
      }
      outcome = .failed("\(error)")
    }
    lock.withLock {
      current = nil
      waiting = []
      lock.broadcast()
    }
    callbacks.onEnd(TurnEnd(threadID: id, turnID: turnID, outcome: outcome))
    lock.withLock {
      unfinished -= 1
      lock.broadcast()
    }
  }

  /// The user's own command (Codex's `!cmd`): a turn that runs it as a `shell_command`
  /// call in the thread's cwd and sandbox without asking (the user typed it), records its
  /// output, and gives the model the command and its result as context for the next turn.
  private func runUserShell(_ command: String, turnID: TurnID) throws -> TurnRunner.Outcome {
    try engine.send(
      .startTurn(StartTurn(turnID: turnID, text: HostedTurnWork.userShell(command).promptText)))
    let callID = CallID(
      HostedTurnWork.userShellCallPrefix
        + lock.withLock { ids.next(unixNanoseconds: wallClockNanoseconds()) })
    let arguments = JSONValue.object([
      ("command", .string(command)), ("workdir", .string(settings.cwd)),
    ]).text
    var asked = 0
    let cancel = runner?.cancel ?? CancellationFlag()
    _ = try runtime.tools.handle(
      .functionCall(id: nil, callID: callID.rawValue, name: "shell_command", arguments: arguments),
      turnID: turnID, engine: engine,
      approver: { _ in
        // The policy's first question is answered yes; a retry outside the sandbox is not.
        asked += 1
        return asked == 1 ? .approvedOnce : .denied
      }, cancel: cancel)
    let output = lock.withLock { results.removeValue(forKey: callID) } ?? ""
    try engine.send(
      .addContextMessage(
        ContextMessageAdded(
          turnID: turnID, role: "user", text: HostedTurnWork.userShellContext(command, output))))
    if cancel.isCancelled {
      try engine.send(
        .endTurn(EndTurn(turnID: turnID, outcome: .interrupted(reason: "interrupted by the user"))))
      return .interrupted
    }
    try engine.send(.endTurn(EndTurn(turnID: turnID, outcome: .completed)))
    return .completed(lastMessage: nil)
  }

  private func route(_ envelope: Envelope) {
    let observer: TurnCallbacks = lock.withLock {
      switch envelope.event {
      case .toolCallPlanned(let call): planned[call.callID] = call
      case .toolResultRecorded(let result)
      where result.callID.rawValue.hasPrefix(HostedTurnWork.userShellCallPrefix):
        results[result.callID] = result.output
      case .customToolCallCompleted(let call): patches[call.callID] = call.input
      case .turnStarted:
        planned = [:]
        patches = [:]
      default: break
      }
      return callbacks
    }
    observer.onEnvelope(envelope)
  }

  private func ask(_ pending: PendingApproval) -> ApprovalDecision {
    let callID = pending.callID
    let (question, observer, abort): (ApprovalQuestion, TurnCallbacks, Bool) = lock.withLock {
      let plan = planned[callID]
      let question = ApprovalQuestion(
        threadID: id, turnID: plan?.turnID ?? current ?? TurnID(""), callID: callID,
        tool: plan?.tool ?? "", command: plan?.command ?? [],
        workdir: plan?.workdir ?? settings.cwd, reason: pending.reason, risk: pending.risk,
        patch: patches[callID])
      waiting.insert(callID)
      return (question, callbacks, aborting)
    }
    if abort { return finish(callID, ApprovalAnswer(.aborted)) }
    if let immediate = observer.onApproval(question) { return finish(callID, immediate) }
    let answer: ApprovalAnswer = lock.withLock {
      while answers[callID] == nil, !aborting { lock.wait() }
      return answers[callID] ?? ApprovalAnswer(.aborted)
    }
    return finish(callID, answer)
  }

  private func finish(_ callID: CallID, _ answer: ApprovalAnswer) -> ApprovalDecision {
    lock.withLock {
      waiting.remove(callID)
      answers[callID] = nil
      if answer.decision == .denied, let text = answer.rejection { rejections[callID] = text }
    }
    return answer.decision
  }

  /// Whether the history already holds `text` as a developer message (a resumed thread
  /// got its developer instructions at its first turn).
  private static func holds(_ history: ModelHistory, _ text: String) -> Bool {
    history.items.contains { item in
      guard case .message(let message) = item, message.role == "developer" else { return false }
      return message.content.contains { part in
        if case .inputText(let value) = part { return value == text }
        return false
      }
    }
  }
}
