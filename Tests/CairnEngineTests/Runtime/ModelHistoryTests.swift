import CairnCore
import CairnEngine
import CairnLogFormat
import CairnProtocol
import Testing

@Suite struct ModelHistoryTests {
  private static func envelopes(_ events: [Event], first: UInt64 = 1) -> [Envelope] {
    events.enumerated().map { index, event in
      Envelope(
        seq: Seq(first + UInt64(index)), recordedAtNanoseconds: 1_795_000_000_000_000_000,
        event: event)
    }
  }

  private static func fold(_ envelopes: [Envelope]) -> ModelHistory {
    var history = ModelHistory()
    for envelope in envelopes { history.apply(envelope) }
    return history
  }

  /// The kinds and roles of the input, for short assertions: `user`, `developer`,
  /// `assistant`, `function_call`, `function_call_output:<text>`, `reasoning`.
  private static func shape(_ items: [ResponseInputItem]) -> [String] {
    items.map { item in
      switch item {
      case .message(let message):
        let text = message.content.compactMap { part -> String? in
          if case .inputText(let text) = part { return text }
          if case .outputText(let text) = part { return text }
          return nil
        }.joined()
        return "\(message.role):\(text)"
      case .functionCall(let call): return "function_call:\(call.callID)"
      case .functionCallOutput(let output): return "output:\(output.callID):\(output.output)"
      case .customToolCall(let call): return "custom_tool_call:\(call.callID)"
      case .customToolCallOutput(let output):
        return "custom_output:\(output.callID):\(output.output)"
      case .reasoning: return "reasoning"
      }
    }
  }

  private static let turn = TurnID("t1")

  private static func turnEvents(prompt: String, answer: String, call: String? = nil) -> [Event] {
    var events: [Event] = [
      .turnStarted(TurnStarted(turnID: turn)),
      .userMessageAdded(UserMessageAdded(turnID: turn, text: prompt, images: [])),
      .contextMessageAdded(ContextMessageAdded(turnID: turn, role: "developer", text: "rules")),
      .contextMessageAdded(ContextMessageAdded(turnID: turn, role: "user", text: "<env/>")),
      .modelResponseStarted(ModelResponseStarted(turnID: turn, responseID: "resp_1")),
    ]
    if let call {
      events += [
        .functionCallCompleted(
          FunctionCallCompleted(
            turnID: turn, itemID: ItemID("fc_\(call)"), callID: CallID(call),
            name: "exec_command", arguments: "{}")),
        .toolResultRecorded(ToolResultRecorded(callID: CallID(call), output: "ran", success: true)),
      ]
    }
    events += [
      .messageCompleted(
        MessageCompleted(turnID: turn, itemID: ItemID("msg_\(answer)"), text: answer)),
      .turnCompleted(TurnCompleted(turnID: turn)),
    ]
    return events
  }

  @Test func contextGoesBeforeThePromptAndResultsFollowTheirCalls() {
    let history = Self.fold(
      Self.envelopes(Self.turnEvents(prompt: "go", answer: "done", call: "c1")))
    #expect(
      Self.shape(history.requestInput) == [
        "developer:rules", "user:<env/>", "user:go", "function_call:c1", "output:c1:ran",
        "assistant:done",
      ])
  }

  @Test func aCallWithoutAResultIsAnsweredAbortedAndDenialsSaySo() {
    let call = CallID("c9")
    var events: [Event] = [
      .turnStarted(TurnStarted(turnID: Self.turn)),
      .userMessageAdded(UserMessageAdded(turnID: Self.turn, text: "go", images: [])),
      .functionCallCompleted(
        FunctionCallCompleted(
          turnID: Self.turn, itemID: ItemID("fc_9"), callID: call, name: "exec_command",
          arguments: "{}")),
    ]
    let open = Self.fold(Self.envelopes(events))
    #expect(Self.shape(open.requestInput) == ["user:go", "function_call:c9", "output:c9:aborted"])
    // The pending answer is only in the request, not in the history itself.
    #expect(Self.shape(open.items) == ["user:go", "function_call:c9"])
    events.append(.turnInterrupted(TurnInterrupted(turnID: Self.turn, reason: "Ctrl-C")))
    #expect(
      Self.shape(Self.fold(Self.envelopes(events)).items)
        == ["user:go", "function_call:c9", "output:c9:aborted"])
  }

  @Test func aSummaryReplacesTheHistoryAndAFoldFromItEqualsTheWholeFold() {
    let before = Self.turnEvents(prompt: "first", answer: "one", call: "c1")
    let summary: Event = .compactionArtifactRecorded(
      CompactionArtifactRecorded(
        artifactID: "s1", kind: .semanticSummary, checkpointSeq: .none,
        ranges: [SeqRange(first: .first, last: Seq(UInt64(before.count)))], summary: "did one"))
    let after = Self.turnEvents(prompt: "second", answer: "two")
    let all = Self.envelopes(before + [summary] + after)
    let whole = Self.fold(all)
    let tail = Self.fold(Array(all[before.count...]))
    #expect(whole.requestInput == tail.requestInput)
    #expect(
      Self.shape(whole.requestInput) == [
        "user:" + ModelHistory.summaryPrefix + "did one", "developer:rules", "user:<env/>",
        "user:second", "assistant:two",
      ])
    #expect(whole.estimatedTokens < Self.fold(Array(all[..<before.count])).estimatedTokens + 100)
  }

  @Test func foldingTwiceGivesTheSameIdsAndItems() {
    let events = Self.envelopes(
      Self.turnEvents(prompt: "a", answer: "b", call: "c1")
        + Self.turnEvents(prompt: "c", answer: "d", call: "c2"), first: 7)
    let first = Self.fold(events).requestInput
    #expect(first == Self.fold(events).requestInput)
    var ids: [String] = []
    for item in first {
      if case .message(let message) = item, let id = message.id { ids.append(id) }
      if case .functionCallOutput(let output) = item, let id = output.id { ids.append(id) }
    }
    #expect(Set(ids).count == ids.count)
    #expect(ids.allSatisfy { $0.hasPrefix("msg_") || $0.hasPrefix("fco_") })
  }

  @Test func aRollbackCutsTheHistoryBackToTheStartOfTheOldestDroppedTurn() {
    let kept = Self.turnEvents(prompt: "kept", answer: "one", call: "c1")
    let dropped =
      Self.turnEvents(prompt: "gone", answer: "two", call: "c2")
      + Self.turnEvents(prompt: "gone too", answer: "three")
    let before = Self.envelopes(kept + dropped)
    let fromSeq = Seq(UInt64(kept.count + 1))
    let rolledBack = Self.envelopes(
      kept + dropped + [.turnsRolledBack(TurnsRolledBack(count: 2, fromSeq: fromSeq))]
        + Self.turnEvents(prompt: "after", answer: "four"))
    let history = Self.fold(rolledBack)
    let keptOnly = Self.fold(Self.envelopes(kept))
    let shape = Self.shape(history.requestInput)
    #expect(Array(shape.prefix(keptOnly.requestInput.count)) == Self.shape(keptOnly.requestInput))
    #expect(!shape.contains("user:gone"))
    #expect(!shape.contains("user:gone too"))
    #expect(shape.suffix(4) == ["developer:rules", "user:<env/>", "user:after", "assistant:four"])
    #expect(Self.fold(before).requestInput.count > keptOnly.requestInput.count)
    // The size estimate goes back with the items.
    let afterOnly = Self.fold(
      Self.envelopes(kept + Self.turnEvents(prompt: "after", answer: "four")))
    #expect(history.textBytes == afterOnly.textBytes)
  }
}
