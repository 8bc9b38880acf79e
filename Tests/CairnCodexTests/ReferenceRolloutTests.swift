import CairnCodex
import CairnProtocol
import Testing

/// Every real rollout of every Codex version summarizes to the counts read off the files
/// by hand (and checked with an independent JSON parser).
@Suite struct ReferenceRolloutTests {
  /// The minor version of "0.MINOR.0".
  static func minor(_ version: String) -> Int { Int(version.split(separator: ".")[1])! }

  struct Expected: Sendable, CustomStringConvertible {
    var version: String
    var scenario: String
    var lines: Int
    var turns: Int
    var prompts: Int
    var assistant: Int
    var user: Int
    var developer: Int
    var reasoning: Int
    var calls: Int
    var outputs: Int
    var tokenCounts: Int
    var totalTokens: Int64
    var contexts: Int
    var worldStates: Int
    var events: Int
    var description: String { "\(version)/\(scenario)" }
  }

  // swift-format-ignore
  static let expectations: [Expected] = [
    .init(version: "0.46.0", scenario: "a", lines: 9, turns: 1, prompts: 1, assistant: 1, user: 2, developer: 0, reasoning: 0, calls: 0, outputs: 0, tokenCounts: 2, totalTokens: 110, contexts: 1, worldStates: 0, events: 4),
    .init(version: "0.46.0", scenario: "b", lines: 14, turns: 1, prompts: 1, assistant: 1, user: 2, developer: 0, reasoning: 0, calls: 1, outputs: 1, tokenCounts: 4, totalTokens: 330, contexts: 2, worldStates: 0, events: 6),
    .init(version: "0.46.0", scenario: "c", lines: 11, turns: 1, prompts: 1, assistant: 1, user: 2, developer: 0, reasoning: 1, calls: 0, outputs: 0, tokenCounts: 2, totalTokens: 110, contexts: 1, worldStates: 0, events: 5),
    .init(version: "0.46.0", scenario: "d", lines: 16, turns: 2, prompts: 2, assistant: 2, user: 3, developer: 0, reasoning: 0, calls: 0, outputs: 0, tokenCounts: 4, totalTokens: 110, contexts: 2, worldStates: 0, events: 8),
    .init(version: "0.46.0", scenario: "e", lines: 14, turns: 1, prompts: 1, assistant: 1, user: 2, developer: 0, reasoning: 0, calls: 1, outputs: 1, tokenCounts: 4, totalTokens: 220, contexts: 2, worldStates: 0, events: 6),
    .init(version: "0.65.0", scenario: "a", lines: 9, turns: 1, prompts: 1, assistant: 1, user: 2, developer: 0, reasoning: 0, calls: 0, outputs: 0, tokenCounts: 2, totalTokens: 110, contexts: 1, worldStates: 0, events: 4),
    .init(version: "0.65.0", scenario: "b", lines: 14, turns: 1, prompts: 1, assistant: 1, user: 2, developer: 0, reasoning: 0, calls: 1, outputs: 1, tokenCounts: 4, totalTokens: 330, contexts: 2, worldStates: 0, events: 6),
    .init(version: "0.65.0", scenario: "c", lines: 11, turns: 1, prompts: 1, assistant: 1, user: 2, developer: 0, reasoning: 1, calls: 0, outputs: 0, tokenCounts: 2, totalTokens: 110, contexts: 1, worldStates: 0, events: 5),
    .init(version: "0.65.0", scenario: "d", lines: 16, turns: 2, prompts: 2, assistant: 2, user: 3, developer: 0, reasoning: 0, calls: 0, outputs: 0, tokenCounts: 4, totalTokens: 110, contexts: 2, worldStates: 0, events: 8),
    .init(version: "0.65.0", scenario: "e", lines: 14, turns: 1, prompts: 1, assistant: 1, user: 2, developer: 0, reasoning: 0, calls: 1, outputs: 1, tokenCounts: 4, totalTokens: 220, contexts: 2, worldStates: 0, events: 6),
    .init(version: "0.87.0", scenario: "a", lines: 11, turns: 1, prompts: 1, assistant: 1, user: 3, developer: 1, reasoning: 0, calls: 0, outputs: 0, tokenCounts: 2, totalTokens: 110, contexts: 1, worldStates: 0, events: 4),
    .init(version: "0.87.0", scenario: "b", lines: 16, turns: 1, prompts: 1, assistant: 1, user: 3, developer: 1, reasoning: 0, calls: 1, outputs: 1, tokenCounts: 4, totalTokens: 330, contexts: 2, worldStates: 0, events: 6),
    .init(version: "0.87.0", scenario: "c", lines: 13, turns: 1, prompts: 1, assistant: 1, user: 3, developer: 1, reasoning: 1, calls: 0, outputs: 0, tokenCounts: 2, totalTokens: 110, contexts: 1, worldStates: 0, events: 5),
    .init(version: "0.87.0", scenario: "d", lines: 21, turns: 2, prompts: 2, assistant: 2, user: 6, developer: 2, reasoning: 0, calls: 0, outputs: 0, tokenCounts: 4, totalTokens: 220, contexts: 2, worldStates: 0, events: 8),
    .init(version: "0.87.0", scenario: "e", lines: 16, turns: 1, prompts: 1, assistant: 1, user: 3, developer: 1, reasoning: 0, calls: 1, outputs: 1, tokenCounts: 4, totalTokens: 220, contexts: 2, worldStates: 0, events: 6),
    .init(version: "0.106.0", scenario: "a", lines: 12, turns: 1, prompts: 1, assistant: 1, user: 2, developer: 1, reasoning: 0, calls: 0, outputs: 0, tokenCounts: 2, totalTokens: 110, contexts: 1, worldStates: 0, events: 6),
    .init(version: "0.106.0", scenario: "b", lines: 17, turns: 1, prompts: 1, assistant: 1, user: 2, developer: 1, reasoning: 0, calls: 1, outputs: 1, tokenCounts: 4, totalTokens: 330, contexts: 2, worldStates: 0, events: 8),
    .init(version: "0.106.0", scenario: "c", lines: 14, turns: 1, prompts: 1, assistant: 1, user: 2, developer: 1, reasoning: 1, calls: 0, outputs: 0, tokenCounts: 2, totalTokens: 110, contexts: 1, worldStates: 0, events: 7),
    .init(version: "0.106.0", scenario: "d", lines: 21, turns: 2, prompts: 2, assistant: 2, user: 3, developer: 1, reasoning: 0, calls: 0, outputs: 0, tokenCounts: 4, totalTokens: 220, contexts: 2, worldStates: 0, events: 12),
    .init(version: "0.106.0", scenario: "e", lines: 17, turns: 1, prompts: 1, assistant: 1, user: 2, developer: 1, reasoning: 0, calls: 1, outputs: 1, tokenCounts: 4, totalTokens: 220, contexts: 2, worldStates: 0, events: 8),
    .init(version: "0.125.0", scenario: "a", lines: 12, turns: 1, prompts: 1, assistant: 1, user: 2, developer: 1, reasoning: 0, calls: 0, outputs: 0, tokenCounts: 2, totalTokens: 110, contexts: 1, worldStates: 0, events: 6),
    .init(version: "0.125.0", scenario: "b", lines: 16, turns: 1, prompts: 1, assistant: 1, user: 2, developer: 1, reasoning: 0, calls: 1, outputs: 1, tokenCounts: 4, totalTokens: 330, contexts: 1, worldStates: 0, events: 8),
    .init(version: "0.125.0", scenario: "c", lines: 14, turns: 1, prompts: 1, assistant: 1, user: 2, developer: 1, reasoning: 1, calls: 0, outputs: 0, tokenCounts: 2, totalTokens: 110, contexts: 1, worldStates: 0, events: 7),
    .init(version: "0.125.0", scenario: "d", lines: 22, turns: 2, prompts: 2, assistant: 2, user: 3, developer: 2, reasoning: 0, calls: 0, outputs: 0, tokenCounts: 4, totalTokens: 220, contexts: 2, worldStates: 0, events: 12),
    .init(version: "0.125.0", scenario: "e", lines: 16, turns: 1, prompts: 1, assistant: 1, user: 2, developer: 1, reasoning: 0, calls: 1, outputs: 1, tokenCounts: 4, totalTokens: 220, contexts: 1, worldStates: 0, events: 8),
    .init(version: "0.147.0", scenario: "a", lines: 12, turns: 1, prompts: 1, assistant: 1, user: 2, developer: 1, reasoning: 0, calls: 0, outputs: 0, tokenCounts: 1, totalTokens: 110, contexts: 1, worldStates: 1, events: 5),
    .init(version: "0.147.0", scenario: "b", lines: 15, turns: 1, prompts: 1, assistant: 1, user: 2, developer: 1, reasoning: 0, calls: 1, outputs: 1, tokenCounts: 2, totalTokens: 330, contexts: 1, worldStates: 1, events: 6),
    .init(version: "0.147.0", scenario: "c", lines: 14, turns: 1, prompts: 1, assistant: 1, user: 2, developer: 1, reasoning: 1, calls: 0, outputs: 0, tokenCounts: 1, totalTokens: 110, contexts: 1, worldStates: 1, events: 6),
    .init(version: "0.147.0", scenario: "d", lines: 24, turns: 2, prompts: 2, assistant: 2, user: 4, developer: 2, reasoning: 0, calls: 0, outputs: 0, tokenCounts: 2, totalTokens: 220, contexts: 2, worldStates: 2, events: 11),
    .init(version: "0.147.0", scenario: "e", lines: 16, turns: 1, prompts: 1, assistant: 1, user: 2, developer: 1, reasoning: 0, calls: 1, outputs: 1, tokenCounts: 2, totalTokens: 220, contexts: 1, worldStates: 1, events: 7),
  ]

