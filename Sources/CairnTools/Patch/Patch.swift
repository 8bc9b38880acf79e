/// A parsed patch in Codex's apply_patch format (docs/APPLY_PATCH.md): its file sections in
/// order. Paths are as the patch wrote them; `PatchApplier` resolves them.
public struct Patch: Equatable, Sendable {
  public var hunks: [PatchHunk]

  public init(hunks: [PatchHunk]) {
    self.hunks = hunks
  }
}

/// One file section of a patch.
public enum PatchHunk: Equatable, Sendable {
  /// `*** Add File: PATH` and its `+` lines: the whole new file, each line ended by `\n`.
  case addFile(path: String, contents: String)
  /// `*** Delete File: PATH`.
  case deleteFile(path: String)
  /// `*** Update File: PATH`, an optional `*** Move to: PATH`, and its chunks in file order.
  case updateFile(path: String, movePath: String?, chunks: [PatchChunk])

  /// The path the section names first (for a move, where the file was).
  public var path: String {
    switch self {
    case .addFile(let path, _), .deleteFile(let path), .updateFile(let path, _, _): return path
    }
  }
}

/// One `@@` chunk of an update: lines to find and what replaces them.
public struct PatchChunk: Equatable, Sendable {
  /// The text after `@@ `: a line (a function or class header, say) that must come before
  /// `oldLines` in the file.
  public var context: String?
  /// Context and `-` lines, in order: what the file must contain.
  public var oldLines: [String]
  /// Context and `+` lines, in order: what replaces `oldLines`.
  public var newLines: [String]
  /// `*** End of File` followed the chunk: `oldLines` must end the file.
  public var isEndOfFile: Bool

  public init(context: String?, oldLines: [String], newLines: [String], isEndOfFile: Bool) {
    self.context = context
    self.oldLines = oldLines
    self.newLines = newLines
    self.isEndOfFile = isEndOfFile
  }
}
