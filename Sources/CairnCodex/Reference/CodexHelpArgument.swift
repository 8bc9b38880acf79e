/// One argument a Codex help page lists: an option or flag (`-m, --model <MODEL>`) or a
/// positional (`[PROMPT]`, `<COMMAND>...`).
public struct CodexHelpArgument: Hashable, Sendable {
  public enum Kind: Hashable, Sendable {
    /// `--name <VALUE>` or `--name`: takes a value when `valueName` is set.
    case option
    /// `<NAME>` (required) or `[NAME]` (optional), `...` when repeating.
    case positional
  }

  public var kind: Kind
  /// The long name without dashes (`"model"`), if any.
  public var long: String?
  /// The short name without the dash (`"m"`), if any.
  public var short: Character?
  /// The value placeholder (`"MODEL"`), or the positional's name (`"PROMPT"`).
  public var valueName: String?
  public var isOptional: Bool
  public var isRepeating: Bool

  public init(
    kind: Kind, long: String? = nil, short: Character? = nil, valueName: String? = nil,
    isOptional: Bool = true, isRepeating: Bool = false
  ) {
    self.kind = kind
    self.long = long
    self.short = short
    self.valueName = valueName
    self.isOptional = isOptional
    self.isRepeating = isRepeating
  }

  /// The identity used to match an argument across Codex and Cairn: `--model` for options
  /// with a long name, `-r` for short-only ones, `<PROMPT>` for positionals (upper case,
  /// `-` as `_`).
  public var key: String {
    switch kind {
    case .option:
      if let long { return "--" + long }
      if let short { return "-" + String(short) }
      return "--"
    case .positional:
      return "<" + Self.normalizedPositionalName(valueName ?? "") + ">"
    }
  }

  /// How the argument reads in a help page: `-m, --model <MODEL>`, `[PROMPT]`.
  public var display: String {
    switch kind {
    case .option:
      var parts: [String] = []
      if let short { parts.append("-" + String(short)) }
      if let long { parts.append("--" + long) }
      var text = parts.joined(separator: ", ")
      if let valueName { text += " <\(valueName)>" }
      return text
    case .positional:
      let name = valueName ?? ""
      let bracketed = isOptional ? "[\(name)]" : "<\(name)>"
      return isRepeating ? bracketed + "..." : bracketed
    }
  }

  /// `session-id`, `sessionId` and `SESSION_ID` are one name.
  public static func normalizedPositionalName(_ name: String) -> String {
    var out = ""
    var previousWasLower = false
    for character in name {
      if character == "-" || character == "_" || character == " " {
        out.append("_")
        previousWasLower = false
      } else if character.isUppercase && previousWasLower {
        out.append("_")
        out.append(character)
        previousWasLower = false
      } else {
        out.append(contentsOf: character.uppercased())
        previousWasLower = character.isLowercase || character.isNumber
      }
    }
    return out
  }
}
