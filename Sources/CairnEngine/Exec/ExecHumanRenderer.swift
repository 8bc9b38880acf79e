import CairnCore

/// Codex's human `exec` output as a pure fold of the log: what goes to stderr as the turn
/// runs (the prompt, reasoning summaries, each command with its exit and output, the
/// answer, the tokens used, errors), in Codex 0.147's layout. The final answer also goes
/// to stdout, which the command does itself.
public struct ExecHumanRenderer {
  /// Output lines shown per command; the rest is summarized, as Codex does.
  public static let commandOutputLinesMax = 20

  private var calls: [CallID: Call] = [:]
  /// MCP tool calls under way: `SERVER.TOOL` by call.
  private var mcpCalls: [CallID: String] = [:]
  private var cumulativeTotal: UInt64
  /// Whether to style with ANSI escapes (`--color`, or a terminal with `auto`).
  private let color: Bool

  private struct Call {
    var command: String?
    var workdir: String?
    var output: [UInt8] = []
  }

  public init(usage: TokenCounts = TokenCounts(), color: Bool = false) {
    cumulativeTotal = usage.totalTokens
    self.color = color
  }

  /// ANSI SGR styles: bold, and bold in a color.
  private enum Style: String {
    case bold = "1"
    case magenta = "1;35"
    case green = "32"
    case red = "1;31"
  }

  private func styled(_ text: String, _ style: Style) -> String {
    color ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
  }

  /// The banner printed before the first turn.
  public static func banner(version: String, fields: [(String, String)]) -> String {
    var out = "\(version)\n--------\n"
    for (name, value) in fields { out += "\(name): \(value)\n" }
    return out + "--------\n"
  }

  public mutating func text(for envelope: Envelope) -> String {
    switch envelope.event {
    case .userMessageAdded(let message):
      return styled("user", .bold) + "\n\(message.text)\n"
    case .reasoningCompleted(let reasoning):
      let text = reasoning.summary.joined(separator: "\n\n")
      return text.isEmpty ? "" : text + "\n"
    case .toolCallPlanned(let plan):
      if plan.tool.hasPrefix("mcp__"), plan.command.count == 3 {
        // An MCP tool call (`mcp SERVER TOOL`): shown as `tool SERVER.TOOL` when it starts,
        // then how it ended.
        mcpCalls[plan.callID] = plan.command[1] + "." + plan.command[2]
        return ""
      }
      calls[plan.callID] = Call(
        command: plan.command.isEmpty ? nil : ShellQuoting.join(plan.command), workdir: plan.workdir
      )
      return ""
    case .toolStarted(let started):
      if let name = mcpCalls[started.callID] {
        return styled("tool", .magenta) + " " + styled(name, .bold) + "\n"
      }
      guard let call = calls[started.callID], let command = call.command else { return "" }
      return styled("exec", .magenta) + "\n" + styled(command, .bold)
        + (call.workdir.map { " in \($0)" } ?? "") + "\n"
    case .toolOutputReceived(let output):
      guard var call = calls[output.callID] else { return "" }
      if call.output.count < 1 << 20 { call.output += output.chunk }
      calls[output.callID] = call
      return ""
    case .toolExited(let exited):
      if let name = mcpCalls.removeValue(forKey: exited.callID) {
        let milliseconds = exited.durationNanoseconds / 1_000_000
        let status = exited.exitCode == 0 ? "success" : "failed"
        return styled(name, .bold) + " " + styled(status, exited.exitCode == 0 ? .green : .red)
          + " in \(milliseconds)ms\n"
      }
      guard let call = calls.removeValue(forKey: exited.callID), call.command != nil else {
        return ""
      }
      let milliseconds = exited.durationNanoseconds / 1_000_000
      let status =
        exited.exitCode.map { $0 == 0 ? "succeeded" : "exited \($0)" }
        ?? "killed by signal \(exited.signal ?? 0)"
      return " " + styled(status, exited.exitCode == 0 ? .green : .red)
        + " in \(milliseconds)ms:\n" + Self.shown(call.output)
    case .toolResultRecorded(let result):
      // A call refused before it ran (bad arguments, the sandbox) shows its reason.
      guard !result.success, calls[result.callID] == nil, result.output.hasPrefix("The command")
      else { return "" }
      return "exec refused\n\(result.output)\n"
    case .messageCompleted(let message):
      return styled("codex", .magenta) + "\n\(message.text)\n"
    case .modelRequestRetried(let retry):
      guard retry.streamLevel else { return "" }
      return styled("ERROR:", .red) + " Reconnecting... \(retry.attempt)/\(retry.maxAttempts)\n"
    case .tokenUsageRecorded(let usage):
      cumulativeTotal &+= usage.inputTokens &+ usage.outputTokens
      return ""
    case .turnCompleted:
      return styled("tokens used", .magenta) + "\n\(cumulativeTotal)\n"
    case .turnFailed(let failed):
      return styled("ERROR:", .red) + " \(failed.message)\n"
    case .turnInterrupted(let interrupted):
      return styled("ERROR:", .red) + " turn interrupted (\(interrupted.reason))\n"
    default:
      return ""
    }
  }

  /// A command's output as shown: its first lines, then how many more there were.
  static func shown(_ output: [UInt8]) -> String {
    guard !output.isEmpty else { return "\n" }
    let lines = output.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    let trailingEmpty = lines.last?.isEmpty == true ? 1 : 0
    let count = lines.count - trailingEmpty
    var out = lines.prefix(min(count, commandOutputLinesMax))
      .map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
    if count > commandOutputLinesMax {
      out += "\n… +\(count - commandOutputLinesMax) lines"
    }
    return out + "\n\n"
  }
}
