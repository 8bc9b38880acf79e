import CairnCore
import CairnLogFormat

/// Facts the screen shows that are not in the session's state: the build, the provider,
/// the models on offer, the sessions a picker lists. The shell fills it once (and the
/// picker rows when a picker opens).
public struct WorkstationInfo: Hashable, Sendable {
  public var version: String
  /// The working directory pickers filter by when no session is open.
  public var cwd: String
  public var provider: String
  public var home: String?
  public var agentsFiles: [String]
  public var contextWindow: UInt64?
  public var models: [ModelChoice]
  public var pickerRows: [SessionPickerRow]

  public init(
    version: String, cwd: String = "", provider: String = "", home: String? = nil,
    agentsFiles: [String] = [],
    contextWindow: UInt64? = nil, models: [ModelChoice] = [], pickerRows: [SessionPickerRow] = []
  ) {
    self.version = version
    self.cwd = cwd
    self.provider = provider
    self.home = home
    self.agentsFiles = agentsFiles
    self.contextWindow = contextWindow
    self.models = models
    self.pickerRows = pickerRows
  }
}

/// The transient parts of the screen the controller holds (a hint, the picker's sort and
/// filter) and the turn's start, for the status row.
public struct WorkstationTransient: Hashable, Sendable {
  public var hint: FooterHint?
  public var pickerSort: SessionPickerSort
  public var pickerFilter: SessionPickerFilter
  public var pickerFocus: SessionPickerFocus
  public var queuedPrompts: [String]

  public init(
    hint: FooterHint? = nil, pickerSort: SessionPickerSort = .updated,
    pickerFilter: SessionPickerFilter = .cwd, pickerFocus: SessionPickerFocus = .filter,
    queuedPrompts: [String] = []
  ) {
    self.hint = hint
    self.pickerSort = pickerSort
    self.pickerFilter = pickerFilter
    self.pickerFocus = pickerFocus
    self.queuedPrompts = queuedPrompts
  }

  public init(_ controller: WorkstationController) {
    self.init(
      hint: controller.hint, pickerSort: controller.pickerSort,
      pickerFilter: controller.pickerFilter, pickerFocus: controller.pickerFocus,
      queuedPrompts: controller.queuedPrompts)
  }
}

/// `view(state, size, now)`: what the terminal shows, as pure functions. The main view is
/// inline (Codex's layout): finished cells go to the scrollback once, and the bottom pane
/// (live cells, status row, composer or prompt, footer or popup) is a frame redrawn in
/// place. The transcript overlay and the pickers are full-screen frames.
public enum WorkstationScreen {
  /// The id of the header cell: it comes before every record.
  public static let headerID = Seq(0)

  /// Every cell of the session's window, the header first.
  public static func cells(_ state: SessionState, info: WorkstationInfo) -> [HistoryCell] {
    var cells: [HistoryCell] = []
    if let session = state.session {
      cells.append(
        HistoryCell(
          id: headerID, turnID: nil, isFinished: true,
          content: .header(
            HeaderInfo(
              version: info.version, model: session.model,
              reasoningEffort: session.reasoningEffort,
              directory: PaneText.tildeAbbreviated(session.cwd, home: info.home)))))
    }
    return cells + TranscriptCells.cells(state)
  }

  /// Whether the overlay covers the whole screen (drawn on the alternate screen).
  public static func isFullScreen(_ overlay: Overlay) -> Bool {
    switch overlay {
    case .transcript, .backtrack, .resumePicker, .forkPicker, .timeline: return true
    case .none, .shortcuts, .modelPicker, .effortPicker, .permissionsPicker, .status: return false
    }
  }

