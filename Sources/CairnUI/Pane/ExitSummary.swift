import CairnCore

/// The two plain lines printed after the TUI closes (the bottom pane erased first):
/// `Token usage: total=110 input=100 output=10` and
/// `To continue this session, run cairn resume <id>`, the command in cyan.
public enum ExitSummary {
  public static func lines(usage: TokenCounts, sessionID: String?) -> [StyledLine] {
    var usageText =
      "Token usage: total=\(usage.totalTokens) input=\(usage.inputTokens)"
    if usage.cachedInputTokens > 0 { usageText += " (+ \(usage.cachedInputTokens) cached)" }
    usageText += " output=\(usage.outputTokens)"
    if usage.reasoningOutputTokens > 0 {
      usageText += " (reasoning \(usage.reasoningOutputTokens))"
    }
    var lines = [StyledLine(usageText)]
    if let sessionID {
      lines.append(
        StyledLine([
          Span("To continue this session, run "),
          Span("cairn resume \(sessionID)", Style.plain.foreground(.cyan)),
        ]))
    }
    return lines
  }
}
