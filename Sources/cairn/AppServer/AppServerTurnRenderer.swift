import CairnCore
import CairnEngine
import CairnLogFormat
import CairnServer
import CairnTools

/// A thread's envelopes as Codex's app-server notifications and turns (a pure fold): the
/// live run feeds it each envelope as it is appended, and `thread/read` folds the whole log
/// through it to rebuild the turns with their items. Field names and order follow
/// reference/codex-servers/app-server (main_session, approval_session).
struct AppServerTurnRenderer {
  let threadID: String
  /// The model's context window, for `thread/tokenUsage/updated`.
  var contextWindow: Int64 = 258_400
  /// The thread's working directory: apply_patch names files relative to it.
  var cwd = ""

  /// A turn as the protocol shows it, with its items in order.
  struct TurnRecord {
    var id: String
    var items: [(id: String, item: JSONValue)] = []
    var status = "inProgress"
    var error: JSONValue = .null
    var startedAtNanoseconds: Int64
    var completedAtNanoseconds: Int64?
    /// Its `turn_started` record, which a rollback names.
    var startedSeq = Seq.first
    var lastAgentMessage: (id: String, item: JSONValue)?
  }

  private(set) var turns: [TurnRecord] = []
  private(set) var current: TurnRecord?
  private var total = TokenCounts()
  private var agentTexts: [String: String] = [:]
  private var startedItems: Set<String> = []
  private var reasoningParts: [String: UInt32] = [:]
  private var calls: [CallID: Call] = [:]
  /// The running compaction's `contextCompaction` item.
  private var compactionItem: String?
  /// Review turns a live server is about to run, by turn id, with their labels: their
  /// `enteredReviewMode` item goes out before `turn/started`, as Codex sends it.
  private var expectedReviews: [String: String] = [:]
  /// The running turn is a review (its label), and its last agent message so far.
  private var review: String?
  private var lastAgentText = ""
  /// The files the running turn changed, for `turn/diff/updated`.
  private var diff = AppServerTurnDiff()
  /// A prompt that may be a user shell turn's marker: shown once the next event says it
  /// is not (see `notifications(for:)`).
  private var heldPrompt: (envelope: Envelope, text: String)?
  /// Completed turns kept for history; a live server needs none, `thread/read` all.
  let keepsHistory: Bool

  private struct Call {
    var name: String
    var arguments: String
    var command: String?
    var cwd: String?
    var output: [UInt8] = []
    var started = false
    var patchChanges: [JSONValue] = []
    var isPatch = false
    var declined = false
    /// `agent` (a model's call) or `userShell` (`thread/shellCommand`).
    var source = "agent"
    /// An MCP call's server, tool and approval hint, and what the server answered.
    var mcp: MCPCall?
  }

  /// Starts the running total from the usage recorded before the first rendered envelope.
  mutating func seedUsage(_ usage: TokenCounts) { total = usage }

  init(threadID: String, keepsHistory: Bool) {
    self.threadID = threadID
    self.keepsHistory = keepsHistory
  }

  /// The turn's JSON; `itemsView` is "notLoaded" (start), "summary" (completion: only the
  /// last agent message) or "full" (history).
  static func turnJSON(_ turn: TurnRecord, view: String) -> JSONValue {
    let items: [JSONValue]
    switch view {
    case "full": items = turn.items.map(\.item)
    case "summary": items = turn.lastAgentMessage.map { [$0.item] } ?? []
    default: items = []
    }
    return .object([
      ("id", .string(turn.id)), ("items", .array(items)),
      ("itemsView", .string(items.isEmpty && view != "full" ? "notLoaded" : view)),
      ("status", .string(turn.status)), ("error", turn.error),
      ("startedAt", .int(turn.startedAtNanoseconds / 1_000_000_000)),
      ("completedAt", turn.completedAtNanoseconds.map { .int($0 / 1_000_000_000) } ?? .null),
      (
        "durationMs",
        turn.completedAtNanoseconds.map { .int(($0 - turn.startedAtNanoseconds) / 1_000_000) }
          ?? .null
      ),
    ])
  }

  /// The shape of a turn just accepted by `turn/start`, before it runs.
  static func pendingTurnJSON(id: String) -> JSONValue {
    .object([
      ("id", .string(id)), ("items", .array([])), ("itemsView", .string("notLoaded")),
      ("status", .string("inProgress")), ("error", .null), ("startedAt", .null),
      ("completedAt", .null), ("durationMs", .null),
    ])
  }

