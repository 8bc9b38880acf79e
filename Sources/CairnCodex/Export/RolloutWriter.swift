import CairnCore
import CairnLogFormat

/// Folds a session's envelopes into Codex 0.147 rollout lines: `session_meta` first, then
/// per turn `task_started`, `turn_context`, the user message (as a `response_item` and a
/// `user_message` event), the model's items as `response_item`s, `token_count` and
/// `task_complete`. Texts pass Cairn's `SecretRedactor` once more on the way out.
struct RolloutWriter {
  private let threadID: String
  private var settings: SessionCreated
  private var effort: String?
  private let redactor = SecretRedactor()
  private var openTurn: TurnID?
  private var lastAgentMessage: String?
  /// Calls whose output has not been written yet: kind and whether Codex produced their
  /// output text (imported) or Cairn ran them (native).
  private var calls: [CallID: Call] = [:]
  private var callOrder: [CallID] = []
  private var total = TokenCounts()
  private(set) var linesWritten = 0
  private(set) var turnsWritten = 0
  private(set) var eventsSkipped = 0
  private var time: Int64 = 0

  /// Output kept per call; a longer output is cut with a note (memory stays bounded).
  static let outputBytesMax = 8 << 20

  private struct Call {
    var custom: Bool
    var imported = false
    var output: [UInt8] = []
    var cut = false
    /// How the call ended (an exit, or a denial), while its result text may still follow.
    var ended: Ended?
  }

  private struct Ended {
    var exitCode: Int32?
    var seconds: Double
    var denied: Bool
  }

  init(threadID: String, session: SessionCreated) {
    self.threadID = threadID
    settings = session
  }

  private func redacted(_ text: String) -> String { redactor.redact(text).text }

  private mutating func line(_ type: String, _ payload: [(String, JSONValue)]) -> [UInt8] {
    var out: [UInt8] = []
    JSONValue.object([
      ("timestamp", .string(RolloutTime.iso(nanoseconds: time))), ("type", .string(type)),
      ("payload", .object(payload)),
    ]).write(to: &out)
    out.append(10)
    linesWritten += 1
    return out
  }

  /// Codex-shaped item ids (`msg_…`, `fc_…`, `ctc_…`, `rs_…`) are kept; Cairn's own are
  /// left out (the Responses API checks the prefixes of ids it is sent).
  private func itemID(_ id: ItemID, prefixes: [String]) -> [(String, JSONValue)] {
    prefixes.contains { id.rawValue.hasPrefix($0) } ? [("id", .string(id.rawValue))] : []
  }

  mutating func lines(for envelope: Envelope) -> [[UInt8]] {
    time = envelope.recordedAtNanoseconds
    switch envelope.event {
    case .toolCallPlanned, .toolStarted, .toolOutputReceived, .toolOutputOmitted, .toolExited,
      .toolResultRecorded, .approvalRequested, .approvalDecided, .fileChanged:
      return toolLines(for: envelope.event)
    default:
      // Sessions written before tool results were recorded end a call at its exit: its
      // output goes out before whatever follows.
      let ended = flushEndedCalls()
      return ended + modelLines(for: envelope.event)
    }
  }

