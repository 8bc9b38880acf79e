/// Why a patch text does not parse. The descriptions are Codex's words, since the model
/// reads them after `apply_patch verification failed: `. Line numbers count the
/// `*** Begin Patch` line as 1 (inside a heredoc wrapper too, as Codex counts).
public enum PatchParseError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The envelope is wrong: no `*** Begin Patch` first, or no `*** End Patch` last.
  case invalidPatch(String)
  /// A file section or chunk is malformed at `line`.
  case invalidHunk(line: Int, message: String)

  public var description: String {
    switch self {
    case .invalidPatch(let message): return "invalid patch: \(message)"
    case .invalidHunk(let line, let message): return "invalid hunk at line \(line), \(message)"
    }
  }
}