  static func userMessageItem(id: String, text: String) -> JSONValue {
    .object([
      ("type", .string("userMessage")), ("id", .string(id)), ("clientId", .null),
      (
        "content",
        .array([
          .object([
            ("type", .string("text")), ("text", .string(text)), ("text_elements", .array([])),
          ])
        ])
      ),
    ])
  }

  static func agentMessageItem(id: String, text: String) -> JSONValue {
    .object([
      ("type", .string("agentMessage")), ("id", .string(id)), ("text", .string(text)),
      ("phase", .null), ("memoryCitation", .null),
    ])
  }

  static func compactionItem(id: String) -> JSONValue {
    .object([("type", .string("contextCompaction")), ("id", .string(id))])
  }

  static func reasoningItem(id: String, summary: [String]) -> JSONValue {
    .object([
      ("type", .string("reasoning")), ("id", .string(id)),
      ("summary", .array(summary.map { .string($0) })), ("content", .array([])),
    ])
  }

  private func commandItem(_ id: String, _ call: Call, status: String, exit: ToolExited?)
    -> JSONValue
  {
    let command = call.command ?? ""
    return .object([
      ("type", .string("commandExecution")), ("id", .string(id)), ("pluginId", .null),
      ("scriptPath", .null), ("command", .string(command)), ("cwd", .string(call.cwd ?? "")),
      ("processId", .null), ("source", .string(call.source)), ("status", .string(status)),
      (
        "commandActions",
        .array([
          .object([
            ("type", .string("unknown")),
            // The user's command as typed; a model's call shows the command line.
            ("command", .string(call.source == "userShell" ? call.arguments : command)),
          ])
        ])
      ),
      (
        "aggregatedOutput",
        exit == nil ? .null : .string(String(decoding: call.output, as: UTF8.self))
      ),
      ("exitCode", exit?.exitCode.map { .int(Int64($0)) } ?? .null),
      ("durationMs", exit.map { .int(Int64($0.durationNanoseconds / 1_000_000)) } ?? .null),
    ])
  }

  private func mcpItem(_ id: String, _ call: Call, status: String, durationNanoseconds: UInt64?)
    -> JSONValue
  {
    let mcp = call.mcp ?? MCPCall(server: "", tool: "")
    return AppServerMCPItem.json(
      id: id, mcp: mcp, arguments: call.arguments, status: status,
      durationNanoseconds: durationNanoseconds)
  }

  private func fileChangeItem(_ id: String, _ call: Call, status: String) -> JSONValue {
    .object([
      ("type", .string("fileChange")), ("id", .string(id)),
      ("changes", .array(call.patchChanges)), ("status", .string(status)),
    ])
  }

  private func itemNotification(
    _ method: String, _ item: JSONValue, turnID: String, atNanoseconds: Int64
  ) -> AppServerNotification {
    let timeKey = method == "item/started" ? "startedAtMs" : "completedAtMs"
    return AppServerNotification(
      method,
      [
        ("item", item), ("threadId", .string(threadID)), ("turnId", .string(turnID)),
        (timeKey, .int(atNanoseconds / 1_000_000)),
      ])
  }

  private func deltaParams(_ turnID: String, _ itemID: String, _ rest: [(String, JSONValue)])
    -> [(String, JSONValue)]
  {
    [("threadId", .string(threadID)), ("turnId", .string(turnID)), ("itemId", .string(itemID))]
      + rest
  }

  /// Records a completed item in the current turn (history and the summary).
  private mutating func record(_ id: String, _ item: JSONValue, isAgentMessage: Bool = false) {
    guard current != nil else { return }
    if keepsHistory { current!.items.append((id, item)) }
    if isAgentMessage { current!.lastAgentMessage = (id, item) }
  }

  static func status(_ status: String, flags: [String]? = nil) -> JSONValue {
    guard let flags else { return .object([("type", .string(status))]) }
    return .object([("type", .string(status)), ("activeFlags", .array(flags.map { .string($0) }))])
  }

  func statusChanged(_ status: JSONValue) -> AppServerNotification {
    AppServerNotification(
      "thread/status/changed", [("threadId", .string(threadID)), ("status", status)])
  }

