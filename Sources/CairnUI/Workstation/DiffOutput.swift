/// What `/diff` prints into the history, as Codex shows it: `/diff` in magenta, then the
/// working tree's `git diff` (untracked files included) with added lines green, removed
/// lines red, hunk headers cyan and file headers bold; or why there is nothing to show.
///
/// ```text
/// /diff
/// diff --git a/README.md b/README.md
/// @@ -1 +1 @@
/// -old
/// +new
/// ```
public enum DiffOutput {
  /// Where `/diff` ran: in a repository with this diff text (empty: no changes), or not in
  /// one.
  public enum Result: Hashable, Sendable {
    case diff(String)
    case notARepository
  }

  public static let noChanges = "No changes detected."
  public static let notARepository = "`/diff` — not inside a git repository"

  /// The lines, unwrapped (the scrollback wraps them at the terminal's width).
  public static func lines(_ result: Result) -> [StyledLine] {
    var lines = [StyledLine("/diff", Style().foreground(.magenta))]
    switch result {
    case .notARepository:
      lines.append(StyledLine(notARepository, .italic))
    case .diff(let text) where text.allSatisfy(\.isWhitespace):
      lines.append(StyledLine(noChanges, .italic))
    case .diff(let text):
      var body = Substring(text)
      if body.hasSuffix("\n") { body = body.dropLast() }
      for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
        lines.append(styled(String(line)))
      }
    }
    return lines
  }

  static func styled(_ line: String) -> StyledLine {
    // Tabs would move the terminal's cursor past cells the frame does not know about.
    let text = line.replacing("\t", with: "    ")
    if text.hasPrefix("diff --git") || text.hasPrefix("+++") || text.hasPrefix("---")
      || text.hasPrefix("index ") || text.hasPrefix("new file mode")
      || text.hasPrefix("deleted file mode")
    {
      return StyledLine(text, .bold)
    }
    if text.hasPrefix("@@") { return StyledLine(text, Style().foreground(.cyan)) }
    if text.hasPrefix("+") { return StyledLine(text, Style().foreground(.green)) }
    if text.hasPrefix("-") { return StyledLine(text, Style().foreground(.red)) }
    return StyledLine(text)
  }
}
