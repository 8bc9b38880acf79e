import CairnCore
import CairnLogFormat
import CairnProtocol
import CairnStore

/// The model-visible history of a session — the `input` of its next request — as a pure
/// fold of its envelopes. Only facts in the log go in: context messages, user messages, the
/// model's completed items and the recorded tool results, so a resumed session sends the
/// same input a live one would (docs/MODEL_RUNTIME.md, "History").
///
/// A semantic-summary compaction replaces everything before it with one user message
/// carrying the summary (or nothing, when it has no text); a fold may therefore start at
/// the newest one.
public struct ModelHistory: Sendable {
  public private(set) var items: [ResponseInputItem] = []
  /// Bytes of text in `items`: the local size estimate compaction is triggered by.
  public private(set) var textBytes = 0
  /// Calls without a result yet, by call id: their kind and index in `items`.
  private var pending: [CallID: PendingCall] = [:]
  private var pendingOrder: [CallID] = []
  /// The turn's prompt and its id, until its context messages are in (see `apply`).
  private var heldPrompt: (content: [ResponseContentPart], id: String)?
  /// Where the fold is, for the ids of items Cairn makes (`msg_…`, `fco_…`): derived from
  /// the envelope's time and sequence number, so a replay makes the same ones.
  private var position: (seq: UInt64, nanoseconds: Int64, count: UInt64) = (0, 0, 0)
  /// Where each turn since the last summary began: its `turn_started` record and the
  /// history's size then, so a rollback cuts the history back to it.
  private var turnStarts: [(seq: Seq, count: Int, bytes: Int)] = []

  private struct PendingCall: Sendable {
    var custom: Bool
    var imported = false
    var output: [UInt8] = []
    var denied = false
    var exited = false
  }

  /// The prefix a compaction summary is given to the model with.
  public static let summaryPrefix =
    "Another model worked on this task before you and left this summary of the conversation "
    + "so far. Continue from it; the user cannot see it.\n\n"

  /// Bytes of tool output kept for an imported call's result.
  public static let importedOutputBytesMax = 1 << 20

  public init() {}

  /// The local estimate of the history's size in tokens (about four bytes a token, the
  /// estimate Codex uses for text).
  public var estimatedTokens: Int { textBytes / 4 }

  public mutating func apply(_ envelope: Envelope) {
    // An MCP server's status never reaches the model, and is recorded from the thread that
    // found it, not the turn's: it must not touch the history.
    if envelope.event.isInterfaceFact || envelope.event.kind == .mcpServerStatusChanged {
      return
    }
    position = (envelope.seq.rawValue, envelope.recordedAtNanoseconds, 0)
    switch envelope.event {
    case .toolCallPlanned, .approvalRequested, .approvalDecided, .toolStarted,
      .toolOutputReceived, .toolOutputOmitted, .toolStdinWritten, .toolResized, .toolSignalled,
      .toolExited, .toolResultRecorded, .fileChanged:
      break
    default:
      // A call that ended without a recorded result (imported from Codex, or denied in an
      // older session) is answered before whatever the model did next.
      flushEnded()
    }
    if case .contextMessageAdded = envelope.event {
    } else {
      releasePrompt()
    }
    switch envelope.event {
    case .contextMessageAdded(let context):
      append(
        .message(
          ResponseInputMessage(
            id: derivedID("msg_"), role: context.role, content: [.inputText(context.text)])),
        context.text.utf8.count)
    case .userMessageAdded(let message):
      // The turn's context messages come right after it in the log but go before it to
      // the model (as Codex orders them): the prompt waits for the first other event.
      let content =
        message.images.isEmpty
        ? [ResponseContentPart.inputText(message.text)]
        : PromptImages.contentParts(text: message.text, images: message.images, seq: envelope.seq)
      heldPrompt = (content, derivedID("msg_"))
    case .messageCompleted(let message):
      append(
        .message(
          ResponseInputMessage(
            id: Self.keptID(message.itemID, prefix: "msg_"), role: "assistant",
            content: [.outputText(message.text)])), message.text.utf8.count)
    case .reasoningCompleted(let reasoning):
      // Sent back as Codex does, with the provider's encrypted state when there is one.
      append(
        .reasoning(
          ResponseReasoningItem(
            id: reasoning.itemID.rawValue, summary: reasoning.summary,
            encryptedContent: reasoning.encryptedContent)),
        reasoning.summary.reduce(0) { $0 + $1.utf8.count }
          + (reasoning.encryptedContent?.utf8.count ?? 0))
    case .functionCallCompleted(let call):
      if Self.hostedTools.contains(call.name) { return }
      pending[call.callID] = PendingCall(custom: false)
      pendingOrder.append(call.callID)
      append(
        .functionCall(
          ResponseFunctionCall(
            id: Self.keptID(call.itemID, prefix: "fc_"), callID: call.callID.rawValue,
            name: call.name, arguments: call.arguments)),
        call.arguments.utf8.count + call.name.utf8.count)
    case .customToolCallCompleted(let call):
      pending[call.callID] = PendingCall(custom: true)
      pendingOrder.append(call.callID)
      append(
        .customToolCall(
          ResponseCustomToolCall(
            id: Self.keptID(call.itemID, prefix: "ctc_"), callID: call.callID.rawValue,
            name: call.name, input: call.input)),
        call.input.utf8.count + call.name.utf8.count)
    case .toolCallPlanned(let plan):
      if plan.reasons.contains(Self.importedReason) { pending[plan.callID]?.imported = true }
    case .toolOutputReceived(let output):
      guard var call = pending[output.callID], call.imported else { return }
      let room = Self.importedOutputBytesMax - call.output.count
      if room > 0 { call.output += output.chunk.prefix(room) }
      pending[output.callID] = call
    case .toolExited(let exited):
      pending[exited.callID]?.exited = true
    case .approvalDecided(let decided):
      if decided.decision == .denied || decided.decision == .aborted {
        pending[decided.callID]?.denied = true
      }
    case .toolResultRecorded(let result):
      guard pending[result.callID] != nil else { return }
      output(result.callID, text: result.output)
    case .turnCompleted, .turnFailed, .turnInterrupted:
      abortPending()
    case .turnStarted:
      abortPending()
      turnStarts.append((envelope.seq, items.count, textBytes))
    case .turnsRolledBack(let rollBack):
      // Everything from the oldest dropped turn on leaves the history (a rollback never
      // reaches past a summary: the state refuses it).
      guard let index = turnStarts.firstIndex(where: { $0.seq >= rollBack.fromSeq }) else {
        return
      }
      let start = turnStarts[index]
      items.removeSubrange(start.count...)
      textBytes = start.bytes
      turnStarts.removeSubrange(index...)
      heldPrompt = nil
      pending = [:]
      pendingOrder = []
    case .compactionArtifactRecorded(let artifact):
      // Every semantic summary replaces what came before (so a fold may start at the
      // newest); one without a text (a remote compaction imported from Codex) leaves an
      // empty history.
      guard artifact.kind == .semanticSummary else { return }
      items = []
      textBytes = 0
      turnStarts = []
      heldPrompt = nil
      pending = [:]
      pendingOrder = []
      guard let summary = artifact.summary else { return }
      let text = Self.summaryPrefix + summary
      append(
        .message(
          ResponseInputMessage(id: derivedID("msg_"), role: "user", content: [.inputText(text)])),
        text.utf8.count)
    default:
      break
    }
  }