  /// Announces that turn `turnID` will be a review labelled `label`.
  mutating func expectReview(turnID: String, label: String) { expectedReviews[turnID] = label }

  static func reviewItem(_ type: String, id: String, review: String) -> JSONValue {
    .object([("type", .string(type)), ("id", .string(id)), ("review", .string(review))])
  }

  /// The `enteredReviewMode` item of the running turn, as started and completed.
  private mutating func enterReview(_ label: String, turnID: String, at: Int64)
    -> [AppServerNotification]
  {
    review = label
    let id = "review-\(turnID)"
    let item = Self.reviewItem("enteredReviewMode", id: id, review: label)
    if keepsHistory, current != nil { current!.items.insert((id, item), at: 0) }
    return [
      itemNotification("item/started", item, turnID: turnID, atNanoseconds: at),
      itemNotification("item/completed", item, turnID: turnID, atNanoseconds: at),
    ]
  }

  /// The `exitedReviewMode` item that ends a review turn, with the review's text.
  private mutating func exitReview(at: Int64) -> [AppServerNotification] {
    guard review != nil, let turnID = current?.id else { return [] }
    review = nil
    let id = "review-exit-\(turnID)"
    let item = Self.reviewItem("exitedReviewMode", id: id, review: lastAgentText)
    record(id, item)
    return [
      itemNotification("item/started", item, turnID: turnID, atNanoseconds: at),
      itemNotification("item/completed", item, turnID: turnID, atNanoseconds: at),
    ]
  }

  /// The notifications `envelope` causes, in Codex's order. A user shell turn's prompt
  /// (`!cmd`) is no item of its own in Codex's stream: it is held until the next event
  /// shows whether the turn runs the user's command.
  mutating func notifications(for envelope: Envelope) -> [AppServerNotification] {
    guard let held = heldPrompt else {
      if case .userMessageAdded(let message) = envelope.event,
        message.text.hasPrefix(HostedTurnWork.userShellMarker)
      {
        heldPrompt = (envelope, message.text)
        return []
      }
      return rendered(envelope)
    }
    heldPrompt = nil
    if case .toolCallPlanned(let planned) = envelope.event,
      planned.callID.rawValue.hasPrefix(HostedTurnWork.userShellCallPrefix)
    {
      return rendered(envelope)
    }
    return rendered(held.envelope) + notifications(for: envelope)
  }

