import CairnCore
import CairnEngine
import Foundation

/// A thread this process has loaded, as the app server sees it: the host's thread (the
/// session open for writing and its turn runner), the connections subscribed to its
/// events, its status as Codex reports it, and the live rendering of its turns.
final class AppServerLoadedThread: @unchecked Sendable {
  let hosted: HostedThread
  let hub: AppServerHub
  let ephemeral: Bool
  var id: String { hosted.id.rawValue }

  private let lock = NSLock()
  private var subscribers: Set<Int> = []
  private var statusStorage: JSONValue = AppServerTurnRenderer.status("idle")
  private var renderer: AppServerTurnRenderer
  /// Approval requests sent for calls of the running turn: call id → request id.
  private var approvalRequests: [CallID: AppServerRequestID] = [:]
  /// Turns accepted by `turn/start` while one ran: Codex accepts them; Cairn runs them
  /// after it, in order.
  private var queued: [(turnID: TurnID, work: HostedTurnWork)] = []
  private var turnIDs = UUIDv7Generator()
  private var steered: [String] = []
  private var interruptedApprovals: [AppServerRequestID] = []

  init(hosted: HostedThread, hub: AppServerHub, ephemeral: Bool) {
    self.hosted = hosted
    self.hub = hub
    self.ephemeral = ephemeral
    renderer = AppServerTurnRenderer(threadID: hosted.id.rawValue, keepsHistory: false)
    renderer.contextWindow = Int64(hosted.settings.contextWindow)
    renderer.cwd = hosted.settings.cwd
    renderer.seedUsage(hosted.engine.state.usage.cumulative)
    observeMCPStatus(of: hosted.tools.mcp)
  }

  var status: JSONValue { lock.withLock { statusStorage } }

  func subscribe(_ connectionID: Int) { lock.withLock { _ = subscribers.insert(connectionID) } }

  /// Returns whether the connection was subscribed.
  @discardableResult
  func unsubscribe(_ connectionID: Int) -> Bool {
    lock.withLock { subscribers.remove(connectionID) != nil }
  }

  var subscriberIDs: [Int] { lock.withLock { subscribers.sorted() } }

  /// Sends `notification` to every subscribed connection that is still open; a status
  /// change is remembered for `thread/read` and listings.
  func publish(_ notification: AppServerNotification) {
    if notification.method == "thread/status/changed",
      case .object(let members) = notification.params,
      let status = members.first(where: { $0.0 == "status" })?.1
    {
      lock.withLock { statusStorage = status }
    }
    for connectionID in subscriberIDs {
      hub.connection(connectionID)?.notify(notification)
    }
  }

  func setStatus(_ status: JSONValue) { lock.withLock { statusStorage = status } }

  /// `thread/status/changed` with `status`, or the thread's current status.
  func statusChangedNotification(_ status: JSONValue? = nil) -> AppServerNotification {
    if let status { setStatus(status) }
    return AppServerNotification(
      "thread/status/changed", [("threadId", .string(id)), ("status", status ?? self.status)])
  }

  /// The usage a resumed or forked thread carries, as Codex replays it: the running total
  /// and the last turn's counts; nil before any usage.
  func replayedUsage() -> AppServerNotification? {
    let usage = hosted.engine.state.usage
    guard usage.cumulative.totalTokens > 0 else { return nil }
    let turnID = hosted.engine.state.turns.recent.last?.turnID.rawValue ?? ""
    var renderer = AppServerTurnRenderer(threadID: id, keepsHistory: false)
    renderer.contextWindow = Int64(hosted.settings.contextWindow)
    renderer.seedUsage(usage.cumulative)
    return renderer.tokenUsage(turnID: turnID, last: usage.last ?? TokenCounts())
  }

  // MARK: Turns

  /// Starts a turn (or queues it behind the running one) and returns its id at once: the
  /// client gets the `turn/start` answer before `turn/started`.
  func startTurn(turnID: TurnID, prompt: String) {
    startTurn(turnID: turnID, work: .prompt(prompt))
  }

  /// Starts (or queues) a turn doing `work`: a prompt, a compaction, a user shell command.
  func startTurn(turnID: TurnID, work: HostedTurnWork) {
    let runNow: Bool = lock.withLock {
      if hosted.runningTurn != nil || !queued.isEmpty {
        queued.append((turnID, work))
        return false
      }
      return true
    }
    if runNow { launch(turnID: turnID, work: work) }
  }

  /// Starts (or queues) a review turn; its `enteredReviewMode` item precedes `turn/started`.
  func startReview(turnID: TurnID, _ review: HostedReview) {
    lock.withLock { renderer.expectReview(turnID: turnID.rawValue, label: review.label) }
    startTurn(
      turnID: turnID, work: .review(prompt: review.prompt, instructions: review.instructions))
  }

  /// Whether a turn is open in the log or waits to run (rollback refuses then). The log,
  /// not the host: a turn the client saw complete may still be winding down its thread.
  var isBusy: Bool {
    lock.withLock { hosted.engine.state.turns.current != nil || !queued.isEmpty }
  }

  /// A fresh turn id (UUIDv7, as Codex's).
  func newTurnID() -> TurnID {
    lock.withLock { TurnID(turnIDs.next(unixNanoseconds: hub.clock())) }
  }

  /// Interrupts the running turn. Its pending approvals are withdrawn now (a late answer
  /// is ignored) and announced resolved after the turn completed, as Codex does.
  func interrupt() {
    lock.withLock {
      interruptedApprovals += approvalRequests.values
      approvalRequests = [:]
      queued = []
      steered = []
    }
    hosted.interrupt()
  }

