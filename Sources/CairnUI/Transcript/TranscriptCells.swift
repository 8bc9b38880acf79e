import CairnCore
import CairnLogFormat

/// The transcript's cells from a `SessionState`, and their rows joined as Codex spaces
/// them: one blank row between cells, two around a user message and between turns.
///
/// ```swift
/// let cells = TranscriptCells.cells(state)
/// let rows = TranscriptCells.lines(cells, width: 80)
/// ```
public enum TranscriptCells {
  /// Tool names whose calls run a command (an exec cell).
  static let shellTools: Set<String> = [
    "exec_command", "shell", "shell_command", "container.exec", "local_shell",
  ]
  static let patchTool = "apply_patch"
  static let planTool = "update_plan"

  /// The cells of the transcript window, in order. `includeReasoning` adds reasoning
  /// summaries (the Ctrl+T transcript shows them; the main view does not). `fileDiffs`,
  /// by the `file_changed` record's sequence number, gives patch cells their diffs (the
  /// state keeps no contents; a view reads them from the log); without one a patch cell
  /// shows byte sizes. `older` are items before the window, paged in from the log when a
  /// view scrolls back (`TranscriptPager`), oldest first and ending where the window starts.
  public static func cells(
    _ state: SessionState, includeReasoning: Bool = false, fileDiffs: [Seq: FileDiff] = [:],
    older: [TranscriptItem] = []
  ) -> [HistoryCell] {
    var builder = Builder(state: state, includeReasoning: includeReasoning, fileDiffs: fileDiffs)
    for item in older { builder.add(item) }
    for item in state.transcript.window { builder.add(item) }
    builder.endTurn()
    return withMCPWarnings(builder.cells, state: state, since: older.first?.seq)
  }

  /// The cells with a warning for each MCP server that failed to start or exited (its
  /// latest status), placed by the status record's sequence number; one older than the
  /// cells shown is left out.
  static func withMCPWarnings(_ cells: [HistoryCell], state: SessionState, since: Seq?)
    -> [HistoryCell]
  {
    let from = since ?? state.transcript.window.first?.seq ?? .none
    var all = cells
    for record in state.mcpServers.servers where record.seq >= from {
      guard record.status == .failed || record.status == .exited, let message = record.message
      else { continue }
      let cell = HistoryCell(
        id: record.seq, turnID: nil, isFinished: true, content: .warning(message: message))
      let index = all.firstIndex { $0.id > record.seq } ?? all.count
      all.insert(cell, at: index)
    }
    return all
  }

  /// How many cells at the front of `cells` are finished: the screen prints these into the
  /// terminal's scrollback once (joined with `blankLines(between:and:)` after the last cell
  /// it printed) and draws the rest in the live pane.
  public static func finishedPrefixCount(_ cells: [HistoryCell]) -> Int {
    cells.firstIndex { !$0.isFinished } ?? cells.count
  }

  /// Blank rows between `previous` and `next`: two around a user message and between
  /// turns, otherwise one; none before the first cell.
  public static func blankLines(between previous: HistoryCell?, and next: HistoryCell) -> Int {
    guard let previous else { return 0 }
    if case .user = next.content { return 2 }
    if case .user = previous.content { return 2 }
    return previous.turnID == next.turnID ? 1 : 2
  }

  /// The rows of `cells` at `width`, joined with `blankLines(between:and:)`; cells with no
  /// rows (a call that shows nothing yet, text with no completed line) take no room.
  public static func lines(_ cells: [HistoryCell], width: Int) -> [StyledLine] {
    var rows: [StyledLine] = []
    var previous: HistoryCell?
    for cell in cells {
      let cellRows = cell.lines(width: width)
      guard !cellRows.isEmpty else { continue }
      let blanks = blankLines(between: previous, and: cell)
      rows += Array(repeating: StyledLine.empty, count: blanks)
      rows += cellRows
      previous = cell
    }
    return rows
  }

  /// Walks the window, one turn at a time, finding each call's run, decision and changes.
  private struct Builder {
    let state: SessionState
    let includeReasoning: Bool
    let fileDiffs: [Seq: FileDiff]
    let runs: [CallID: ToolRun]
    let decisions: [CallID: DecidedApproval]
    let changes: [CallID: [FileChangeRecord]]
    var cells: [HistoryCell] = []

    /// The turn being walked, its last item, and whether it drew a command or a patch
    /// since its last message (the next message gets a rule before it).
    var turnID: TurnID?
    var lastSeq = Seq.none
    var lastEntryEndsTurn = false
    var toolCellSinceMessage = false
    var turnHadToolCell = false

    init(state: SessionState, includeReasoning: Bool, fileDiffs: [Seq: FileDiff]) {
      self.state = state
      self.includeReasoning = includeReasoning
      self.fileDiffs = fileDiffs
      var runs: [CallID: ToolRun] = [:]
      for run in state.tools.finished + state.tools.active { runs[run.callID] = run }
      self.runs = runs
      var decisions: [CallID: DecidedApproval] = [:]
      for decided in state.approvals.decided { decisions[decided.callID] = decided }
      self.decisions = decisions
      var changes: [CallID: [FileChangeRecord]] = [:]
      for change in state.fileChanges.recent { changes[change.callID, default: []].append(change) }
      self.changes = changes
    }

    var currentTurn: TurnID? { state.turns.current?.turnID }