  private mutating func rendered(_ envelope: Envelope) -> [AppServerNotification] {
    let at = envelope.recordedAtNanoseconds
    switch envelope.event {
    case .turnStarted(let started):
      var turn = TurnRecord(id: started.turnID.rawValue, startedAtNanoseconds: at)
      turn.startedSeq = envelope.seq
      compactionItem = nil
      review = nil
      lastAgentText = ""
      diff = AppServerTurnDiff()
      diff.cwd = cwd
      current = turn
      agentTexts = [:]
      startedItems = []
      reasoningParts = [:]
      var entered: [AppServerNotification] = []
      if let label = expectedReviews.removeValue(forKey: started.turnID.rawValue) {
        entered = enterReview(label, turnID: started.turnID.rawValue, at: at)
      }
      return entered + [
        statusChanged(Self.status("active", flags: [])),
        AppServerNotification(
          "turn/started",
          [("threadId", .string(threadID)), ("turn", Self.turnJSON(turn, view: "notLoaded"))]),
      ]
    case .userMessageAdded(let message) where message.text == TurnRunner.compactCommandText:
      // `/compact`'s turn: its prompt is the compaction item Codex shows.
      let id = "compaction-\(envelope.seq.rawValue)"
      compactionItem = id
      return [
        itemNotification(
          "item/started", Self.compactionItem(id: id), turnID: message.turnID.rawValue,
          atNanoseconds: at)
      ]
    case .compactionArtifactRecorded(let artifact):
      guard artifact.kind == .semanticSummary, let turnID = current?.id else { return [] }
      var out: [AppServerNotification] = []
      let id: String
      if let running = compactionItem {
        id = running
      } else {
        // A compaction the runner made on its own (the history reached the threshold):
        // Codex shows it as an item of the turn too.
        id = "compaction-\(envelope.seq.rawValue)"
        out.append(
          itemNotification(
            "item/started", Self.compactionItem(id: id), turnID: turnID, atNanoseconds: at))
      }
      compactionItem = nil
      let item = Self.compactionItem(id: id)
      record(id, item)
      return out + [itemNotification("item/completed", item, turnID: turnID, atNanoseconds: at)]
    case .contextMessageAdded(let context):
      // A review turn read from the log: its developer message says so.
      guard review == nil, current != nil,
        let label = HostedReview.reviewLabel(fromInstructions: context.text)
      else { return [] }
      return enterReview(label, turnID: context.turnID.rawValue, at: at)
    case .turnsRolledBack(let rollBack):
      turns.removeAll { $0.startedSeq >= rollBack.fromSeq }
      return []
    case .userMessageAdded(let message):
      let id = "user-\(envelope.seq.rawValue)"
      let item = Self.userMessageItem(id: id, text: message.text)
      record(id, item)
      let turnID = message.turnID.rawValue
      return [
        itemNotification("item/started", item, turnID: turnID, atNanoseconds: at),
        itemNotification("item/completed", item, turnID: turnID, atNanoseconds: at),
      ]
    case .outputTextAppended(let delta):
      let itemID = delta.itemID.rawValue
      var out: [AppServerNotification] = []
      if !startedItems.contains(itemID) {
        startedItems.insert(itemID)
        out.append(
          itemNotification(
            "item/started", Self.agentMessageItem(id: itemID, text: ""),
            turnID: delta.turnID.rawValue, atNanoseconds: at))
      }
      agentTexts[itemID, default: ""] += delta.delta
      out.append(
        AppServerNotification(
          "item/agentMessage/delta",
          deltaParams(delta.turnID.rawValue, itemID, [("delta", .string(delta.delta))])))
      return out
    case .messageCompleted(let message):
      let itemID = message.itemID.rawValue
      var out: [AppServerNotification] = []
      let item = Self.agentMessageItem(id: itemID, text: message.text)
      if !startedItems.contains(itemID) {
        startedItems.insert(itemID)
        out.append(
          itemNotification(
            "item/started", Self.agentMessageItem(id: itemID, text: ""),
            turnID: message.turnID.rawValue, atNanoseconds: at))
      }
      out.append(
        itemNotification(
          "item/completed", item, turnID: message.turnID.rawValue, atNanoseconds: at))
      record(itemID, item, isAgentMessage: true)
      lastAgentText = message.text
      return out
    case .reasoningSummaryAppended(let delta):
      let itemID = delta.itemID.rawValue
      var out: [AppServerNotification] = []
      if !startedItems.contains(itemID) {
        startedItems.insert(itemID)
        out.append(
          itemNotification(
            "item/started", Self.reasoningItem(id: itemID, summary: []),
            turnID: delta.turnID.rawValue, atNanoseconds: at))
      }
      if reasoningParts[itemID].map({ $0 < delta.summaryIndex + 1 }) ?? true {
        reasoningParts[itemID] = delta.summaryIndex + 1
        out.append(
          AppServerNotification(
            "item/reasoning/summaryPartAdded",
            deltaParams(
              delta.turnID.rawValue, itemID, [("summaryIndex", .int(Int64(delta.summaryIndex)))]
            )))
      }
      out.append(
        AppServerNotification(
          "item/reasoning/summaryTextDelta",
          deltaParams(
            delta.turnID.rawValue, itemID,
            [("delta", .string(delta.delta)), ("summaryIndex", .int(Int64(delta.summaryIndex)))])))
      return out
    case .reasoningCompleted(let reasoning):
      let itemID = reasoning.itemID.rawValue
      let item = Self.reasoningItem(id: itemID, summary: reasoning.summary)
      var out: [AppServerNotification] = []
      if !startedItems.contains(itemID) {
        // A reasoning item without summary text shows nowhere in Codex's stream.
        guard !reasoning.summary.isEmpty else { return [] }
        startedItems.insert(itemID)
        out.append(
          itemNotification(
            "item/started", Self.reasoningItem(id: itemID, summary: []),
            turnID: reasoning.turnID.rawValue, atNanoseconds: at))
      }
      out.append(
        itemNotification(
          "item/completed", item, turnID: reasoning.turnID.rawValue, atNanoseconds: at))
      record(itemID, item)
      return out
    case .functionCallCompleted(let call):
      calls[call.callID] = Call(name: call.name, arguments: call.arguments)
      return []
    case .customToolCallCompleted(let call):
      guard call.name == "apply_patch" else { return [] }
      var entry = Call(name: call.name, arguments: call.input)
      entry.isPatch = true
      entry.patchChanges = Self.patchChanges(call.input, cwd: cwd)
      calls[call.callID] = entry
      guard let turnID = current?.id else { return [] }
      entry.started = true
      calls[call.callID] = entry
      return [
        itemNotification(
          "item/started", fileChangeItem(call.callID.rawValue, entry, status: "inProgress"),
          turnID: turnID, atNanoseconds: at)
      ]
    case .toolCallPlanned(let planned)
    where planned.callID.rawValue.hasPrefix(HostedTurnWork.userShellCallPrefix):
      // The user's own command: no approval shown, whatever the policy's classification.
      var call = Call(name: planned.tool, arguments: planned.command.last ?? "")
      call.command = ShellQuoting.join(planned.command)
      call.cwd = planned.workdir
      call.started = true
      call.source = "userShell"
      calls[planned.callID] = call
      guard let turnID = current?.id else { return [] }
      return [
        itemNotification(
          "item/started",
          commandItem(planned.callID.rawValue, call, status: "inProgress", exit: nil),
          turnID: turnID, atNanoseconds: at)
      ]
    case .toolCallPlanned(let planned):
      if let mcp = MCPCall(planned), var call = calls[planned.callID] {
        call.mcp = mcp
        call.started = true
        calls[planned.callID] = call
        guard let turnID = current?.id else { return [] }
        return [
          itemNotification(
            "item/started",
            mcpItem(planned.callID.rawValue, call, status: "inProgress", durationNanoseconds: nil),
            turnID: turnID, atNanoseconds: at)
        ]
      }
      guard var call = calls[planned.callID], !call.isPatch, !planned.command.isEmpty else {
        return []
      }
      call.command = ShellQuoting.join(planned.command)
      call.cwd = planned.workdir
      call.started = true
      calls[planned.callID] = call
      guard let turnID = current?.id else { return [] }
      var out: [AppServerNotification] = []
      if planned.needsApproval {
        out.append(statusChanged(Self.status("active", flags: ["waitingOnApproval"])))
      }
      out.append(
        itemNotification(
          "item/started",
          commandItem(planned.callID.rawValue, call, status: "inProgress", exit: nil),
          turnID: turnID, atNanoseconds: at))
      return out
    case .approvalRequested(let requested):
      guard let call = calls[requested.callID], call.isPatch else { return [] }
      return [statusChanged(Self.status("active", flags: ["waitingOnApproval"]))]
    case .approvalDecided(let decided):
      guard var call = calls[decided.callID], call.source == "agent", let turnID = current?.id
      else { return [] }
      switch decided.decision {
      case .approvedOnce, .approvedForSession:
        return [statusChanged(Self.status("active", flags: []))]
      case .denied, .aborted:
        call.declined = true
        calls[decided.callID] = nil
        let id = decided.callID.rawValue
        if call.mcp != nil {
          call.mcp?.error = "user rejected MCP tool call"
        }
        let item =
          call.mcp != nil
          ? mcpItem(id, call, status: "failed", durationNanoseconds: nil)
          : call.isPatch
            ? fileChangeItem(id, call, status: "declined")
            : commandItem(id, call, status: "declined", exit: nil)
        record(id, item)
        return [
          itemNotification("item/completed", item, turnID: turnID, atNanoseconds: at),
          statusChanged(Self.status("active", flags: [])),
        ]
      }
    case .toolOutputReceived(let output):
      guard var call = calls[output.callID], call.started, !call.isPatch,
        let turnID = current?.id
      else { return [] }
      let room = (1 << 20) - call.output.count
      if room > 0 { call.output += output.chunk.prefix(room) }
      calls[output.callID] = call
      return [
        AppServerNotification(
          "item/commandExecution/outputDelta",
          deltaParams(
            turnID, output.callID.rawValue,
            [("delta", .string(String(decoding: output.chunk, as: UTF8.self)))]))
      ]
    case .fileChanged(let change):
      diff.add(
        path: change.path, kind: change.kind.rawValue, movePath: change.movePath,
        before: change.before, after: change.after)
      guard var call = calls[change.callID], call.isPatch else { return [] }
      if !call.patchChanges.contains(where: { Self.path(of: $0) == change.path }) {
        call.patchChanges.append(
          Self.change(path: change.path, kind: change.kind.rawValue, diff: ""))
      }
      calls[change.callID] = call
      return []
    case .mcpToolResultReceived(let received):
      calls[received.callID]?.mcp?.received = received
      return []
    case .toolExited(let exited):
      guard let call = calls.removeValue(forKey: exited.callID), call.started,
        let turnID = current?.id
      else { return [] }
      let id = exited.callID.rawValue
      let item: JSONValue
      if let mcp = call.mcp {
        item = mcpItem(
          id, call, status: mcp.succeeded ? "completed" : "failed",
          durationNanoseconds: exited.durationNanoseconds)
      } else if call.isPatch {
        item = fileChangeItem(id, call, status: exited.exitCode == 0 ? "completed" : "failed")
      } else {
        item = commandItem(
          id, call, status: exited.exitCode == 0 ? "completed" : "failed", exit: exited)
      }
      record(id, item)
      var out = [itemNotification("item/completed", item, turnID: turnID, atNanoseconds: at)]
      if call.isPatch, !diff.isEmpty {
        // The turn's whole diff so far, after each patch, as Codex sends it.
        out.append(
          AppServerNotification(
            "turn/diff/updated",
            [
              ("threadId", .string(threadID)), ("turnId", .string(turnID)),
              ("diff", .string(diff.text)),
            ]))
      }
      return out
    case .toolResultRecorded(let result):
      guard let call = calls[result.callID], call.name == "update_plan", let turnID = current?.id
      else { return [] }
      calls[result.callID] = nil
      return [planUpdated(call.arguments, turnID: turnID)]
    case .tokenUsageRecorded(let usage):
      let last = TokenCounts(
        inputTokens: usage.inputTokens, cachedInputTokens: usage.cachedInputTokens,
        outputTokens: usage.outputTokens, reasoningOutputTokens: usage.reasoningOutputTokens)
      total.add(last)
      return [
        tokenUsage(turnID: usage.turnID.rawValue, last: last),
        Self.rateLimits(),
      ]
    case .modelRequestRetried(let retry):
      guard retry.streamLevel else { return [] }
      return [
        AppServerNotification(
          "error",
          [
            (
              "error",
              .object([
                ("message", .string("Reconnecting... \(retry.attempt)/\(retry.maxAttempts)")),
                (
                  "codexErrorInfo",
                  .object([("responseStreamDisconnected", .object([("httpStatusCode", .null)]))])
                ),
                ("additionalDetails", .string(retry.reason)),
              ])
            ),
            ("willRetry", .bool(true)), ("threadId", .string(threadID)),
            ("turnId", .string(retry.turnID.rawValue)),
          ])
      ]
    case .turnCompleted:
      return exitReview(at: at) + finish(status: "completed", error: .null, at: at)
    case .turnInterrupted:
      return exitReview(at: at) + finish(status: "interrupted", error: .null, at: at)
    case .turnFailed(let failed):
      let error: JSONValue = .object([
        ("message", .string(failed.message)), ("codexErrorInfo", .string("other")),
        ("additionalDetails", .null),
      ])
      guard let turnID = current?.id else { return [] }
      return [
        statusChanged(Self.status("systemError")),
        AppServerNotification(
          "error",
          [
            ("error", error), ("willRetry", .bool(false)), ("threadId", .string(threadID)),
            ("turnId", .string(turnID)),
          ]),
      ] + finish(status: "failed", error: error, at: at, announceIdle: false)
    default:
      return []
    }
  }