  /// The history with every call answered: a call still without a result gets the
  /// "aborted" output the Responses API requires (a call without output is refused).
  public var requestInput: [ResponseInputItem] {
    var copy = self
    copy.releasePrompt()
    copy.flushEnded()
    copy.abortPending()
    return copy.items
  }

  /// The history of a session as its log holds it, folded from its newest semantic
  /// summary (or its start): what `exec resume` sends, without replaying the whole log.
  public static func load(directory: String, state: SessionState) throws -> ModelHistory {
    var history = ModelHistory()
    let start = state.compactions.latestSemanticSummary?.recordedSeq ?? .first
    guard state.lastSeq >= start else { return history }
    let reader = try LogReader(directory: directory)
    try reader.scan(from: start, through: state.lastSeq) { record in
      history.apply(try Envelope(record: record))
      return true
    }
    return history
  }

  // MARK: - Internals

  /// Tools the provider ran (their items cannot be sent back as Cairn recorded them).
  static let hostedTools: Set<String> = [
    "web_search_call", "tool_search_call", "image_generation_call",
  ]
  /// The reason every call imported from a Codex rollout carries (CairnCodex sets it): its
  /// output text is Codex's own and goes back to the model unchanged.
  static let importedReason = "imported from Codex"

  private static func keptID(_ id: ItemID, prefix: String) -> String? {
    id.rawValue.hasPrefix(prefix) ? id.rawValue : nil
  }

  /// A UUIDv7-shaped id after `prefix`: the envelope's millisecond, then its sequence
  /// number and the count of ids made from it.
  private mutating func derivedID(_ prefix: String) -> String {
    let milliseconds = UInt64(max(position.nanoseconds, 0) / 1_000_000) & 0xFFFF_FFFF_FFFF
    let high = (milliseconds << 16) | 0x7000 | ((position.seq >> 50) & 0x0FFF)
    let low =
      0x8000_0000_0000_0000 | ((position.seq << 12) & 0x3FFF_FFFF_FFFF_F000)
      | (position.count & 0xFFF)
    position.count += 1
    return prefix + UUIDv7Generator.format(high: high, low: low)
  }

  private mutating func releasePrompt() {
    guard let (content, id) = heldPrompt else { return }
    heldPrompt = nil
    let bytes = content.reduce(0) { total, part in
      if case .inputText(let text) = part { return total + text.utf8.count }
      return total + 1_000  // an image: about the tokens a high-detail tile costs, × 4
    }
    append(.message(ResponseInputMessage(id: id, role: "user", content: content)), bytes)
  }

  private mutating func append(_ item: ResponseInputItem, _ bytes: Int) {
    items.append(item)
    textBytes += bytes
  }

  private mutating func output(_ callID: CallID, text: String) {
    guard let call = pending.removeValue(forKey: callID) else { return }
    pendingOrder.removeAll { $0 == callID }
    let output = ResponseToolOutput(
      id: derivedID(call.custom ? "ctco_" : "fco_"), callID: callID.rawValue, output: text)
    append(
      call.custom ? .customToolCallOutput(output) : .functionCallOutput(output), text.utf8.count)
  }

  /// Calls that ended without a recorded result: imported calls (their output is Codex's
  /// text) and denials in sessions written before results were recorded.
  private mutating func flushEnded() {
    for callID in pendingOrder {
      guard let call = pending[callID] else { continue }
      if call.imported && call.exited {
        output(callID, text: String(decoding: call.output, as: UTF8.self))
      } else if call.denied {
        output(callID, text: "aborted")
      }
    }
  }

  private mutating func abortPending() {
    for callID in pendingOrder { output(callID, text: "aborted") }
  }
}
