/// Reads the help pages clap prints for Codex (`codex … --help`, long form) into
/// `CodexHelpPage`s.
///
/// A page may start with the two lines `cairn reference capture` writes in front of it
/// (`$ codex mcp add --help` and `# rc=0`). After that, clap's layout: a description, a
/// `Usage:` line, then sections (`Commands:`, `Arguments:`, `Options:`, custom headings)
/// whose entries are indented two spaces (six for a long-only option) and whose
/// descriptions are indented further or follow after two spaces on the same line.
public enum CodexHelpParser {
  /// Parses `text` as the help page of `path`.
  public static func parse(_ text: String, path: CodexCommandPath) -> CodexHelpPage {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var recordedExitStatus: Int?
    if let first = lines.first, first.hasPrefix("$ ") { lines.removeFirst() }
    if let first = lines.first, first.hasPrefix("# rc=") {
      recordedExitStatus = Int(first.dropFirst("# rc=".count))
      lines.removeFirst()
    }

    var summary = ""
    var section: String?
    var subcommands: [String] = []
    var arguments: [CodexHelpArgument] = []
    for line in lines {
      let indent = line.prefix { $0 == " " }.count
      let content = line.dropFirst(indent)
      if content.isEmpty { continue }
      if indent == 0 {
        if content.hasSuffix(":") && !content.contains(" ") {
          section = String(content.dropLast())
        } else if section == nil && summary.isEmpty && !content.hasPrefix("Usage:") {
          summary = String(content)
        }
        continue
      }
      guard let section, indent <= 6 else { continue }
      let entry = entryText(content)
      switch section {
      case "Commands":
        if indent == 2, let name = entry.split(separator: " ").first, name != "help" {
          subcommands.append(String(name))
        }
      case "Arguments" where entry.hasPrefix("<") || entry.hasPrefix("["):
        arguments.append(positional(entry))
      default:
        if entry.hasPrefix("-"), let option = option(entry), option.long != "help" {
          arguments.append(option)
        }
      }
    }
    return CodexHelpPage(
      path: path, summary: summary, subcommands: subcommands, arguments: arguments,
      recordedExitStatus: recordedExitStatus)
  }

  /// The entry part of a line: everything before a run of two spaces (the short help form
  /// puts the description on the same line).
  static func entryText(_ content: Substring) -> String {
    if let gap = content.range(of: "  ") { return String(content[..<gap.lowerBound]) }
    return String(content)
  }

  /// `<NAME>`, `[PROMPT]`, `[COMMAND]...`, `<PLUGIN[@MARKETPLACE]>`.
  static func positional(_ entry: String) -> CodexHelpArgument {
    var text = Substring(entry)
    let isRepeating = text.hasSuffix("...")
    if isRepeating { text = text.dropLast(3) }
    let isOptional = text.hasPrefix("[")
    let name = String(text.dropFirst().dropLast())
    return CodexHelpArgument(
      kind: .positional, valueName: name, isOptional: isOptional, isRepeating: isRepeating)
  }

  /// `-c, --config <key=value>`, `--oss`, `-i, --image <FILE>...`, `-r <PATH>`.
  static func option(_ entry: String) -> CodexHelpArgument? {
    var argument = CodexHelpArgument(kind: .option)
    for token in entry.split(whereSeparator: { $0 == " " || $0 == "," }) {
      if token.hasPrefix("--") {
        // `--color[=<COLOR>]` names an optional value after the name.
        let name = token.dropFirst(2).prefix { $0 != "[" && $0 != "=" }
        argument.long = String(name)
        if let open = token.firstIndex(of: "<"), let close = token.lastIndex(of: ">") {
          argument.valueName = String(token[token.index(after: open)..<close])
        }
      } else if token.hasPrefix("-"), token.count == 2 {
        argument.short = token.last
      } else if token.hasPrefix("<") {
        var value = token
        if value.hasSuffix("...") {
          argument.isRepeating = true
          value = value.dropLast(3)
        }
        argument.valueName = String(value.dropFirst().dropLast())
      }
    }
    guard argument.long != nil || argument.short != nil else { return nil }
    return argument
  }
}
