/// A Codex command path: the subcommand names after `codex`, e.g. `["mcp", "add"]`; the
/// root command is the empty path.
public struct CodexCommandPath: Hashable, Comparable, Sendable, CustomStringConvertible {
  public var components: [String]

  public init(_ components: [String]) { self.components = components }

  public static let root = CodexCommandPath([])

  public var isRoot: Bool { components.isEmpty }

  /// The path as typed after the program name: `"mcp add"`, or `""` for the root.
  public var description: String { components.joined(separator: " ") }

  /// The command line that names this path for `program`: `"codex mcp add"`.
  public func commandLine(program: String) -> String {
    ([program] + components).joined(separator: " ")
  }

  public func appending(_ name: String) -> CodexCommandPath {
    CodexCommandPath(components + [name])
  }

  /// Orders the root first, then parents before their children, then by name, so a listing
  /// reads like the command tree.
  public static func < (lhs: CodexCommandPath, rhs: CodexCommandPath) -> Bool {
    lhs.components.lexicographicallyPrecedes(rhs.components)
  }
}
