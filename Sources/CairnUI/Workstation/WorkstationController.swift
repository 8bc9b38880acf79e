import CairnCore

/// Turns the terminal's input into intents, as Codex's TUI answers keys (docs/TUI.md,
/// "Keys"). Pure: the state, the context and the input go in; intents come out, and the
/// shell logs or carries them out. What it keeps between keys is editing memory only (the
/// kill buffer, the prompt history walk, a paste burst, an armed Esc, a transient hint, the
/// picker's sort and filter): everything the screen shows of them is logged through the
/// intents (the composer's text, the overlay, the selection).
public struct WorkstationController: Sendable {
  public private(set) var composer: ComposerBuffer
  /// A short hint shown in the footer's place until the next key.
  public private(set) var hint: FooterHint?
  /// The resume and fork pickers' sort, filter and focused control.
  public private(set) var pickerSort: SessionPickerSort = .updated
  public private(set) var pickerFilter: SessionPickerFilter = .cwd
  public private(set) var pickerFocus: SessionPickerFocus = .filter
  /// Prompts typed while a turn ran: the shell sends them when it ends, oldest first.
  public private(set) var queuedPrompts: [String] = []
  private var history: ComposerHistory
  private var burst = PasteBurst()
  private var escapeArmed = false

  public init(state: SessionState) {
    composer = ComposerBuffer(text: state.ui.composerText, cursor: Int(state.ui.composerCursor))
    history = ComposerHistory(entries: Self.userPrompts(state))
  }

  /// The earlier prompts of the session's window, oldest first (the history Up walks).
  public static func userPrompts(_ state: SessionState) -> [String] {
    state.transcript.window.compactMap { item in
      if case .user(let text, _) = item.entry { return text }
      return nil
    }
  }

  /// Shows `hint` in the footer's place until the next key (the shell's answers: a
  /// command not supported yet, a turn's failure).
  public mutating func show(_ hint: FooterHint) {
    self.hint = hint
  }

  /// The picker's filter (`cairn resume --all` starts on every directory).
  public mutating func setPickerFilter(_ filter: SessionPickerFilter) {
    pickerFilter = filter
  }

  /// The prompt a turn that just ended leaves to send next, if any was queued.
  public mutating func takeQueuedPrompt() -> String? {
    queuedPrompts.isEmpty ? nil : queuedPrompts.removeFirst()
  }

  public mutating func handle(
    _ event: InputEvent, state: SessionState, context: WorkstationContext
  ) -> [WorkstationIntent] {
    switch event {
    case .paste(let text):
      hint = nil
      return edit(state: state) { $0.apply(.insert(text)) }
    case .key(let press):
      guard press.kind != .release else { return [] }
      let wasArmed = escapeArmed
      escapeArmed = false
      let previousHint = hint
      hint = nil
      var intents = route(press, state: state, context: context, escapeWasArmed: wasArmed)
      if hint == nil, previousHint != nil, intents.isEmpty { intents = [] }
      return intents
    case .focusGained, .focusLost, .cursorPosition, .keyboardFlags, .deviceAttributes,
      .colorReply, .unknown:
      return []
    }
  }

  private mutating func route(
    _ press: KeyPress, state: SessionState, context: WorkstationContext, escapeWasArmed: Bool
  ) -> [WorkstationIntent] {
    let control = press.modifiers.contains(.control)
    if control, press.key == .character("c"), state.ui.overlay == .none {
      return controlC(state: state, context: context)
    }
    if let pending = state.approvals.pending.first, state.ui.overlay == .none {
      return approval(press, pending: pending, state: state)
    }
    switch state.ui.overlay {
    case .none: break
    case .transcript, .backtrack:
      return transcriptOverlay(press, state: state, context: context)
    case .shortcuts:
      // Any key closes the help; `?` only closes it.
      var intents = [
        WorkstationIntent.record(.changeOverlay(OverlayChanged(overlay: .none, query: "")))
      ]
      if press.key != .character("?") {
        intents += route(
          press, state: withOverlay(state, .none), context: context, escapeWasArmed: false)
      }
      return intents
    case .status:
      return [.record(.changeOverlay(OverlayChanged(overlay: .none, query: "")))]
    case .modelPicker, .effortPicker, .permissionsPicker:
      return picker(press, state: state, context: context)
    case .resumePicker, .forkPicker:
      return sessionPicker(press, state: state, context: context)
    case .timeline:
      return [.record(.changeOverlay(OverlayChanged(overlay: .none, query: "")))]
    }
    if state.ui.paletteQuery != nil, let intents = slashPopup(press, state: state, context: context)
    {
      return intents
    }
    return composerKey(press, state: state, context: context, escapeWasArmed: escapeWasArmed)
  }

