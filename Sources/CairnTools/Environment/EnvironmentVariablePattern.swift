/// A glob over environment variable names, matched without regard to ASCII case, as
/// Codex's `shell_environment_policy` patterns are: `*` matches any run of characters
/// (none included), `?` exactly one, anything else itself.
///
/// ```swift
/// EnvironmentVariablePattern("*key*").matches("OPENAI_API_KEY")  // true
/// EnvironmentVariablePattern("AWS_?").matches("AWS_REGION")      // false
/// ```
public struct EnvironmentVariablePattern: Sendable, Equatable, Hashable,
  CustomStringConvertible
{
  /// The pattern as written in the config.
  public let pattern: String
  private let folded: [UInt8]

  public init(_ pattern: String) {
    self.pattern = pattern
    self.folded = Self.fold(pattern)
  }

  public var description: String { pattern }

  public func matches(_ name: String) -> Bool {
    Self.match(folded[...], Self.fold(name)[...])
  }

  private static func fold(_ text: String) -> [UInt8] {
    text.utf8.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
  }

  /// Iterative glob matching with one backtrack point (the last `*`), linear in practice
  /// and never exponential.
  private static func match(_ pattern: ArraySlice<UInt8>, _ name: ArraySlice<UInt8>) -> Bool {
    let star = UInt8(ascii: "*")
    let question = UInt8(ascii: "?")
    var patternIndex = pattern.startIndex
    var nameIndex = name.startIndex
    var starIndex: Int?
    var starNameIndex = name.startIndex
    while nameIndex < name.endIndex {
      if patternIndex < pattern.endIndex,
        pattern[patternIndex] == question || pattern[patternIndex] == name[nameIndex]
      {
        patternIndex += 1
        nameIndex += 1
      } else if patternIndex < pattern.endIndex, pattern[patternIndex] == star {
        starIndex = patternIndex
        starNameIndex = nameIndex
        patternIndex += 1
      } else if let star = starIndex {
        patternIndex = star + 1
        starNameIndex += 1
        nameIndex = starNameIndex
      } else {
        return false
      }
    }
    while patternIndex < pattern.endIndex && pattern[patternIndex] == star { patternIndex += 1 }
    return patternIndex == pattern.endIndex
  }
}
