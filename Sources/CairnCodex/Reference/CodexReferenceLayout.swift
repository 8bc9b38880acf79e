/// The file layout of a captured Codex reference (docs/PARITY.md, "Reference layout"):
/// one `--help` page per command path, named by the path joined with `_` (`codex.txt` for
/// the root), plus `version.txt` and `features_list_output.txt`.
public enum CodexReferenceLayout {
  public static let versionFile = "version.txt"
  public static let featuresListFile = "features_list_output.txt"
  static let rootFile = "codex.txt"

  /// `mcp add` → `mcp_add.txt`; the root → `codex.txt`.
  public static func helpFileName(for path: CodexCommandPath) -> String {
    path.isRoot ? rootFile : path.components.joined(separator: "_") + ".txt"
  }

  /// The command path a help file holds, or nil for the other files. Command names
  /// contain `-` but never `_`, so the split is unambiguous.
  public static func path(forHelpFile name: String) -> CodexCommandPath? {
    guard name.hasSuffix(".txt"), name != versionFile, name != featuresListFile else {
      return nil
    }
    if name == rootFile { return .root }
    let stem = name.dropLast(".txt".count)
    return CodexCommandPath(stem.split(separator: "_").map(String.init))
  }

  /// The first line written in front of a captured help page.
  public static func header(for path: CodexCommandPath, program: String = "codex") -> String {
    "$ " + path.commandLine(program: program) + " --help"
  }
}