  @Test(arguments: expectations)
  func summarizesWithTheRightCounts(_ expected: Expected) throws {
    let result = try readRollout(ReferenceRollouts.path(expected.version, expected.scenario))
    let summary = result.summary
    #expect(result.problems.isEmpty)
    #expect(result.lineCount == expected.lines)
    #expect(summary.records == expected.lines)
    #expect(summary.cliVersion == expected.version)
    #expect(summary.turnCount == expected.turns)
    #expect(summary.turnsCompleted == (Self.minor(expected.version) >= 106 ? expected.turns : 0))
    #expect(summary.userPrompts == expected.prompts)
    #expect(summary.agentMessages == expected.assistant)
    #expect(summary.messagesByRole["assistant"] == expected.assistant)
    #expect(summary.messagesByRole["user"] == expected.user)
    #expect(summary.messagesByRole["developer"] == expected.developer)
    #expect(summary.reasoningItems == expected.reasoning)
    #expect(summary.toolCalls == expected.calls)
    #expect(summary.toolOutputs == expected.outputs)
    #expect(summary.callsWithoutOutput == 0)
    #expect(summary.tokenCountEvents == expected.tokenCounts)
    #expect(summary.totalTokens?.totalTokens == expected.totalTokens)
    #expect(summary.turnContexts == expected.contexts)
    #expect(summary.worldStatesFull + summary.worldStatesDiff == expected.worldStates)
    #expect(summary.lineTypes["event_msg"] == expected.events)
    #expect(summary.lineTypes["session_meta"] == 1)
    #expect(summary.unknownCount == 0)
    #expect(summary.malformedLines == 0)
    #expect(!summary.truncatedLastLine)
    #expect(summary.errors == 0)
    #expect(summary.compactedLines == 0)
    #expect(summary.durationMilliseconds.map { $0 > 0 } == true)
    #expect(summary.turns.count == expected.turns)
    #expect(summary.turns.allSatisfy { $0.durationMilliseconds != nil })
  }