  // MARK: - The composer

  private mutating func composerKey(
    _ press: KeyPress, state: SessionState, context: WorkstationContext, escapeWasArmed: Bool
  ) -> [WorkstationIntent] {
    let control = press.modifiers.contains(.control)
    switch press.key {
    case .enter where press.modifiers.contains(.shift) || press.modifiers.contains(.alt):
      return edit(state: state) { $0.apply(.insertNewline) }
    case .enter:
      if burst.enterIsPartOfPaste(at: context.now) {
        return edit(state: state) { $0.apply(.insertNewline) }
      }
      return submit(state: state, context: context)
    case .tab where !press.modifiers.contains(.shift):
      // Codex: Tab queues the message while a turn runs, and sends it otherwise.
      return submit(state: state, context: context)
    case .character("j") where control:
      return edit(state: state) { $0.apply(.insertNewline) }
    case .character("d") where control:
      return composer.isEmpty ? [.quit] : edit(state: state) { $0.apply(.deleteForward) }
    case .character("t") where control:
      return [.record(.changeOverlay(OverlayChanged(overlay: .transcript, query: "")))]
        + [.record(.scrollTranscript(TranscriptScrolled(linesFromBottom: 0)))]
    case .function(2):
      return [.openTimeline]
    case .escape:
      if context.turnRunning { return [.interrupt] }
      if escapeWasArmed {
        return [
          .record(.changeOverlay(OverlayChanged(overlay: .backtrack, query: ""))),
          .record(.scrollTranscript(TranscriptScrolled(linesFromBottom: 0))),
        ]
      }
      if !Self.userPrompts(state).isEmpty {
        escapeArmed = true
        hint = .escAgainToEditPrevious
      }
      return []
    case .character("?") where composer.isEmpty && press.modifiers.isEmpty:
      return [.record(.changeOverlay(OverlayChanged(overlay: .shortcuts, query: "")))]
    case .up where composer.isCursorOnFirstLine:
      var walk = history
      var buffer = composer
      guard walk.moveUp(&buffer) else { return [] }
      history = walk
      return edit(state: state) { edited in
        edited = buffer
        return true
      }
    case .down where composer.isCursorOnLastLine:
      var walk = history
      var buffer = composer
      guard walk.moveDown(&buffer) else { return [] }
      history = walk
      return edit(state: state) { edited in
        edited = buffer
        return true
      }
    default:
      guard let operation = ComposerKeymap.edit(for: press, composerIsEmpty: composer.isEmpty)
      else { return [] }
      // Only typed characters make a burst; any other key ends it (a user who moved the
      // cursor is not pasting).
      if case .insert = operation {
        burst.noteCharacter(at: context.now)
      } else {
        burst.reset()
      }
      return edit(state: state) { $0.apply(operation) }
    }
  }

  private mutating func controlC(state: SessionState, context: WorkstationContext)
    -> [WorkstationIntent]
  {
    if context.turnRunning { return [.interrupt] }
    if !composer.isEmpty {
      return edit(state: state) { buffer in
        buffer.clear()
        return true
      }
    }
    return [.quit]
  }

  private mutating func submit(state: SessionState, context: WorkstationContext)
    -> [WorkstationIntent]
  {
    let text = composer.text
    guard !text.trimmingWhitespace().isEmpty else { return [] }
    if text.hasPrefix("/"), let intents = slashCommandLine(text, state: state) {
      return intents
    }
    history.record(text)
    var intents = edit(state: state) { buffer in
      buffer.clear()
      return true
    }
    if context.turnRunning {
      queuedPrompts.append(text)
      hint = .text("queued: sent when the turn ends")
    } else {
      intents.append(.submit(text))
    }
    return intents
  }

