/// One command of Cairn's own tree, as `cairn parity` sees it: the arguments it accepts
/// at its path and its declared parity. Built at run time from the argument parser's
/// description of the tree, never kept by hand.
public struct CairnCommandSurface: Sendable {
  public var path: CodexCommandPath
  /// The command's declared status, or nil for a Cairn command that declares none (a
  /// Cairn-only command such as `session`).
  public var parity: CodexParity?
  /// Per-argument exceptions to `parity`, keyed by `CodexHelpArgument.key`.
  public var argumentParity: [String: CodexParity]
  /// Every argument accepted at this path: the command's own, those of a hidden default
  /// subcommand that runs in its place, and the options of its ancestors (the argument
  /// parser accepts a parent's options anywhere after the parent's name).
  public var arguments: [CodexHelpArgument]
  public var isHidden: Bool

  public init(
    path: CodexCommandPath, parity: CodexParity?, argumentParity: [String: CodexParity],
    arguments: [CodexHelpArgument], isHidden: Bool
  ) {
    self.path = path
    self.parity = parity
    self.argumentParity = argumentParity
    self.arguments = arguments
    self.isHidden = isHidden
  }
}