  /// The session id is the UUIDv7 at the end of the file's name in Codex's layout, and
  /// the model and shell tool follow the version (README of the reference).
  @Test(arguments: ReferenceRollouts.versions)
  func identityAndToolNamesFollowTheVersion(_ version: String) throws {
    let model = [
      "0.46.0": "gpt-5-codex", "0.65.0": "gpt-5.1-codex-max", "0.87.0": "gpt-5.2-codex",
      "0.106.0": "gpt-5.3-codex", "0.125.0": "gpt-5.5", "0.147.0": "gpt-5.5",
    ][version]
    let shell = [
      "0.46.0": "shell", "0.65.0": "shell_command", "0.87.0": "shell_command",
      "0.106.0": "exec_command", "0.125.0": "exec_command", "0.147.0": "exec_command",
    ][version]!
    let tool = try readRollout(ReferenceRollouts.path(version, "b")).summary
    #expect(tool.model == model)
    #expect(tool.toolCallsByName[shell] == 1)
    #expect(tool.sessionID?.utf8.count == 36)
    #expect(tool.sessionID?.dropFirst(14).first == "7", "a UUIDv7")
    #expect(tool.originator == "codex_exec")
    #expect(tool.cwd == "/home/user/work")
    let patch = try readRollout(ReferenceRollouts.path(version, "e")).summary
    #expect(patch.toolCallsByName["apply_patch"] == 1)
    #expect(patch.responseItemTypes["custom_tool_call_output"] == 1)
    #expect(patch.eventTypes["patch_apply_end"] == (version == "0.147.0" ? 1 : 0))
  }