  private mutating func finish(
    status: String, error: JSONValue, at: Int64, announceIdle: Bool = true
  ) -> [AppServerNotification] {
    guard var turn = current else { return [] }
    turn.status = status
    turn.error = error
    turn.completedAtNanoseconds = at
    current = nil
    // Commands still open when the turn ended are not reported as completed.
    calls = [:]
    if keepsHistory { turns.append(turn) }
    var out: [AppServerNotification] = []
    if announceIdle { out.append(statusChanged(Self.status("idle"))) }
    out.append(
      AppServerNotification(
        "turn/completed",
        [("threadId", .string(threadID)), ("turn", Self.turnJSON(turn, view: "summary"))]))
    return out
  }

  /// The token usage notification: the thread's running total and this response's counts.
  func tokenUsage(turnID: String, last: TokenCounts) -> AppServerNotification {
    func counts(_ c: TokenCounts) -> JSONValue {
      .object([
        ("totalTokens", .uint(c.totalTokens)), ("inputTokens", .uint(c.inputTokens)),
        ("cachedInputTokens", .uint(c.cachedInputTokens)), ("cacheWriteInputTokens", .uint(0)),
        ("outputTokens", .uint(c.outputTokens)),
        ("reasoningOutputTokens", .uint(c.reasoningOutputTokens)),
      ])
    }
    return AppServerNotification(
      "thread/tokenUsage/updated",
      [
        ("threadId", .string(threadID)), ("turnId", .string(turnID)),
        (
          "tokenUsage",
          .object([
            ("total", counts(total)), ("last", counts(last)),
            ("modelContextWindow", .int(contextWindow)),
          ])
        ),
      ])
  }

