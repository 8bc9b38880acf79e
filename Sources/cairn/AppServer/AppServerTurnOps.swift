import CairnCore
import CairnEngine

/// `thread/compact/start`, `thread/rollback`, `thread/shellCommand`: operations on a loaded
/// thread's turns (docs/APP_SERVER.md). Compaction and the user's shell command run as
/// turns of their own on the host, after the answer, with Codex's notifications; a
/// rollback is one event in the thread's log, which the reducers honour.
enum AppServerTurnOps {
  /// `{threadId}` → `{}`, then the compaction turn: turn/started, the `contextCompaction`
  /// item's item/started and item/completed, turn/completed. The next turn's request
  /// starts from the summary.
  static func compactStart(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let thread = try AppServerTurnMethods.loaded(request)
    thread.subscribe(request.connection.id)
    let turnID = thread.newTurnID()
    return AppServerReply(result: .object([])) {
      thread.startTurn(turnID: turnID, work: .compaction)
    }
  }

  /// `{threadId, command}` → `{}`, then a turn with the `commandExecution` item (source
  /// `userShell`) and its output deltas; the model sees the command and its output in the
  /// next turn.
  static func shellCommand(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let thread = try AppServerTurnMethods.loaded(request)
    let command = try request.params.requiredString("command")
    guard command.contains(where: { !$0.isWhitespace }) else {
      throw .invalid("command must not be empty")
    }
    thread.subscribe(request.connection.id)
    let turnID = thread.newTurnID()
    return AppServerReply(result: .object([])) {
      thread.startTurn(turnID: turnID, work: .userShell(command))
    }
  }

  /// `{threadId, numTurns}` → `{thread}` with the turns left, after Codex's
  /// `deprecationNotice`. Refused while a turn runs, for 0 turns, and for more turns than
  /// the thread has (or than the state keeps, `TurnsProjection.recentMax`).
  static func rollback(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    request.connection.notify(
      AppServerNotification(
        "deprecationNotice",
        [("summary", .string(deprecationSummary)), ("details", .null)]))
    let thread = try AppServerTurnMethods.loaded(request)
    guard let count = try request.params.integer("numTurns") else {
      throw AppServerParams.missing("numTurns")
    }
    guard count >= 1 else { throw .invalid("numTurns must be >= 1") }
    guard !thread.isBusy else {
      throw .invalid("cannot roll back while a turn is running: interrupt it first")
    }
    let engine = thread.hosted.engine
    do {
      try engine.send(.rollBackTurns(RollBackTurns(count: UInt32(clamping: count))))
    } catch EngineError.rejected(let rejection) {
      throw .invalid(rejection.description)
    } catch {
      throw .internal("cannot record the rollback: \(error)")
    }
    // Codex restates the thread's usage after a rollback, before its answer.
    if let usage = thread.replayedUsage() {
      thread.publish(usage)
      thread.publish(AppServerTurnRenderer.rateLimits())
    }
    let turns = try AppServerThreadHistory.turns(
      threadID: thread.id, directory: thread.hosted.directory, cwd: thread.hosted.settings.cwd)
    let json = AppServerThreadMethods.threadJSON(
      thread, preview: AppServerThreadMethods.summary(request.hub, thread.id).preview,
      turns: turns)
    return AppServerReply(result: .object([("thread", json)]))
  }

  /// `{threadId, target, delivery?}` → `{turn, reviewThreadId}`, then the review turn:
  /// `enteredReviewMode`, turn/started, the prompt, the model's work, `exitedReviewMode`
  /// with the review, turn/completed. Inline only: `detached` (a new thread for the
  /// review) answers not supported.
  static func reviewStart(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let thread = try AppServerTurnMethods.loaded(request)
    guard let targetParams = try request.params.object("target") else {
      throw AppServerParams.missing("target")
    }
    let target = try reviewTarget(targetParams)
    if let delivery = try request.params.string("delivery"), delivery != "inline" {
      guard delivery == "detached" else {
        throw .malformed(
          "unknown variant `\(delivery)`, expected `inline` or `detached`")
      }
      throw .notSupported(
        "review/start", reason: "detached delivery (a review on a new thread); use inline")
    }
    let review = HostedReview(target: target)
    thread.subscribe(request.connection.id)
    let turnID = thread.newTurnID()
    let turn: JSONValue = .object([
      ("id", .string(turnID.rawValue)),
      (
        "items",
        .array([AppServerTurnRenderer.userMessageItem(id: turnID.rawValue, text: review.label)])
      ),
      ("itemsView", .string("notLoaded")), ("status", .string("inProgress")), ("error", .null),
      ("startedAt", .null), ("completedAt", .null), ("durationMs", .null),
    ])
    return AppServerReply(
      result: .object([("turn", turn), ("reviewThreadId", .string(thread.id))])
    ) {
      thread.startReview(turnID: turnID, review)
    }
  }

  static func reviewTarget(_ params: AppServerParams) throws(AppServerError)
    -> HostedReview.Target
  {
    let type = try params.requiredString("type")
    switch type {
    case "uncommittedChanges": return .uncommittedChanges
    case "baseBranch":
      let branch = try params.requiredString("branch")
      guard !branch.isEmpty else { throw .invalid("branch must not be empty") }
      return .baseBranch(branch)
    case "commit":
      let sha = try params.requiredString("sha")
      guard !sha.isEmpty else { throw .invalid("sha must not be empty") }
      return .commit(sha: sha, title: try params.string("title"))
    case "custom":
      let instructions = try params.requiredString("instructions")
      guard instructions.contains(where: { !$0.isWhitespace }) else {
        throw .invalid("instructions must not be empty")
      }
      return .custom(instructions)
    default:
      throw .malformed(
        "unknown variant `\(type)`, expected one of `uncommittedChanges`, `baseBranch`, "
          + "`commit`, `custom`")
    }
  }

  static let deprecationSummary = "thread/rollback is deprecated and will be removed soon"
}
