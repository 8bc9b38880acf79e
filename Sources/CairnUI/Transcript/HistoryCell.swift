import CairnCore
import CairnLogFormat

/// One cell of the transcript as the screen shows it: a user message, an assistant
/// message, a command run, a patch, a plan update, a note. Built by
/// `TranscriptCells.cells(_:)` from a `SessionState`; `lines(width:)` draws it, a pure
/// function of the cell and the width (no line is wider than `width`).
///
/// Cells come in increasing (`id`, `part`) order. A cell whose `isFinished` is true never
/// changes again, so the screen can print the finished cells at the front of the list into
/// the terminal's scrollback once and redraw only the rest.
public struct HistoryCell: Hashable, Sendable {
  /// The record that created the cell (for a note or a rule, the record it belongs to).
  public var id: Seq
  /// Orders cells that share `id`: an approval note (0) before its command (1); a rule (0)
  /// before the message it introduces (1); the rule that ends a turn last (9).
  public var part: Int
  /// The turn the cell belongs to; nil for the session header.
  public var turnID: TurnID?
  /// False while the cell can still change: streaming text, a running command, a call
  /// that has not started.
  public var isFinished: Bool
  public var content: Content

  public init(id: Seq, part: Int = 0, turnID: TurnID?, isFinished: Bool, content: Content) {
    self.id = id
    self.part = part
    self.turnID = turnID
    self.isFinished = isFinished
    self.content = content
  }

  /// The session header box as a cell, to put before the transcript's cells.
  public static func header(_ info: HeaderInfo) -> HistoryCell {
    HistoryCell(id: .none, turnID: nil, isFinished: true, content: .header(info))
  }

  /// What a cell shows.
  public enum Content: Hashable, Sendable {
    /// The session header box (`>_ Cairn (v…)`, model, directory).
    case header(HeaderInfo)
    case user(text: String)
    /// Assistant text, Markdown; while unfinished only its completed lines show.
    case assistant(text: String)
    /// A reasoning summary (the Ctrl+T transcript shows these; the main view does not).
    case reasoning(summary: String)
    case exec(ExecCellContent)
    /// The user's decision on a command: `✔ You approved cairn to run … this time`.
    case approval(command: String, decision: ApprovalDecision)
    case patch(PatchCellContent)
    case plan(PlanCellContent)
    /// A tool call that is neither a command, a patch nor a plan: `• Called name(args)`.
    case toolCall(name: String, arguments: String)
    case turnFailed(message: String)
    /// A warning outside a turn's flow, e.g. an MCP server that failed to start or
    /// exited: `⚠ <message>`, as Codex shows one.
    case warning(message: String)
    case interrupted
    /// The dim full-width rule between a turn's tool cells and its final message, and at
    /// the end of such a turn.
    case rule
    /// A call that shows nothing yet (it waits for approval, or has not been planned).
    case pending
  }

  /// The cell's rows at `width` columns (at least 1; views use 10 or more).
  public func lines(width: Int) -> [StyledLine] {
    let width = max(width, 1)
    switch content {
    case .header(let info): return HeaderBox.lines(info, width: width)
    case .user(let text): return Self.userLines(text, width: width)
    case .assistant(let text):
      return Self.assistantLines(isFinished ? text : Self.completedLines(text), width: width)
    case .reasoning(let summary):
      return Self.reasoningLines(isFinished ? summary : Self.completedLines(summary), width: width)
    case .exec(let exec): return exec.lines(width: width)
    case .approval(let command, let decision):
      return Self.approvalLines(command: command, decision: decision, width: width)
    case .patch(let patch): return patch.lines(width: width)
    case .plan(let plan): return plan.lines(width: width)
    case .toolCall(let name, let arguments):
      return Self.toolCallLines(name: name, arguments: arguments, width: width)
    case .turnFailed(let message): return Self.failureLines(message, width: width)
    case .interrupted: return Self.interruptLines(width: width)
    case .warning(let message): return Self.warningLines(message, width: width)
    case .rule: return [StyledLine(String(repeating: "─", count: width), .dim)]
    case .pending: return []
    }
  }

  /// Text up to its last line feed: streaming shows one completed line at a time.
  static func completedLines(_ text: String) -> String {
    guard let newline = text.lastIndex(of: "\n") else { return "" }
    return String(text[..<newline])
  }
}
