import CairnCore
import CairnUI
import Testing

@Suite struct PickerTests {
  static let models = [
    ModelChoice(
      slug: "gpt-5.6-sol", description: "Latest frontier agentic coding model.", isDefault: true),
    ModelChoice(
      slug: "gpt-5.6-terra", description: "Balanced agentic coding model for everyday work."),
    ModelChoice(slug: "gpt-5.6-luna", description: "Fast and affordable agentic coding model."),
    ModelChoice(
      slug: "gpt-5.5",
      description: "Frontier model for complex coding, research, and real-world work."),
    ModelChoice(
      slug: "gpt-5.2", description: "Optimized for professional work and long-running agents."),
  ]

  @Test func snapshotsAtEveryWidth() {
    for width in PaneSizes.widths {
      assertLinesSnapshot(
        ModelPicker.lines(models: Self.models, current: "gpt-5.5", selection: 3, width: width),
        columns: width, named: "model-\(width)")
      assertLinesSnapshot(
        ReasoningEffortPicker.lines(model: "gpt-5.5", current: nil, selection: 1, width: width),
        columns: width, named: "effort-\(width)")
      assertLinesSnapshot(
        PermissionsPicker.lines(current: .askForApproval, selection: 0, width: width),
        columns: width, named: "permissions-\(width)")
    }
  }

  @Test func theModelPickerMarksDefaultAndCurrent() {
    let lines = ModelPicker.lines(models: Self.models, current: "gpt-5.5", selection: 3, width: 120)
    #expect(lines[0] == StyledLine("  Select Model and Effort", .bold))
    #expect(lines[3].text == "  1. gpt-5.6-sol (default)  Latest frontier agentic coding model.")
    #expect(
      lines[6].text
        == "› 4. gpt-5.5 (current)      Frontier model for complex coding, research, and real-world work."
    )
    #expect(lines[6].spans.allSatisfy { $0.style == Style.bold.foreground(.cyan) })
    #expect(lines.last == StyledLine("  Press enter to confirm or esc to go back", .dim))
  }

  @Test func theEffortStepOffersFourLevels() {
    #expect(ReasoningEffortPicker.choices.map(\.value) == ["low", "medium", "high", "xhigh"])
    let lines = ReasoningEffortPicker.lines(
      model: "gpt-5.5", current: nil, selection: 1, width: 120)
    #expect(
      lines.map(\.text) == [
        "  Select Reasoning Level for gpt-5.5", "",
        "  1. Low               Fast responses with lighter reasoning",
        "› 2. Medium (default)  Balances speed and reasoning depth for everyday tasks",
        "  3. High              Greater reasoning depth for complex problems",
        "  4. Extra high        Extra high reasoning depth for complex problems", "",
        "  Press enter to confirm or esc to go back",
      ])
    #expect(ReasoningEffortPicker.initialSelection(current: nil) == 1)
    #expect(ReasoningEffortPicker.initialSelection(current: "xhigh") == 3)
    #expect(
      ReasoningEffortPicker.label(ReasoningEffortPicker.choices[2], current: "high")
        == "High (current)")
  }

  @Test func permissionPresetsMapToPolicyAndSandbox() {
    #expect(PermissionPreset.askForApproval.approvalPolicy == .onRequest)
    #expect(PermissionPreset.askForApproval.sandboxMode == .workspaceWrite)
    #expect(PermissionPreset.fullAccess.approvalPolicy == .never)
    #expect(PermissionPreset.fullAccess.sandboxMode == .dangerFullAccess)
    #expect(
      PermissionPreset.matching(policy: .onRequest, sandbox: .workspaceWrite) == .askForApproval)
    #expect(PermissionPreset.matching(policy: .untrusted, sandbox: .readOnly) == nil)
    let lines = PermissionsPicker.lines(current: .askForApproval, selection: 0, width: 80)
    #expect(
      lines[2].text.hasPrefix("› 1. Ask for approval (current)  Cairn can read and edit files"))
    #expect(
      lines[3].text == "                                 workspace, and run commands. Approval is")
  }

  @Test func descriptionsGoUnderTheLabelWhenTheColumnIsTooNarrow() {
    let lines = PermissionsPicker.lines(current: .askForApproval, selection: 0, width: 40)
    #expect(lines.allSatisfy { $0.columns <= 40 })
    #expect(lines[2].text == "› 1. Ask for approval (current)")
    #expect(lines[3].text.hasPrefix("     Cairn can read"))
  }
}

@Suite struct StatusCardTests {
  static let info = StatusInfo(
    version: "0.147.0", model: "gpt-5.5", reasoningEffort: "medium",
    provider: "Mock Responses - http://127.0.0.1:45227/v1", directory: "/home/user/work",
    permissions: StatusCard.permissionsLabel(policy: .onRequest, sandbox: .workspaceWrite),
    sessionID: "01a2141a-facb-73e1-9576-217c8f7ff344",
    usage: TokenCounts(inputTokens: 1900, outputTokens: 190), contextTokens: 110,
    contextWindow: 258_000)

  @Test func snapshotsAtEveryWidth() {
    for width in PaneSizes.widths {
      assertLinesSnapshot(
        StatusCard.lines(Self.info, width: width), columns: width, named: "status-\(width)")
    }
  }

  @Test func theCardReadsLikeCodexs() {
    let lines = StatusCard.lines(Self.info, width: 80).map(\.text)
    #expect(lines[0] == "╭" + String(repeating: "─", count: 67) + "╮")
    #expect(lines[3] == "│  Model:                gpt-5.5 (reasoning medium, summaries auto) │")
    #expect(lines[6] == "│  Permissions:          Workspace (Ask for approval)               │")
    #expect(lines[11] == "│  Token usage:          2.09K total  (1.9K input + 190 output)     │")
    #expect(lines[12] == "│  Context window:       100% left (110 used / 258K)                │")
    #expect(lines[13] == "│  Limits:               not available for this account             │")
    let narrow = StatusCard.lines(Self.info, width: 40)
    #expect(narrow.allSatisfy { $0.columns == 40 })
  }

  @Test func tokenCountsAreCompact() {
    #expect(StatusCard.compact(0) == "0")
    #expect(StatusCard.compact(999) == "999")
    #expect(StatusCard.compact(1000) == "1K")
    #expect(StatusCard.compact(1900) == "1.9K")
    #expect(StatusCard.compact(2090) == "2.09K")
    #expect(StatusCard.compact(25_840) == "25.8K")
    #expect(StatusCard.compact(258_000) == "258K")
    #expect(StatusCard.compact(999_999) == "1M")
    #expect(StatusCard.compact(1_234_567) == "1.23M")
  }

  @Test func theContextLeftLeavesOutTheBaseline() {
    #expect(StatusCard.percentLeft(contextTokens: 110, window: 258_000) == 100)
    #expect(StatusCard.percentLeft(contextTokens: 135_000, window: 258_000) == 50)
    #expect(StatusCard.percentLeft(contextTokens: 300_000, window: 258_000) == 0)
    #expect(StatusCard.percentLeft(contextTokens: 5, window: 10_000) == 0)
  }
}
