/// Why a patch could not be applied. Paths are the resolved, absolute ones. The
/// descriptions are Codex's words where Codex has them (the model reads them).
public enum PatchApplyError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A chunk's `@@ context` line is not in the file (after the previous chunk).
  case contextNotFound(context: String, path: String)
  /// A chunk's context and `-` lines are not in the file.
  case linesNotFound(path: String, lines: [String])
  /// The file to update could not be read (missing, not a file, not UTF-8, …).
  case unreadableForUpdate(path: String, reason: String)
  /// The file to delete could not be read.
  case unreadableForDelete(path: String, reason: String)
  /// Writing: a parent directory could not be made.
  case createDirectoryFailed(path: String, reason: String)
  /// Writing: the file could not be written.
  case writeFailed(path: String, reason: String)
  /// Writing: the file (deleted, or the old place of a moved one) could not be removed.
  case removeFailed(path: String, reason: String)

  public var description: String {
    switch self {
    case .contextNotFound(let context, let path):
      return "Failed to find context '\(context)' in \(path)"
    case .linesNotFound(let path, let lines):
      return "Failed to find expected lines in \(path):\n" + lines.joined(separator: "\n")
    case .unreadableForUpdate(let path, let reason):
      return "Failed to read file to update \(path): \(reason)"
    case .unreadableForDelete(let path, let reason):
      return "Failed to read \(path): \(reason)"
    case .createDirectoryFailed(let path, let reason):
      return "Failed to create parent directories for \(path): \(reason)"
    case .writeFailed(let path, let reason):
      return "Failed to write file \(path): \(reason)"
    case .removeFailed(let path, let reason):
      return "Failed to delete file \(path): \(reason)"
    }
  }
}