    mutating func add(_ item: TranscriptItem) {
      if item.turnID != turnID {
        endTurn()
        turnID = item.turnID
        toolCellSinceMessage = false
        turnHadToolCell = false
      }
      lastSeq = item.seq
      lastEntryEndsTurn = false
      let open = item.turnID == currentTurn
      switch item.entry {
      case .user(let text, _):
        append(item, finished: true, .user(text: text))
      case .assistant(_, let text, let complete):
        if toolCellSinceMessage {
          append(item, part: 0, finished: true, .rule)
          toolCellSinceMessage = false
        }
        append(item, part: 1, finished: complete || !open, .assistant(text: text))
      case .reasoning(_, let summary, let complete):
        guard includeReasoning else { return }
        append(
          item, finished: complete || !open,
          .reasoning(summary: summary.filter { !$0.isEmpty }.joined(separator: "\n\n")))
      case .toolCall(let callID, let name, let arguments):
        addToolCall(item, callID: callID, name: name, arguments: arguments, open: open)
      case .turnFailed(let message):
        lastEntryEndsTurn = true
        append(item, finished: true, .turnFailed(message: message))
      case .turnInterrupted:
        lastEntryEndsTurn = true
        append(item, finished: true, .interrupted)
      }
    }

    /// A turn that drew commands or patches and finished normally ends with a rule.
    mutating func endTurn() {
      guard let turnID, turnHadToolCell, turnID != currentTurn, !lastEntryEndsTurn else { return }
      cells.append(
        HistoryCell(id: lastSeq, part: 9, turnID: turnID, isFinished: true, content: .rule))
    }

    private mutating func addToolCall(
      _ item: TranscriptItem, callID: CallID, name: String, arguments: String, open: Bool
    ) {
      if name == TranscriptCells.planTool, let plan = PlanCellContent(arguments: arguments) {
        append(item, part: 1, finished: true, .plan(plan))
        return
      }
      guard let run = runs[callID] else {
        addUnknownRun(item, name: name, arguments: arguments, open: open)
        return
      }
      if let decided = decisions[callID] {
        append(
          item, part: 0, finished: true,
          .approval(
            command: ExecCellContent.shellLine(run.command), decision: decided.decision))
      }
      let finished: Bool
      switch run.status {
      case .awaitingApproval:
        append(item, part: 1, finished: false, .pending)
        return
      case .denied:
        return
      case .planned, .running: finished = false
      case .exited: finished = true
      }
      toolCellSinceMessage = true
      turnHadToolCell = true
      if run.tool == TranscriptCells.patchTool || name == TranscriptCells.patchTool {
        append(item, part: 1, finished: finished, .patch(patch(run, finished: finished)))
      } else {
        append(item, part: 1, finished: finished, .exec(ExecCellContent(run)))
      }
    }

    /// A call whose run the state does not hold: not planned yet (its turn runs), or
    /// finished so long ago it left the recent runs, or a tool that runs no process.
    private mutating func addUnknownRun(
      _ item: TranscriptItem, name: String, arguments: String, open: Bool
    ) {
      let isShell = TranscriptCells.shellTools.contains(name)
      if open, isShell || name == TranscriptCells.patchTool {
        append(item, part: 1, finished: false, .pending)
        return
      }
      if isShell, let command = Self.command(fromArguments: arguments) {
        toolCellSinceMessage = true
        turnHadToolCell = true
        append(
          item, part: 1, finished: true,
          .exec(
            ExecCellContent(
              command: command, status: .exited(exitCode: 0, signal: nil), output: [],
              outputTruncated: false)))
        return
      }
      append(item, part: 1, finished: true, .toolCall(name: name, arguments: arguments))
    }

    private func patch(_ run: ToolRun, finished: Bool) -> PatchCellContent {
      let cwd = state.session?.cwd ?? ""
      let files = (changes[run.callID] ?? []).map { change in
        PatchCellContent.File(
          path: Self.relative(change.path, to: cwd), kind: change.kind,
          movePath: change.movePath.map { Self.relative($0, to: cwd) },
          beforeBytes: change.beforeBytes, afterBytes: change.afterBytes,
          diff: fileDiffs[change.seq])
      }
      var failed = false
      if case .exited(let exitCode, _) = run.status { failed = exitCode != 0 }
      return PatchCellContent(files: files, running: !finished, failed: failed)
    }

    private mutating func append(
      _ item: TranscriptItem, part: Int = 0, finished: Bool, _ content: HistoryCell.Content
    ) {
      cells.append(
        HistoryCell(
          id: item.seq, part: part, turnID: item.turnID, isFinished: finished, content: content))
    }

    static func relative(_ path: String, to cwd: String) -> String {
      guard !cwd.isEmpty else { return path }
      let base = cwd.hasSuffix("/") ? cwd : cwd + "/"
      return path.hasPrefix(base) && path.count > base.count
        ? String(path.dropFirst(base.count)) : path
    }

    /// The command a shell call's arguments name: `{"cmd": "…"}` or `{"command": [argv]}`
    /// or `{"command": "…"}`.
    static func command(fromArguments arguments: String) -> String? {
      guard let parsed = ToolArguments.parse(arguments) else { return nil }
      if let cmd = parsed["cmd"]?.string { return cmd }
      if let command = parsed["command"]?.string { return command }
      if let argv = parsed["command"]?.array {
        let words = argv.compactMap(\.string)
        return words.count == argv.count && !words.isEmpty
          ? ExecCellContent.shellLine(words) : nil
      }
      return nil
    }
  }
}