  private mutating func modelLines(for event: Event) -> [[UInt8]] {
    switch event {
    case .sessionCreated(let created):
      settings = created
      return [
        line(
          "session_meta",
          [
            ("id", .string(threadID)), ("timestamp", .string(RolloutTime.iso(nanoseconds: time))),
            ("cwd", .string(created.cwd)), ("originator", .string("cairn")),
            ("cli_version", .string("0.147.0")), ("source", .string("exec")),
            ("model_provider", .string(created.provider)),
          ])
      ]
    case .turnsRolledBack(let rollBack):
      // Codex's own record of a rollback: its readers drop the last turns, as Cairn's do.
      return [
        line(
          "event_msg",
          [("type", .string("thread_rolled_back")), ("num_turns", .uint(UInt64(rollBack.count)))])
      ]
    case .settingsChanged(let change):
      if let model = change.model { settings.model = model }
      if let value = change.reasoningEffort { effort = value }
      if let value = change.approvalPolicy { settings.approvalPolicy = value }
      if let value = change.sandboxMode { settings.sandboxMode = value }
      if let cwd = change.cwd { settings.cwd = cwd }
      return []
    case .turnStarted(let started):
      var out = closeTurn(outcome: nil)
      openTurn = started.turnID
      lastAgentMessage = nil
      turnsWritten += 1
      out.append(
        line(
          "event_msg",
          [("type", .string("task_started")), ("turn_id", .string(started.turnID.rawValue))]))
      var context: [(String, JSONValue)] = [
        ("turn_id", .string(started.turnID.rawValue)), ("cwd", .string(settings.cwd)),
        ("approval_policy", .string(settings.approvalPolicy.rawValue)),
        ("sandbox_policy", .object([("type", .string(settings.sandboxMode.rawValue))])),
        ("model", .string(settings.model)), ("summary", .string("auto")),
      ]
      if let effort { context.append(("effort", .string(effort))) }
      out.append(line("turn_context", context))
      return out
    case .userMessageAdded(let message):
      let text = redacted(message.text)
      return [
        line(
          "response_item",
          [
            ("type", .string("message")), ("role", .string("user")),
            (
              "content",
              .array([.object([("type", .string("input_text")), ("text", .string(text))])])
            ),
          ]),
        line(
          "event_msg",
          [("type", .string("user_message")), ("message", .string(text)), ("images", .array([]))]),
      ]
    case .messageCompleted(let message):
      let text = redacted(message.text)
      lastAgentMessage = text
      return [
        line("event_msg", [("type", .string("agent_message")), ("message", .string(text))]),
        line(
          "response_item",
          [("type", .string("message"))] + itemID(message.itemID, prefixes: ["msg_"]) + [
            ("role", .string("assistant")),
            (
              "content",
              .array([.object([("type", .string("output_text")), ("text", .string(text))])])
            ),
          ]),
      ]
    case .reasoningCompleted(let reasoning):
      // Without the provider's encrypted state a reasoning item cannot be sent back.
      guard let encrypted = reasoning.encryptedContent else {
        eventsSkipped += 1
        return []
      }
      return [
        line(
          "response_item",
          [("type", .string("reasoning"))] + itemID(reasoning.itemID, prefixes: ["rs_"]) + [
            (
              "summary",
              .array(
                reasoning.summary.map {
                  .object([("type", .string("summary_text")), ("text", .string(redacted($0)))])
                })
            ),
            ("content", .null), ("encrypted_content", .string(encrypted)),
          ])
      ]
    case .functionCallCompleted(let call):
      if ["web_search_call", "tool_search_call", "image_generation_call"].contains(call.name) {
        // Hosted tools ran at the provider: their items cannot be rebuilt from Cairn's.
        eventsSkipped += 1
        return []
      }
      calls[call.callID] = Call(custom: false)
      callOrder.append(call.callID)
      return [
        line(
          "response_item",
          [("type", .string("function_call"))] + itemID(call.itemID, prefixes: ["fc_"]) + [
            ("name", .string(call.name)), ("arguments", .string(redacted(call.arguments))),
            ("call_id", .string(call.callID.rawValue)),
          ])
      ]
    case .customToolCallCompleted(let call):
      calls[call.callID] = Call(custom: true)
      callOrder.append(call.callID)
      return [
        line(
          "response_item",
          [("type", .string("custom_tool_call"))] + itemID(call.itemID, prefixes: ["ctc_"]) + [
            ("status", .string("completed")), ("call_id", .string(call.callID.rawValue)),
            ("name", .string(call.name)), ("input", .string(redacted(call.input))),
          ])
      ]
    case .tokenUsageRecorded(let usage):
      let last = TokenCounts(
        inputTokens: usage.inputTokens, cachedInputTokens: usage.cachedInputTokens,
        outputTokens: usage.outputTokens, reasoningOutputTokens: usage.reasoningOutputTokens)
      total.add(last)
      return [
        line(
          "event_msg",
          [
            ("type", .string("token_count")),
            (
              "info",
              .object([
                ("total_token_usage", Self.usage(total)), ("last_token_usage", Self.usage(last)),
                ("model_context_window", .null),
              ])
            ),
            ("rate_limits", .null),
          ])
      ]
    case .turnCompleted:
      return closeTurn(outcome: .completed)
    case .turnFailed(let failed):
      return closeTurn(outcome: .failed(message: redacted(failed.message)))
    case .turnInterrupted(let interrupted):
      return closeTurn(outcome: .interrupted(reason: interrupted.reason))
    case .contextMessageAdded(let context):
      return [
        line(
          "response_item",
          [
            ("type", .string("message")), ("role", .string(context.role)),
            (
              "content",
              .array([
                .object([
                  ("type", .string("input_text")), ("text", .string(redacted(context.text))),
                ])
              ])
            ),
          ])
      ]
    case .modelResponseStarted, .outputTextAppended, .reasoningSummaryAppended,
      .toolStdinWritten, .toolResized, .toolSignalled, .compactionArtifactRecorded,
      .sessionRenamed, .sessionArchived, .sessionUnarchived, .terminalResized, .focusChanged,
      .transcriptScrolled, .paletteOpened, .paletteClosed, .composerEdited, .overlayChanged,
      .selectionMoved, .modelRequestRetried,
      .toolCallPlanned, .toolStarted, .toolOutputReceived, .toolOutputOmitted, .toolExited,
      .toolResultRecorded, .approvalRequested, .approvalDecided, .fileChanged,
      .mcpServerStatusChanged, .mcpToolResultReceived:
      eventsSkipped += 1
      return []
    }
  }