  /// The turn a `turn/steer` or `turn/interrupt` may name.
  var runningTurnID: String? { hosted.runningTurn?.rawValue }

  /// Adds `text` to the running turn `turnID`; when that turn is already ending, the text
  /// runs as the next turn instead.
  func steer(_ text: String, turnID: String) {
    if hosted.steer(text, turnID: TurnID(turnID)) { return }
    lock.withLock { steered.append(text) }
  }

  private func launch(turnID: TurnID, work: HostedTurnWork) {
    var callbacks = TurnCallbacks()
    callbacks.onEnvelope = { [weak self] envelope in self?.render(envelope) }
    callbacks.onApproval = { [weak self] question in
      // nil means "the client answers later"; a thread already gone aborts.
      guard let self else { return ApprovalAnswer(.aborted) }
      return self.askClient(question)
    }
    callbacks.onEnd = { [weak self] end in self?.turnEnded(end) }
    do {
      try hosted.start(work, turnID: turnID, callbacks: callbacks)
    } catch {
      // Busy: the turn that ran has not called onEnd yet; it starts this one when it does.
      lock.withLock { queued.insert((turnID, work), at: 0) }
    }
  }

  private func render(_ envelope: Envelope) {
    let notifications = lock.withLock { renderer.notifications(for: envelope) }
    for notification in notifications { publish(notification) }
  }

  private func turnEnded(_ end: TurnEnd) {
    let withdrawn = lock.withLock {
      defer { interruptedApprovals = [] }
      return interruptedApprovals
    }
    for requestID in withdrawn where hub.withdrawServerRequest(requestID) {
      publish(
        AppServerNotification(
          "serverRequest/resolved", [("threadId", .string(id)), ("requestId", requestID.json)]))
    }
    let next: (turnID: TurnID, work: HostedTurnWork)? = lock.withLock {
      approvalRequests = [:]
      let texts = steered
      steered = []
      if !texts.isEmpty {
        // Steering text that arrived too late for the turn runs as the next turn.
        var ids = UUIDv7Generator()
        return (
          TurnID(ids.next(unixNanoseconds: hub.clock())),
          .prompt(texts.joined(separator: "\n"))
        )
      }
      guard !queued.isEmpty else { return nil }
      return queued.removeFirst()
    }
    if let next { launch(turnID: next.turnID, work: next.work) }
  }

  /// Asks the client that started the turn (the first subscriber) and waits: the host
  /// blocks the turn's thread until `answer` or an interrupt.
  private func askClient(_ question: ApprovalQuestion) -> ApprovalAnswer? {
    guard let connectionID = subscriberIDs.first else { return ApprovalAnswer(.denied) }
    let method =
      question.isPatch ? "item/fileChange/requestApproval" : "item/commandExecution/requestApproval"
    let startedAtMs = JSONValue.int(hub.clock() / 1_000_000)
    let params: JSONValue
    if question.isPatch {
      params = .object([
        ("threadId", .string(id)), ("turnId", .string(question.turnID.rawValue)),
        ("itemId", .string(question.callID.rawValue)), ("startedAtMs", startedAtMs),
        ("reason", .null), ("grantRoot", .null),
      ])
    } else {
      let command = ShellQuoting.join(question.command)
      params = .object([
        ("threadId", .string(id)), ("turnId", .string(question.turnID.rawValue)),
        ("itemId", .string(question.callID.rawValue)), ("startedAtMs", startedAtMs),
        ("environmentId", .string("local")), ("command", .string(command)),
        ("cwd", .string(question.workdir)),
        (
          "commandActions",
          .array([.object([("type", .string("unknown")), ("command", .string(command))])])
        ),
        ("proposedExecpolicyAmendment", .null),
        (
          "availableDecisions",
          .array([
            .string("accept"), .string("acceptForSession"), .string("decline"), .string("cancel"),
          ])
        ),
      ])
    }
    let callID = question.callID
    // Registered under the lock before the client can answer: `answered` waits for it.
    lock.lock()
    defer { lock.unlock() }
    let requestID = hub.sendServerRequest(
      to: connectionID, threadID: id, method: method, params: params
    ) { [weak self] answer in
      self?.answered(callID, answer)
    }
    guard let requestID else { return ApprovalAnswer(.denied) }
    approvalRequests[callID] = requestID
    return nil
  }

  /// The client's decision, handed to the host; then `serverRequest/resolved`.
  private func answered(_ callID: CallID, _ answer: AppServerHub.ParsedJSONResult) {
    let decision: ApprovalDecision
    switch answer {
    case .error: decision = .denied
    case .result(let result): decision = Self.decision(result)
    }
    guard let requestID = lock.withLock({ approvalRequests.removeValue(forKey: callID) }) else {
      return
    }
    publish(
      AppServerNotification(
        "serverRequest/resolved", [("threadId", .string(id)), ("requestId", requestID.json)]))
    hosted.answer(callID, ApprovalAnswer(decision))
  }

  /// Codex's decisions: accept, acceptForSession, decline, cancel (and the amendment
  /// variants, taken as accept).
  static func decision(_ result: JSONValue) -> ApprovalDecision {
    guard case .object(let members) = result,
      let value = members.first(where: { $0.0 == "decision" })?.1
    else { return .denied }
    switch value {
    case .string("accept"): return .approvedOnce
    case .string("acceptForSession"): return .approvedForSession
    case .string("cancel"): return .aborted
    case .object(let variant) where variant.first?.0.hasPrefix("accept") == true:
      return .approvedOnce
    default: return .denied
    }
  }
}
