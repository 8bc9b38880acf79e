import CairnCore

/// Folds a session's events into the script that serves its model outputs back, one
/// recorded response per request, in order (`cairn replay serve`, docs/REPLAY.md).
///
/// A response is what the runtime recorded between a `model_response_started` and the next
/// response start or turn end: its completed items (messages, reasoning, function and
/// custom tool calls) and its `token_usage_recorded`. A response with neither items nor
/// usage is a stream attempt that failed and was retried (the runtime records items only
/// from completed responses), and is skipped. A compaction request records no response
/// start: its usage and its summary (a semantic `compaction_artifact_recorded` inside a
/// turn) become a response whose one message is the summary.
public struct RecordedResponses: Sendable {
  private var entries: [ScriptedResponse] = []
  private var current: Pending?
  private var turnOpen = false
  /// Usage seen while no response was open: the compaction request's, if a summary follows.
  private var looseUsage: ScriptedResponse.Usage?

  private struct Pending {
    var responseID: String?
    var output: [ScriptedOutputItem] = []
    var usage: ScriptedResponse.Usage?
  }

  public init() {}

  /// How many responses have been closed so far.
  public var count: Int { entries.count }

  public mutating func add(_ event: Event) {
    switch event {
    case .turnStarted:
      close()
      turnOpen = true
    case .turnCompleted, .turnFailed, .turnInterrupted:
      close()
      turnOpen = false
    case .modelResponseStarted(let started):
      close()
      current = Pending(responseID: started.responseID)
    case .messageCompleted(let message):
      append(.message(id: message.itemID.rawValue, text: message.text, deltas: nil))
    case .reasoningCompleted(let reasoning):
      append(
        .reasoning(
          id: reasoning.itemID.rawValue, summary: reasoning.summary,
          encryptedContent: reasoning.encryptedContent))
    case .functionCallCompleted(let call):
      append(
        .functionCall(
          id: call.itemID.rawValue, callID: call.callID.rawValue, name: call.name,
          arguments: call.arguments))
    case .customToolCallCompleted(let call):
      append(
        .customToolCall(
          id: call.itemID.rawValue, callID: call.callID.rawValue, name: call.name,
          input: call.input))
    case .tokenUsageRecorded(let recorded):
      let usage = ScriptedResponse.Usage(
        inputTokens: Int64(clamping: recorded.inputTokens),
        cachedInputTokens: Int64(clamping: recorded.cachedInputTokens),
        outputTokens: Int64(clamping: recorded.outputTokens),
        reasoningOutputTokens: Int64(clamping: recorded.reasoningOutputTokens))
      if current != nil {
        current!.usage = usage
      } else {
        looseUsage = usage
      }
    case .compactionArtifactRecorded(let artifact):
      close()
      if turnOpen, artifact.kind == .semanticSummary, let summary = artifact.summary {
        entries.append(
          ScriptedResponse(
            name: "compaction", output: [.message(id: nil, text: summary, deltas: nil)],
            usage: looseUsage ?? .reference))
      }
      looseUsage = nil
    case .toolCallPlanned, .approvalRequested, .toolStarted, .toolResultRecorded,
      .userMessageAdded, .contextMessageAdded:
      // The response's items are all recorded before any of these.
      close()
    default:
      break
    }
  }

  /// The script: every recorded response, each answering exactly one request, in order.
  public mutating func script() -> ResponsesScript {
    close()
    return ResponsesScript(responses: entries)
  }

  private mutating func append(_ item: ScriptedOutputItem) {
    // Items with no response start (a session from an importer that records none) still
    // form a response of their own.
    if current == nil { current = Pending() }
    current!.output.append(item)
  }

  private mutating func close() {
    guard let pending = current else { return }
    current = nil
    guard !pending.output.isEmpty || pending.usage != nil else { return }
    entries.append(
      ScriptedResponse(
        name: "recorded #\(entries.count + 1)", responseID: pending.responseID,
        output: pending.output, usage: pending.usage ?? .reference))
  }
}