  /// The bottom pane for `live` (the cells not yet in the scrollback), at most `rows` tall.
  public static func pane(
    _ state: SessionState, live: [HistoryCell], columns: Int, rows: Int, now: Int64,
    turnStartedAt: Int64?, info: WorkstationInfo, transient: WorkstationTransient
  ) -> Frame {
    let width = max(columns, 1)
    var lines: [StyledLine] = []
    if !live.isEmpty {
      lines.append(.empty)
      lines += TranscriptCells.lines(live, width: width)
    }
    let running = state.turns.current != nil
    // Codex hides the status row while text streams and while an approval prompt is up, and
    // keeps a blank row between it and the history above (the prompt it answers).
    if running, let startedAt = turnStartedAt, !isStreamingText(live),
      state.approvals.pending.isEmpty
    {
      lines.append(.empty)
      lines.append(
        StatusRow.line(header: statusHeader(state), startedAt: startedAt, now: now, width: width))
    }
    for prompt in transient.queuedPrompts {
      lines.append(
        PaneText.clipped(StyledLine("  ↳ " + prompt.replacing("\n", with: " "), .dim), to: width))
    }
    lines.append(.empty)
    var cursor: Frame.Position?
    let bottom = bottomLines(
      state, width: width, info: info, transient: transient, cursor: &cursor, base: lines.count)
    lines += bottom
    // Taller than the screen: the newest rows win (the composer stays in view).
    let height = min(lines.count, max(rows, 1))
    let dropped = lines.count - height
    var frame = Frame(columns: width, rows: height)
    for (row, line) in lines.dropFirst(dropped).enumerated() { frame.draw(line, row: row) }
    if let position = cursor, position.row - dropped >= 0 {
      frame.cursor = Frame.Position(row: position.row - dropped, column: position.column)
    }
    return frame
  }

  /// The composer, prompt or picker and what goes below it.
  private static func bottomLines(
    _ state: SessionState, width: Int, info: WorkstationInfo, transient: WorkstationTransient,
    cursor: inout Frame.Position?, base: Int
  ) -> [StyledLine] {
    if let pending = state.approvals.pending.first {
      let model = ApprovalPromptModel(
        pending, run: WorkstationController.run(pending.callID, state))
      return ApprovalPrompt.lines(for: model, selection: Int(state.ui.selection), width: width)
    }
    let session = state.session
    switch state.ui.overlay {
    case .modelPicker:
      return ModelPicker.lines(
        models: info.models, current: session?.model, selection: Int(state.ui.selection),
        width: width)
    case .effortPicker:
      return ReasoningEffortPicker.lines(
        model: state.ui.overlayQuery.isEmpty ? (session?.model ?? "") : state.ui.overlayQuery,
        current: session?.reasoningEffort, selection: Int(state.ui.selection), width: width)
    case .permissionsPicker:
      let current = session.flatMap {
        PermissionPreset.matching(policy: $0.approvalPolicy, sandbox: $0.sandboxMode)
      }
      return PermissionsPicker.lines(
        current: current, selection: Int(state.ui.selection), width: width)
    case .status:
      return StatusCard.lines(statusInfo(state, info: info), width: width)
    default: break
    }
    let composer = ComposerView.render(
      text: state.ui.composerText, cursor: Int(state.ui.composerCursor), width: width,
      placeholder: ComposerView.placeholder(index: placeholderIndex(state)))
    var lines = composer.lines
    cursor = Frame.Position(row: base + composer.cursorRow, column: composer.cursorColumn)
    lines.append(.empty)
    if state.ui.overlay == .shortcuts {
      lines += ShortcutsHelp.lines(width: width)
    } else if let query = state.ui.paletteQuery {
      lines += SlashPopup.lines(query: query, selection: Int(state.ui.selection), width: width)
    } else {
      lines.append(
        Footer.line(
          model: session?.model ?? "", effort: session?.reasoningEffort, cwd: session?.cwd ?? "",
          width: width, hint: transient.hint, home: info.home))
    }
    return lines
  }

  /// A full-screen overlay's frame, or nil for the main view.
  /// `older` are transcript items before the window that the shell paged in from the log
  /// (the transcript overlay shows them above the window's).
  public static func overlay(
    _ state: SessionState, columns: Int, rows: Int, now: Int64, info: WorkstationInfo,
    transient: WorkstationTransient, older: [TranscriptItem] = []
  ) -> Frame? {
    let size = OverlaySize(columns: max(columns, 1), rows: max(rows, 1))
    switch state.ui.overlay {
    case .transcript, .backtrack:
      let lines = transcriptLines(state, info: info, width: size.columns, older: older)
      return TranscriptOverlay.frame(
        lines: lines, linesFromBottom: Int(state.ui.linesFromBottom), size: size,
        mode: state.ui.overlay == .backtrack ? .backtrack : .transcript)
    case .resumePicker, .forkPicker:
      let rows = SessionPicker.arrange(
        info.pickerRows, query: state.ui.overlayQuery, sort: transient.pickerSort,
        filter: transient.pickerFilter, cwd: state.session?.cwd ?? info.cwd)
      return SessionPicker.frame(
        rows: rows, query: state.ui.overlayQuery, selection: Int(state.ui.selection),
        sort: transient.pickerSort, filter: transient.pickerFilter, size: size, now: now,
        action: state.ui.overlay == .forkPicker ? .fork : .resume, focus: transient.pickerFocus)
    default:
      return nil
    }
  }

