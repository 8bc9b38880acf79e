/// A slash command of the composer's popup: its name (without `/`) and what it does, in
/// Codex's popup order (`SlashCommand.all`, 44 commands).
public struct SlashCommand: Hashable, Sendable {
  public var name: String
  public var description: String

  public init(_ name: String, _ description: String) {
    self.name = name
    self.description = description
  }

  /// `/name`.
  public var command: String { "/" + name }

  /// Every command, in the order the popup lists them.
  public static let all: [SlashCommand] = [
    SlashCommand("model", "choose what model and reasoning effort to use"),
    SlashCommand("fast", "1.5x speed, increased usage"),
    SlashCommand("ide", "include current selection, open files, and other context from your IDE"),
    SlashCommand("permissions", "choose what Codex is allowed to do"),
    SlashCommand("keymap", "remap TUI shortcuts"),
    SlashCommand("vim", "toggle Vim mode for the composer"),
    SlashCommand("experimental", "toggle experimental features"),
    SlashCommand("approve", "approve one retry of a recent auto-review denial"),
    SlashCommand("memories", "configure memory use and generation"),
    SlashCommand("skills", "use skills to improve how Codex performs specific tasks"),
    SlashCommand("import", "import setup, this project, and recent chats from Claude Code"),
    SlashCommand("hooks", "view and manage lifecycle hooks"),
    SlashCommand("review", "review my current changes and find issues"),
    SlashCommand("rename", "rename the current thread"),
    SlashCommand("new", "start a new chat during a conversation"),
    SlashCommand("archive", "archive this session and exit"),
    SlashCommand("delete", "permanently delete this session and exit"),
    SlashCommand("resume", "resume a saved chat"),
    SlashCommand("fork", "fork the current chat"),
    SlashCommand("init", "create an AGENTS.md file with instructions for Codex"),
    SlashCommand("compact", "summarize conversation to prevent hitting the context limit"),
    SlashCommand("plan", "switch to Plan mode"),
    SlashCommand("goal", "set or view the goal for a long-running task"),
    SlashCommand("agent", "switch the active agent thread"),
    SlashCommand("side", "start a side conversation in an ephemeral fork"),
    SlashCommand("copy", "copy last response as markdown"),
    SlashCommand("raw", "toggle raw scrollback mode for copy-friendly terminal selection"),
    SlashCommand("diff", "show git diff (including untracked files)"),
    SlashCommand("mention", "mention a file"),
    SlashCommand("status", "show current session configuration and token usage"),
    SlashCommand("title", "configure which items appear in the terminal title"),
    SlashCommand("statusline", "configure which items appear in the status line"),
    SlashCommand("theme", "choose a syntax highlighting theme"),
    SlashCommand("pets", "choose or hide the terminal pet"),
    SlashCommand("mcp", "list configured MCP tools; use /mcp verbose for details"),
    SlashCommand("plugins", "browse plugins"),
    SlashCommand("logout", "log out of Codex"),
    SlashCommand("exit", "exit Codex"),
    SlashCommand("feedback", "send logs to maintainers"),
    SlashCommand("ps", "list background terminals"),
    SlashCommand("stop", "stop all background terminals"),
    SlashCommand("clear", "clear the terminal and start a new chat"),
    SlashCommand("personality", "choose a communication style for Codex"),
    SlashCommand("subagents", "switch the active agent thread"),
  ]

  /// The command named exactly `name` (with or without the `/`), if any.
  public static func named(_ name: String) -> SlashCommand? {
    let key = normalized(name)
    return all.first { $0.name == key }
  }

  /// The commands the popup lists for `query` (the composer's first word, with or without
  /// its `/`): all of them for an empty query; otherwise an exact match first, then the
  /// other commands that start with the query, in popup order. Codex 0.147 filters by
  /// prefix only: `/ap` leaves just `/approve` (not `/keymap`, which merely contains `ap`).
  /// Case-insensitive.
  public static func matching(_ query: String) -> [SlashCommand] {
    let key = normalized(query)
    guard !key.isEmpty else { return all }
    let exact = all.filter { $0.name == key }
    let prefixed = all.filter { $0.name != key && $0.name.hasPrefix(key) }
    return exact + prefixed
  }

  /// The popup's query for composer text: the first word after a leading `/` on the first
  /// line (`/model gpt` gives `model`); nil when the text does not start with `/`.
  public static func query(composerText text: String) -> String? {
    guard text.hasPrefix("/") else { return nil }
    let firstLine = text.prefix { $0 != "\n" }.dropFirst()
    return String(firstLine.prefix { $0 != " " && $0 != "\t" })
  }

  /// The history line for a command that does not exist:
  /// `• Unrecognized command '/approvals'. Type "/" for a list of supported commands.`
  /// (the bullet dim), wrapped with a 2-column indent.
  public static func unrecognizedLines(_ command: String, width: Int) -> [StyledLine] {
    let shown = command.hasPrefix("/") ? command : "/" + command
    let line = StyledLine([
      Span("• ", .dim),
      Span("Unrecognized command '\(shown)'. Type \"/\" for a list of supported commands."),
    ])
    return LineWrapping.wrap(line, width: width, indent: StyledLine("  "))
  }

  private static func normalized(_ text: String) -> String {
    var key = Substring(text)
    if key.hasPrefix("/") { key = key.dropFirst() }
    return key.lowercased()
  }
}