  /// Applies `change` to the composer and logs the result when text or cursor moved, with
  /// the slash popup opened, filtered or closed to follow the text.
  private mutating func edit(
    state: SessionState, _ change: (inout ComposerBuffer) -> Bool
  ) -> [WorkstationIntent] {
    var buffer = composer
    guard change(&buffer) else { return [] }
    composer = buffer
    var intents: [WorkstationIntent] = []
    let text = buffer.text
    let cursor = UInt32(clamping: buffer.cursor)
    if text != state.ui.composerText || cursor != state.ui.composerCursor {
      intents.append(.record(.editComposer(EditComposer(text: text, cursor: cursor))))
    }
    let query = Self.popupQuery(text)
    if query != state.ui.paletteQuery {
      if let query {
        intents.append(.record(.openPalette(PaletteOpened(query: query))))
      } else {
        intents.append(.record(.closePalette))
      }
    }
    return intents
  }

  /// The slash popup's query for a composer text: the text after `/` while it is one word.
  public static func popupQuery(_ text: String) -> String? {
    guard text.hasPrefix("/"), !text.contains(where: { $0 == " " || $0 == "\n" }) else {
      return nil
    }
    return String(text.dropFirst())
  }

  // MARK: - Slash commands

  private mutating func slashPopup(
    _ press: KeyPress, state: SessionState, context: WorkstationContext
  ) -> [WorkstationIntent]? {
    let matches = SlashCommand.matching(state.ui.paletteQuery ?? "")
    let selection = matches.isEmpty ? 0 : Int(state.ui.selection) % matches.count
    switch press.key {
    case .up, .down:
      guard !matches.isEmpty else { return [] }
      let step = press.key == .up ? matches.count - 1 : 1
      return [
        .record(.moveSelection(SelectionMoved(index: UInt32((selection + step) % matches.count))))
      ]
    case .escape:
      return [.record(.closePalette)]
    case .tab:
      guard selection < matches.count else { return [] }
      let completed = matches[selection].command + " "
      return edit(state: state) { buffer in
        buffer.setText(completed)
        return true
      }
    case .enter:
      guard selection < matches.count else { return nil }
      let name = state.ui.paletteQuery ?? ""
      let chosen = SlashCommand.named(name) ?? matches[selection]
      return run(chosen, argument: "", state: state)
    default:
      return nil
    }
  }

  /// A submitted `/name argument` line: the command's intents, or nil for text that is
  /// not a command line.
  private mutating func slashCommandLine(_ text: String, state: SessionState)
    -> [WorkstationIntent]?
  {
    let body = text.dropFirst()
    let name = String(body.prefix { $0 != " " && $0 != "\n" })
    guard !name.isEmpty else { return nil }
    let argument = String(body.dropFirst(name.count)).trimmingWhitespace()
    // `/quit` runs as `/exit` (docs/TUI.md); the popup lists only `/exit`, as Codex does.
    guard let command = SlashCommand.named(name == "quit" ? "exit" : name) else {
      hint = .text(
        "Unrecognized command '/\(name)'. Type \"/\" for a list of supported commands.")
      return []
    }
    return run(command, argument: argument, state: state)
  }

  /// The slash commands Cairn runs; the others say so and leave the text in place.
  public static let supportedSlashCommands: Set<String> = [
    "model", "permissions", "new", "resume", "fork", "compact", "diff", "mention", "status",
    "exit", "quit", "rename", "clear",
  ]

  private mutating func run(_ command: SlashCommand, argument: String, state: SessionState)
    -> [WorkstationIntent]
  {
    guard Self.supportedSlashCommands.contains(command.name) else {
      hint = .text("\(command.command) is not supported yet in Cairn")
      return []
    }
    var intents = edit(state: state) { buffer in
      buffer.clear()
      return true
    }
    func open(_ overlay: Overlay) -> WorkstationIntent {
      .record(.changeOverlay(OverlayChanged(overlay: overlay, query: "")))
    }
    switch command.name {
    case "model": intents.append(open(.modelPicker))
    case "permissions": intents.append(open(.permissionsPicker))
    case "status": intents.append(open(.status))
    case "resume": intents.append(open(.resumePicker))
    case "exit", "quit": intents.append(.quit)
    case "mention":
      intents += edit(state: withComposer(state, intents)) { buffer in
        buffer.apply(.insert("@"))
      }
    default: intents.append(.slashCommand(name: command.name, argument: argument))
    }
    return intents
  }

  // MARK: - Approvals