  private mutating func toolLines(for event: Event) -> [[UInt8]] {
    switch event {
    case .toolCallPlanned(let plan):
      calls[plan.callID]?.imported = plan.reasons.contains(CodexImportFold.importedReason)
    case .toolOutputReceived(let output):
      guard var call = calls[output.callID] else {
        eventsSkipped += 1
        return []
      }
      let room = Self.outputBytesMax - call.output.count
      if output.chunk.count > room { call.cut = true }
      call.output += output.chunk.prefix(max(room, 0))
      calls[output.callID] = call
    case .toolExited(let exited):
      guard calls[exited.callID] != nil else { break }
      if calls[exited.callID]!.imported {
        return outputLine(
          exited.callID, exitCode: exited.exitCode,
          seconds: Double(exited.durationNanoseconds) / 1e9
        ).map { [$0] } ?? []
      }
      calls[exited.callID]!.ended = Ended(
        exitCode: exited.exitCode, seconds: Double(exited.durationNanoseconds) / 1e9,
        denied: false)
    case .approvalDecided(let decision):
      switch decision.decision {
      case .denied, .aborted:
        calls[decision.callID]?.ended = Ended(exitCode: nil, seconds: 0, denied: true)
      case .approvedOnce, .approvedForSession:
        break
      }
    case .toolResultRecorded(let result):
      guard calls[result.callID] != nil else {
        eventsSkipped += 1
        return []
      }
      return [resultLine(result.callID, text: result.output)]
    case .toolOutputOmitted(let omitted):
      // Output left out of the log leaves the exported call's output cut, as if truncated.
      calls[omitted.callID]?.cut = true
    case .approvalRequested, .toolStarted, .fileChanged:
      // Codex's patch_apply_end is not written: its rollout needs only the call's output.
      eventsSkipped += 1
    default:
      break
    }
    return []
  }

