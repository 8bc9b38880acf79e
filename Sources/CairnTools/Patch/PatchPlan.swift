import CairnCore

#if canImport(Glibc)
  import Glibc
#endif

/// A verified patch: every file's new contents, computed before anything is written
/// (`PatchApplier.plan`), and the summary Codex prints when it is written.
public struct PatchPlan: Equatable, Sendable {
  /// One change per file section, in the patch's order.
  public var changes: [FileChange]
  /// `Success. Updated the following files:` and an `A`/`M`/`D` line per section.
  public var summary: String
  /// Per change, the mode a file created by a move takes (its source's).
  var moveModes: [mode_t?]

  /// Codex's summary: added files, then modified (a moved file under its new name), then
  /// deleted, each group in patch order, with the paths as the patch wrote them.
  static func summary(_ hunks: [PatchHunk]) -> String {
    var added: [String] = []
    var modified: [String] = []
    var deleted: [String] = []
    for hunk in hunks {
      switch hunk {
      case .addFile(let path, _): added.append(path)
      case .updateFile(let path, let movePath, _): modified.append(movePath ?? path)
      case .deleteFile(let path): deleted.append(path)
      }
    }
    var text = "Success. Updated the following files:\n"
    for path in added { text += "A \(path)\n" }
    for path in modified { text += "M \(path)\n" }
    for path in deleted { text += "D \(path)\n" }
    return text
  }
}

/// What writing a plan did: the changes made, in order, and the failure that stopped it
/// (the changes after it were not made; those before it stay, as with Codex).
public struct PatchWriteResult: Equatable, Sendable {
  public var written: [FileChange]
  public var failure: PatchApplyError?
}