  /// API-key providers report no limits: Codex still sends the all-null shape.
  static func rateLimits() -> AppServerNotification {
    AppServerNotification(
      "account/rateLimits/updated",
      [
        (
          "rateLimits",
          .object([
            ("limitId", .string("codex")), ("limitName", .null), ("primary", .null),
            ("secondary", .null), ("credits", .null), ("individualLimit", .null),
            ("spendControlReached", .null), ("planType", .null), ("rateLimitReachedType", .null),
          ])
        )
      ])
  }

  private func planUpdated(_ arguments: String, turnID: String) -> AppServerNotification {
    var explanation: JSONValue = .null
    var steps: [JSONValue] = []
    if let parsed = try? ParsedJSON.parse(Array(arguments.utf8)) {
      if let text = parsed["explanation"]?.stringValue { explanation = .string(text) }
      for step in parsed["plan"]?.arrayValue ?? [] {
        let status = step["status"]?.stringValue ?? "pending"
        steps.append(
          .object([
            ("step", .string(step["step"]?.stringValue ?? "")),
            ("status", .string(status == "in_progress" ? "inProgress" : status)),
          ]))
      }
    }
    return AppServerNotification(
      "turn/plan/updated",
      [
        ("threadId", .string(threadID)), ("turnId", .string(turnID)),
        ("explanation", explanation), ("plan", .array(steps)),
      ])
  }