  /// Calls that ended without a recorded result (older sessions): their output, in the
  /// order they were called.
  private mutating func flushEndedCalls() -> [[UInt8]] {
    var out: [[UInt8]] = []
    for callID in callOrder {
      guard let ended = calls[callID]?.ended else { continue }
      if let line = outputLine(
        callID, exitCode: ended.exitCode, seconds: ended.seconds, denied: ended.denied)
      {
        out.append(line)
      }
    }
    return out
  }

  private mutating func resultLine(_ callID: CallID, text: String) -> [UInt8] {
    let call = calls.removeValue(forKey: callID)
    callOrder.removeAll { $0 == callID }
    return line(
      "response_item",
      [
        (
          "type", .string(call?.custom == true ? "custom_tool_call_output" : "function_call_output")
        ),
        ("call_id", .string(callID.rawValue)), ("output", .string(redacted(text))),
      ])
  }

  /// The end of the log: a call still without output gets Codex's "aborted" output (the
  /// Responses API refuses a call without one); an open turn stays open.
  mutating func finish() -> [[UInt8]] {
    flushEndedCalls() + abortPendingCalls()
  }

  private static func usage(_ counts: TokenCounts) -> JSONValue {
    .object([
      ("input_tokens", .uint(counts.inputTokens)),
      ("cached_input_tokens", .uint(counts.cachedInputTokens)),
      ("output_tokens", .uint(counts.outputTokens)),
      ("reasoning_output_tokens", .uint(counts.reasoningOutputTokens)),
      ("total_tokens", .uint(counts.totalTokens)),
    ])
  }

  private mutating func outputLine(
    _ callID: CallID, exitCode: Int32?, seconds: Double, denied: Bool = false
  ) -> [UInt8]? {
    guard let call = calls.removeValue(forKey: callID) else { return nil }
    callOrder.removeAll { $0 == callID }
    var text = String(decoding: call.output, as: UTF8.self)
    if call.cut { text += "\n[… output cut by cairn export at \(Self.outputBytesMax) bytes]" }
    if denied {
      text = "aborted"
    } else if !call.imported {
      // Cairn ran it: give the model Codex's framing of a finished command.
      let code = exitCode.map(String.init) ?? "-1"
      text = "Exit code: \(code)\nWall time: \(seconds) seconds\nOutput:\n" + text
    }
    return line(
      "response_item",
      [
        ("type", .string(call.custom ? "custom_tool_call_output" : "function_call_output")),
        ("call_id", .string(callID.rawValue)), ("output", .string(redacted(text))),
      ])
  }

  private mutating func abortPendingCalls() -> [[UInt8]] {
    var out: [[UInt8]] = []
    for callID in callOrder {
      if let line = outputLine(callID, exitCode: nil, seconds: 0, denied: true) {
        out.append(line)
      }
    }
    return out
  }

  private mutating func closeTurn(outcome: EndTurn.Outcome?) -> [[UInt8]] {
    guard let turn = openTurn, let outcome else { return [] }
    var out = flushEndedCalls() + abortPendingCalls()
    openTurn = nil
    switch outcome {
    case .completed:
      out.append(
        line(
          "event_msg",
          [
            ("type", .string("task_complete")), ("turn_id", .string(turn.rawValue)),
            ("last_agent_message", lastAgentMessage.map { .string($0) } ?? .null),
          ]))
    case .failed(let message):
      out.append(line("event_msg", [("type", .string("error")), ("message", .string(message))]))
      out.append(
        line(
          "event_msg",
          [
            ("type", .string("task_complete")), ("turn_id", .string(turn.rawValue)),
            ("last_agent_message", .null),
          ]))
    case .interrupted:
      out.append(
        line(
          "event_msg",
          [
            ("type", .string("turn_aborted")), ("turn_id", .string(turn.rawValue)),
            ("reason", .string("interrupted")),
          ]))
    }
    return out
  }
}
