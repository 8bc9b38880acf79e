import CairnCore

/// The `/status` card: a dim rounded box as wide as its longest line, labels dim in a
/// 22-column field, values plain with dim details.
///
/// ```text
/// ╭───────────────────────────────────────────────────────────────────╮
/// │  >_ Cairn (v0.1.0)                                                │
/// │                                                                   │
/// │  Model:                gpt-5.5 (reasoning medium, summaries auto) │
/// │  …                                                                │
/// │  Token usage:          2.09K total  (1.9K input + 190 output)     │
/// │  Context window:       100% left (110 used / 258K)                │
/// │  Limits:               not available for this account             │
/// ╰───────────────────────────────────────────────────────────────────╯
/// ```
public enum StatusCard {
  static let labelColumns = 22
  /// Tokens Codex counts as the fixed cost of every request (instructions, tools) when it
  /// says how much of the context window is left.
  public static let contextBaselineTokens: UInt64 = 12_000

  public static func lines(_ info: StatusInfo, width: Int) -> [StyledLine] {
    let border = Style.dim
    var content: [StyledLine] = []
    content.append(
      StyledLine([
        Span("  >_ ", .dim), Span(PaneText.productName, .bold), Span(" (v\(info.version))", .dim),
      ]))
    content.append(.empty)
    content.append(
      field(
        "Model:", info.model,
        " (reasoning \(info.reasoningEffort ?? "default"), summaries \(info.reasoningSummaries))"))
    content.append(field("Model provider:", info.provider))
    content.append(field("Directory:", info.directory))
    content.append(field("Permissions:", info.permissions))
    content.append(
      field(
        "Agents.md:", info.agentsFiles.isEmpty ? "<none>" : info.agentsFiles.joined(separator: ", ")
      ))
    content.append(field("Collaboration mode:", info.collaborationMode))
    content.append(field("Session:", info.sessionID))
    content.append(.empty)
    let input = info.usage.inputTokens - min(info.usage.cachedInputTokens, info.usage.inputTokens)
    var usageDetail = " (\(compact(input)) input"
    if info.usage.cachedInputTokens > 0 {
      usageDetail += " + \(compact(info.usage.cachedInputTokens)) cached"
    }
    usageDetail += " + \(compact(info.usage.outputTokens)) output)"
    content.append(
      field("Token usage:", "\(compact(input + info.usage.outputTokens)) total ", usageDetail))
    if let window = info.contextWindow {
      content.append(
        field(
          "Context window:",
          "\(percentLeft(contextTokens: info.contextTokens, window: window))% left",
          " (\(compact(info.contextTokens)) used / \(compact(window)))"))
    }
    if let limits = info.limits {
      content.append(field("Limits:", limits))
    } else {
      content.append(
        StyledLine(
          PaneText.padded("  Limits:", to: 2 + labelColumns) + "not available for this account",
          .dim))
    }
    // The box fits its longest line plus one space, within the width.
    let inner = min((content.map(\.columns).max() ?? 0) + 1, max(width - 2, 1))
    var lines = [StyledLine("╭" + String(repeating: "─", count: inner) + "╮", border)]
    for line in content {
      let clipped = PaneText.clipped(line, to: inner - 1)
      var row = StyledLine("│", border) + clipped
      row.append(String(repeating: " ", count: max(inner - clipped.columns, 0)), border)
      row.append("│", border)
      lines.append(row)
    }
    lines.append(StyledLine("╰" + String(repeating: "─", count: inner) + "╯", border))
    return lines
  }

  /// `Workspace (Ask for approval)`, `Read Only (Ask for approval)`, `Full Access`…
  public static func permissionsLabel(policy: ApprovalPolicy, sandbox: SandboxMode) -> String {
    let place: String
    switch sandbox {
    case .readOnly: place = "Read Only"
    case .workspaceWrite: place = "Workspace"
    case .dangerFullAccess: place = "Full Access"
    }
    let asking: String
    switch policy {
    case .untrusted: asking = "Ask for untrusted commands"
    case .onRequest: asking = "Ask for approval"
    case .onFailure: asking = "Ask on failure"
    case .never: asking = "Never ask"
    }
    if sandbox == .dangerFullAccess, policy == .never { return place }
    return "\(place) (\(asking))"
  }

  /// The share of the context window left, as Codex counts it: the baseline every request
  /// pays is left out of both the window and the tokens used.
  public static func percentLeft(contextTokens: UInt64, window: UInt64) -> Int {
    guard window > contextBaselineTokens else { return 0 }
    let effective = window - contextBaselineTokens
    let used = contextTokens > contextBaselineTokens ? contextTokens - contextBaselineTokens : 0
    let remaining = effective > used ? effective - used : 0
    return Int((remaining * 100 + effective / 2) / effective)
  }

  /// Token counts with three significant digits and a K, M, B or T suffix, trailing zeros
  /// dropped: `190`, `1.9K`, `2.09K`, `25.8K`, `258K`, `1.2M`.
  public static func compact(_ value: UInt64) -> String {
    guard value >= 1000 else { return "\(value)" }
    let scales: [(UInt64, String)] = [
      (1000, "K"), (1_000_000, "M"), (1_000_000_000, "B"), (1_000_000_000_000, "T"),
    ]
    var index = scales.lastIndex { value >= $0.0 } ?? 0
    while true {
      let (scale, suffix) = scales[index]
      let whole = value / scale
      // Digits after the point so that three significant digits remain.
      let decimals = whole >= 100 ? 0 : whole >= 10 ? 1 : 2
      let factor: UInt64 = decimals == 2 ? 100 : decimals == 1 ? 10 : 1
      let unit = scale / factor
      let scaled = (value + unit / 2) / unit
      // Rounding up to 1000 of this unit (999.6K) reads better in the next one (1M).
      if scaled / factor >= 1000, index + 1 < scales.count {
        index += 1
        continue
      }
      var fraction = String(scaled % factor)
      while fraction.count < decimals { fraction = "0" + fraction }
      while fraction.hasSuffix("0") { fraction.removeLast() }
      let integer = scaled / factor
      return fraction.isEmpty ? "\(integer)\(suffix)" : "\(integer).\(fraction)\(suffix)"
    }
  }

  private static func field(_ label: String, _ value: String, _ detail: String = "") -> StyledLine {
    StyledLine([
      Span(PaneText.padded("  " + label, to: 2 + labelColumns), .dim), Span(value),
      Span(detail, .dim),
    ])
  }
}