  private mutating func approval(_ press: KeyPress, pending: PendingApproval, state: SessionState)
    -> [WorkstationIntent]
  {
    let model = ApprovalPromptModel(pending, run: Self.run(pending.callID, state))
    let options = ApprovalPrompt.options(for: model)
    guard !options.isEmpty else { return [] }
    let selection = min(Int(state.ui.selection), options.count - 1)
    switch press.key {
    case .up, .down:
      let step = press.key == .up ? options.count - 1 : 1
      return [
        .record(.moveSelection(SelectionMoved(index: UInt32((selection + step) % options.count))))
      ]
    case .enter:
      return decided(pending, options[selection].decision)
    case .escape:
      return decided(pending, options.last?.decision ?? .aborted)
    case .character(let character):
      guard let option = options.first(where: { $0.shortcut == character }) else { return [] }
      return decided(pending, option.decision)
    default:
      return []
    }
  }

  private func decided(_ pending: PendingApproval, _ decision: ApprovalDecision)
    -> [WorkstationIntent]
  {
    [.decide(pending.callID, decision), .record(.moveSelection(SelectionMoved(index: 0)))]
  }

  static func run(_ callID: CallID, _ state: SessionState) -> ToolRun? {
    state.tools.active.first { $0.callID == callID }
      ?? state.tools.finished.last { $0.callID == callID }
  }

  // MARK: - Overlays

  private mutating func transcriptOverlay(
    _ press: KeyPress, state: SessionState, context: WorkstationContext
  ) -> [WorkstationIntent] {
    let size = context.overlaySize
    let page = TranscriptOverlay.pageRows(size: size)
    let current = Int(state.ui.linesFromBottom)
    func scroll(_ delta: Int) -> [WorkstationIntent] {
      let target = TranscriptOverlay.scrolled(
        linesFromBottom: current, by: delta, totalLines: context.transcriptLines, size: size)
      guard target != current else { return [] }
      return [.record(.scrollTranscript(TranscriptScrolled(linesFromBottom: UInt32(target))))]
    }
    switch press.key {
    case .up: return scroll(1)
    case .down: return scroll(-1)
    case .pageUp,
      .character(" ") where press.modifiers.contains(.shift):
      return scroll(page)
    case .pageDown, .character(" "): return scroll(-page)
    case .home: return scroll(Int.max)
    case .end: return scroll(Int.min)
    case .character("q"), .escape,
      .character("t") where press.modifiers.contains(.control):
      return [
        .record(.changeOverlay(OverlayChanged(overlay: .none, query: ""))),
        .record(.scrollTranscript(TranscriptScrolled(linesFromBottom: 0))),
      ]
    case .enter where state.ui.overlay == .backtrack:
      // Edit the last prompt again: it comes back into the composer.
      guard let last = Self.userPrompts(state).last else { return [] }
      // The buffer the next key edits holds it too, not the draft from before.
      composer = ComposerBuffer(text: last, cursor: last.utf8.count)
      var intents: [WorkstationIntent] = [
        .record(.changeOverlay(OverlayChanged(overlay: .none, query: "")))
      ]
      intents.append(
        .record(.editComposer(EditComposer(text: last, cursor: UInt32(last.utf8.count)))))
      return intents
    default: return []
    }
  }

  private func picker(_ press: KeyPress, state: SessionState, context: WorkstationContext)
    -> [WorkstationIntent]
  {
    let count: Int
    switch state.ui.overlay {
    case .modelPicker: count = context.models.count
    case .effortPicker: count = ReasoningEffortPicker.choices.count
    default: count = PermissionPreset.allCases.count
    }
    let selection = count == 0 ? 0 : min(Int(state.ui.selection), count - 1)
    let close = WorkstationIntent.record(.changeOverlay(OverlayChanged(overlay: .none, query: "")))
    switch press.key {
    case .up, .down:
      guard count > 0 else { return [] }
      let step = press.key == .up ? count - 1 : 1
      return [.record(.moveSelection(SelectionMoved(index: UInt32((selection + step) % count))))]
    case .escape:
      if state.ui.overlay == .effortPicker {
        return [.record(.changeOverlay(OverlayChanged(overlay: .modelPicker, query: "")))]
      }
      return [close]
    case .character(let digit) where digit.isWholeNumber:
      guard let number = digit.wholeNumberValue, number >= 1, number <= count else { return [] }
      return choose(number - 1, state: state, context: context)
    case .enter:
      guard count > 0 else { return [close] }
      return choose(selection, state: state, context: context)
    default:
      return []
    }
  }