  /// The transcript overlay's lines: every cell, reasoning included, as Ctrl+T shows them;
  /// `older` (paged in from the log) above the window's.
  public static func transcriptLines(
    _ state: SessionState, info: WorkstationInfo, width: Int, older: [TranscriptItem] = []
  ) -> [StyledLine] {
    let cells = TranscriptCells.cells(state, includeReasoning: true, older: older)
    return TranscriptCells.lines(cells, width: width)
  }

  /// The whole screen as it would look after all of `state` was drawn inline: the tail of
  /// the history above the bottom pane. The timeline and headless snapshots use it.
  public static func frame(
    _ state: SessionState, columns: Int, rows: Int, now: Int64, turnStartedAt: Int64?,
    info: WorkstationInfo, transient: WorkstationTransient = WorkstationTransient(),
    older: [TranscriptItem] = []
  ) -> Frame {
    if let overlay = overlay(
      state, columns: columns, rows: rows, now: now, info: info, transient: transient,
      older: older)
    {
      return overlay
    }
    let all = cells(state, info: info)
    let split = all.firstIndex { !$0.isFinished } ?? all.count
    let pane = pane(
      state, live: Array(all[split...]), columns: columns, rows: rows, now: now,
      turnStartedAt: turnStartedAt, info: info, transient: transient)
    var frame = Frame(columns: max(columns, 1), rows: max(rows, 1))
    let historyRows = frame.rows - pane.rows
    if historyRows > 0 {
      let history = TranscriptCells.lines(Array(all[..<split]), width: frame.columns)
      for (row, line) in history.suffix(historyRows).enumerated() {
        frame.draw(line, row: row + max(0, historyRows - history.count))
      }
    }
    for row in 0..<pane.rows {
      for column in 0..<pane.columns {
        let cell = pane[row, column]
        guard cell.width > 0 else { continue }
        frame.write(cell.text, row: historyRows + row, column: column, style: cell.style)
      }
    }
    if let cursor = pane.cursor {
      frame.cursor = Frame.Position(row: historyRows + cursor.row, column: cursor.column)
    }
    return frame
  }

  static func isStreamingText(_ live: [HistoryCell]) -> Bool {
    live.contains { cell in
      if case .assistant(let text) = cell.content { return !text.isEmpty }
      return false
    }
  }

  /// `Working`, or the heading of the reasoning summary being written (`Thinking`).
  static func statusHeader(_ state: SessionState) -> String {
    for item in state.transcript.window.reversed() {
      guard let current = state.turns.current, item.turnID == current.turnID else { break }
      if case .reasoning(_, let summary, _) = item.entry, let last = summary.last,
        let heading = StatusRow.header(fromReasoningSummary: last)
      {
        return heading
      }
    }
    return "Working"
  }

  static func placeholderIndex(_ state: SessionState) -> Int {
    Int(state.session?.sessionID.rawValue.utf8.reduce(0) { $0 &+ Int($1) } ?? 0)
  }

  static func statusInfo(_ state: SessionState, info: WorkstationInfo) -> StatusInfo {
    let session = state.session
    return StatusInfo(
      version: info.version, model: session?.model ?? "", reasoningEffort: session?.reasoningEffort,
      provider: info.provider,
      directory: PaneText.tildeAbbreviated(session?.cwd ?? "", home: info.home),
      permissions: StatusCard.permissionsLabel(
        policy: session?.approvalPolicy ?? .onRequest, sandbox: session?.sandboxMode ?? .readOnly),
      agentsFiles: info.agentsFiles, sessionID: session?.sessionID.rawValue ?? "",
      usage: state.usage.cumulative, contextTokens: state.usage.last?.totalTokens ?? 0,
      contextWindow: info.contextWindow)
  }
}