  /// Resume appends to the same file: the first lines of d_resume are those of a_plain,
  /// and the second turn starts after them.
  @Test(arguments: ReferenceRollouts.versions)
  func resumeAppendsASecondTurn(_ version: String) throws {
    let plain = try readRollout(ReferenceRollouts.path(version, "a"))
    let resumed = try readRollout(ReferenceRollouts.path(version, "d"))
    #expect(resumed.summary.sessionID == plain.summary.sessionID)
    #expect(Array(resumed.records.prefix(plain.records.count)) == plain.records)
    let second = try #require(resumed.summary.turns.last)
    #expect(second.index == 2)
    #expect(second.startLine > plain.records.count)
    #expect(second.origin == (Self.minor(version) >= 106 ? .taskStarted : .userMessage))
    #expect(
      resumed.summary.eventTypes["thread_settings_applied"] == (version == "0.147.0" ? 1 : 0))
  }

  /// Turn durations: the last line inside an inferred turn (0.46) minus its first, or
  /// task_complete minus task_started when Codex wrote no duration_ms (0.106), or
  /// duration_ms (0.147).
  @Test func turnDurationsFollowWhatEachVersionWrote() throws {
    let durations = try ["0.46.0", "0.106.0", "0.147.0"].map { version in
      try readRollout(ReferenceRollouts.path(version, "d")).summary.turns.map(
        \.durationMilliseconds)
    }
    #expect(durations == [[2461, 14], [348, 184], [317, 120]])
  }

  /// The typed models carry the fields that moved between versions.
  @Test func versionedFieldsLandInTheSameModelFields() throws {
    let old = try readRollout(ReferenceRollouts.path("0.46.0", "b"))
    let new = try readRollout(ReferenceRollouts.path("0.147.0", "c"))
    guard case .sessionMeta(let oldMeta) = old.records[0].line,
      case .sessionMeta(let newMeta) = new.records[0].line
    else {
      Issue.record("line 1 is not session_meta")
      return
    }
    #expect(oldMeta.instructionsBytes == nil)
    #expect(oldMeta.baseInstructionsBytes == nil)
    #expect(oldMeta.source == "exec")
    #expect(newMeta.sessionID == newMeta.id)
    #expect((newMeta.baseInstructionsBytes ?? 0) > 20_000)
    #expect(newMeta.historyMode == "legacy")
    let oldContexts = old.records.compactMap { record -> TurnContext? in
      if case .turnContext(let context) = record.line { return context }
      return nil
    }
    #expect(oldContexts.first?.sandboxMode == "danger-full-access", "0.46's sandbox_policy.mode")
    let reasoning = new.records.compactMap { record -> ResponseItem.Reasoning? in
      if case .responseItem(.reasoning(let item)) = record.line { return item }
      return nil
    }
    #expect(reasoning.count == 1)
    #expect(reasoning.first?.summary.first?.kind == "summary_text")
    #expect((reasoning.first?.encryptedContentBytes ?? 0) > 0)
    #expect(reasoning.first?.id?.hasPrefix("rs_") == true)
  }
}