  private func choose(_ index: Int, state: SessionState, context: WorkstationContext)
    -> [WorkstationIntent]
  {
    let close = WorkstationIntent.record(.changeOverlay(OverlayChanged(overlay: .none, query: "")))
    switch state.ui.overlay {
    case .modelPicker:
      guard index < context.models.count else { return [close] }
      // The effort step remembers the chosen model in its query.
      return [
        .record(
          .changeOverlay(OverlayChanged(overlay: .effortPicker, query: context.models[index].slug))
        ),
        .record(
          .moveSelection(
            SelectionMoved(
              index: UInt32(
                ReasoningEffortPicker.initialSelection(current: state.session?.reasoningEffort))))),
      ]
    case .effortPicker:
      let choice = ReasoningEffortPicker.choices[
        min(index, ReasoningEffortPicker.choices.count - 1)]
      let model = state.ui.overlayQuery.isEmpty ? nil : state.ui.overlayQuery
      return [
        close,
        .changeSettings(
          SettingsChanged(
            model: model, reasoningEffort: choice.value, approvalPolicy: nil, sandboxMode: nil,
            cwd: nil)),
      ]
    default:
      let preset = PermissionPreset.allCases[min(index, PermissionPreset.allCases.count - 1)]
      return [
        close,
        .changeSettings(
          SettingsChanged(
            model: nil, reasoningEffort: nil, approvalPolicy: preset.approvalPolicy,
            sandboxMode: preset.sandboxMode, cwd: nil)),
      ]
    }
  }

  private mutating func sessionPicker(
    _ press: KeyPress, state: SessionState, context: WorkstationContext
  ) -> [WorkstationIntent] {
    let overlay = state.ui.overlay
    let query = state.ui.overlayQuery
    let rows = SessionPicker.arrange(
      context.pickerRows, query: query, sort: pickerSort, filter: pickerFilter,
      cwd: state.session?.cwd ?? context.cwd)
    let selection = rows.isEmpty ? 0 : min(Int(state.ui.selection), rows.count - 1)
    func search(_ text: String) -> [WorkstationIntent] {
      [.record(.changeOverlay(OverlayChanged(overlay: overlay, query: text)))]
        + (state.ui.selection == 0 ? [] : [.record(.moveSelection(SelectionMoved(index: 0)))])
    }
    switch press.key {
    case .up, .down:
      guard !rows.isEmpty else { return [] }
      let next = press.key == .up ? max(selection - 1, 0) : min(selection + 1, rows.count - 1)
      return next == selection ? [] : [.record(.moveSelection(SelectionMoved(index: UInt32(next))))]
    case .enter:
      guard selection < rows.count else { return [] }
      return [
        .record(.changeOverlay(OverlayChanged(overlay: .none, query: ""))),
        .openSession(id: rows[selection].id, fork: overlay == .forkPicker),
      ]
    case .escape:
      return [.record(.changeOverlay(OverlayChanged(overlay: .none, query: "")))]
    case .tab:
      pickerFocus = pickerFocus == .filter ? .sort : .filter
      return []
    case .left, .right:
      if pickerFocus == .filter {
        pickerFilter = pickerFilter == .cwd ? .all : .cwd
      } else {
        pickerSort = pickerSort == .updated ? .created : .updated
      }
      return state.ui.selection == 0 ? [] : [.record(.moveSelection(SelectionMoved(index: 0)))]
    case .backspace:
      guard !query.isEmpty else { return [] }
      return search(String(query.dropLast()))
    case .character(let character) where press.modifiers.subtracting(.shift).isEmpty:
      return search(query + String(character))
    default:
      return []
    }
  }

  // MARK: - Helpers

  private func withOverlay(_ state: SessionState, _ overlay: Overlay) -> SessionState {
    var copy = state
    copy.ui.overlay = overlay
    return copy
  }

  /// The state as the UI facts in `intents` leave it (for a second edit in one key).
  private func withComposer(_ state: SessionState, _ intents: [WorkstationIntent]) -> SessionState {
    var copy = state
    for intent in intents {
      if case .record(.editComposer(let edit)) = intent {
        copy.ui.composerText = edit.text
        copy.ui.composerCursor = edit.cursor
      }
      if case .record(.closePalette) = intent { copy.ui.paletteQuery = nil }
      if case .record(.openPalette(let open)) = intent { copy.ui.paletteQuery = open.query }
    }
    return copy
  }
}

extension String {
  func trimmingWhitespace() -> String {
    let scalars = unicodeScalars
    guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
      let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
    else { return "" }
    return String(scalars[first...last])
  }
}
