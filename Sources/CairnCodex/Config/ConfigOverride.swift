import CairnCore

/// One `-c key=value` override: a dotted key path and a TOML value.
///
/// Like Codex, the text is split at the first `=`; both sides are trimmed; the value is
/// parsed as a TOML value and, when it is not one, taken as a raw string
/// (`-c model=o3` sets the string `o3`). Keys may quote segments
/// (`-c 'projects."/home/me/x".trust_level=trusted'`), which Codex 0.147 does not: it
/// splits the key at every dot.
public struct ConfigOverride: Equatable, Sendable {
  public var path: ConfigKeyPath
  public var value: ConfigValue
  /// Whether the value was not TOML and is the raw text.
  public var isRawString: Bool

  public init(path: ConfigKeyPath, value: ConfigValue, isRawString: Bool = false) {
    self.path = path
    self.value = value
    self.isRawString = isRawString
  }

  /// Parses one `-c` argument.
  public static func parse(_ argument: String) throws(ConfigError) -> ConfigOverride {
    guard let equals = argument.firstIndex(of: "=") else {
      throw .badOverride(argument: argumentForMessage(argument), message: "missing `=`")
    }
    let keyText = argument[..<equals].trimmingSpaces
    let valueText = argument[argument.index(after: equals)...].trimmingSpaces
    guard !keyText.isEmpty else {
      throw .badOverride(argument: argumentForMessage(argument), message: "empty key")
    }
    let path = try parseKeyPath(keyText, argument: argument)
    if let value = TOMLParser.parseValue(valueText) {
      return ConfigOverride(path: path, value: value)
    }
    return ConfigOverride(path: path, value: .string(valueText), isRawString: true)
  }

  /// Splits a dotted key into segments; a segment may be a basic (`"…"`) or literal
  /// (`'…'`) string holding dots.
  public static func parseKeyPath(_ text: String, argument: String? = nil) throws(ConfigError)
    -> ConfigKeyPath
  {
    let shown = argumentForMessage(argument ?? text)
    var segments: [String] = []
    var current = ""
    var quote: Character?
    var quoted = false
    var escaped = false
    for character in text {
      if let open = quote {
        if escaped {
          current.append(unescape(character))
          escaped = false
        } else if character == "\\" && open == "\"" {
          escaped = true
        } else if character == open {
          quote = nil
        } else {
          current.append(character)
        }
        continue
      }
      switch character {
      case "\"", "'":
        guard current.trimmingSpaces.isEmpty else {
          throw .badOverride(argument: shown, message: "a quote inside a key segment")
        }
        current = ""
        quote = character
        quoted = true
      case ".":
        let segment = quoted ? current : current.trimmingSpaces
        guard quoted || !segment.isEmpty else {
          throw .badOverride(argument: shown, message: "empty key segment")
        }
        segments.append(segment)
        current = ""
        quoted = false
      default:
        if quoted && character != " " && character != "\t" {
          throw .badOverride(argument: shown, message: "text after a quoted key segment")
        }
        if !quoted { current.append(character) }
      }
    }
    guard quote == nil else {
      throw .badOverride(argument: shown, message: "unterminated quote in the key")
    }
    let segment = quoted ? current : current.trimmingSpaces
    guard quoted || !segment.isEmpty else {
      throw .badOverride(argument: shown, message: "empty key segment")
    }
    segments.append(segment)
    return ConfigKeyPath(segments)
  }

  private static func unescape(_ character: Character) -> Character {
    switch character {
    case "n": "\n"
    case "t": "\t"
    case "r": "\r"
    default: character
    }
  }

  /// The argument as an error message may show it: only the key, since the value may be a
  /// secret (`-c model_providers.x.experimental_bearer_token=…`).
  static func argumentForMessage(_ argument: String) -> String {
    guard let equals = argument.firstIndex(of: "=") else {
      let shown = argument.count > 80 ? String(argument.prefix(80)) + "…" : argument
      return SecretRedactor().redact(shown).text
    }
    return String(argument[..<equals]) + "=…"
  }
}

extension StringProtocol {
  var trimmingSpaces: String {
    var scalars = Substring(self).unicodeScalars[...]
    while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
    while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
    return String(String.UnicodeScalarView(scalars))
  }
}
