import CairnCore

/// The approval prompt in the bottom pane, as Codex draws it:
///
/// ```text
///   Would you like to run the following command?      (bold)
///
///   Environment: local                                (local bold)
///
///   Reason: Do you want to run it outside the sandbox? (reason italic)
///
///   $ echo hi && pwd
///
/// › 1. Yes, proceed (y)                               (selected: bold cyan)
///   2. Yes, and don't ask again for `echo hi && pwd` this session (p)
///   3. No, and tell Cairn what to do differently (esc)
///
///   Press enter to confirm or esc to cancel           (dim)
/// ```
///
/// The patch variant asks `Would you like to make the following edits?`, has no
/// `Environment:` or `$` line, and its second option is `(a)` for these files. The lead maps
/// keys with `options(for:)`: a `shortcut` picks its option, Esc the one whose `keyLabel` is
/// `esc`, Enter the one at `selection`.
public enum ApprovalPrompt {
  public static func options(for model: ApprovalPromptModel) -> [ApprovalOption] {
    let second: ApprovalOption
    switch model.kind {
    case .exec(let command):
      second = ApprovalOption(
        // Cairn remembers the exact command for the session (ApprovalsProjection), so the
        // label promises no more than that; Codex's says "commands that start with".
        label: "Yes, and don't ask again for `\(command)` this session",
        shortcut: "p", keyLabel: "p", decision: .approvedForSession)
    case .patch:
      second = ApprovalOption(
        label: "Yes, and don't ask again for these files", shortcut: "a", keyLabel: "a",
        decision: .approvedForSession)
    }
    return [
      ApprovalOption(
        label: "Yes, proceed", shortcut: "y", keyLabel: "y", decision: .approvedOnce),
      second,
      ApprovalOption(
        label: "No, and tell \(PaneText.productName) what to do differently", shortcut: nil,
        keyLabel: "esc", decision: .aborted),
    ]
  }

  /// The prompt's lines; `selection` is the highlighted option (clamped).
  public static func lines(for model: ApprovalPromptModel, selection: Int, width: Int)
    -> [StyledLine]
  {
    let indent = StyledLine("  ")
    var lines: [StyledLine] = []
    switch model.kind {
    case .exec:
      lines += LineWrapping.wrap(
        StyledLine("  Would you like to run the following command?", .bold), width: width,
        indent: indent)
      lines.append(.empty)
      lines += LineWrapping.wrap(
        StyledLine([Span("  Environment: "), Span(model.environment, .bold)]), width: width,
        indent: indent)
    case .patch:
      lines += LineWrapping.wrap(
        StyledLine("  Would you like to make the following edits?", .bold), width: width,
        indent: indent)
    }
    if let reason = model.reason {
      lines.append(.empty)
      lines += LineWrapping.wrap(
        StyledLine([Span("  Reason: "), Span(reason, .italic)]), width: width, indent: indent)
    }
    if case .exec(let command) = model.kind {
      lines.append(.empty)
      for (index, commandLine) in command.split(separator: "\n", omittingEmptySubsequences: false)
        .enumerated()
      {
        lines += LineWrapping.wrap(
          StyledLine((index == 0 ? "  $ " : "    ") + commandLine), width: width,
          indent: StyledLine("    "))
      }
    }
    lines.append(.empty)
    let options = options(for: model)
    let selected = min(max(selection, 0), options.count - 1)
    for (index, option) in options.enumerated() {
      let text = "\(index + 1). \(option.label) (\(option.keyLabel))"
      if index == selected {
        lines += LineWrapping.wrap(
          StyledLine("› " + text, PaneText.selected), width: OptionRows.wrapColumns(width),
          indent: StyledLine("     ", PaneText.selected))
        continue
      }
      // Wrapped as one run so that `(p)` never breaks, then the key is dimmed.
      var wrapped = LineWrapping.wrap(
        StyledLine("  " + text), width: OptionRows.wrapColumns(width), indent: StyledLine("     "))
      let last = wrapped.removeLast().text
      let keyColumns = option.keyLabel.count + 1
      if last.hasSuffix("(\(option.keyLabel))") {
        var line = StyledLine(String(last.dropLast(keyColumns)))
        line.append(option.keyLabel, .dim)
        line.append(")")
        wrapped.append(line)
      } else {
        wrapped.append(StyledLine(last))
      }
      lines += wrapped
    }
    lines.append(.empty)
    lines.append(OptionRows.hint("Press enter to confirm or esc to cancel", width: width))
    return lines
  }
}