  static func change(path: String, kind: String, diff: String) -> JSONValue {
    .object([
      ("path", .string(path)), ("kind", .object([("type", .string(kind))])),
      ("diff", .string(diff)),
    ])
  }

  private static func path(of change: JSONValue) -> String? {
    guard case .object(let members) = change,
      case .string(let path)? = members.first(where: { $0.0 == "path" })?.1
    else { return nil }
    return path
  }

  /// The files an apply_patch input names, with the added lines as the diff of a new file
  /// (as Codex shows an added file's content).
  static func patchChanges(_ patch: String, cwd: String) -> [JSONValue] {
    var changes: [JSONValue] = []
    var current: (path: String, kind: String, lines: [String])?
    func flush() {
      if let entry = current {
        let diff = entry.kind == "add" ? entry.lines.map { $0 + "\n" }.joined() : ""
        changes.append(change(path: entry.path, kind: entry.kind, diff: diff))
      }
      current = nil
    }
    for line in patch.split(separator: "\n", omittingEmptySubsequences: false) {
      let text = String(line)
      let headers = [
        ("*** Add File: ", "add"), ("*** Update File: ", "update"), ("*** Delete File: ", "delete"),
      ]
      if let header = headers.first(where: { text.hasPrefix($0.0) }) {
        flush()
        let path = String(text.dropFirst(header.0.count))
        current = (path.hasPrefix("/") || cwd.isEmpty ? path : cwd + "/" + path, header.1, [])
      } else if text.hasPrefix("*** End Patch") {
        flush()
      } else if current?.kind == "add", text.hasPrefix("+") {
        current!.lines.append(String(text.dropFirst()))
      }
    }
    flush()
    return changes
  }
}
