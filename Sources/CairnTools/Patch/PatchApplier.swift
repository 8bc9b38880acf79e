import CairnCore

#if canImport(Glibc)
  import Glibc
#endif

/// Applies a parsed patch to the files under a working directory in two steps, as Codex
/// does: `plan` reads every file and computes every new content, writing nothing (so a
/// chunk that does not match leaves every file untouched), then `write` writes them in
/// order. Sections touching the same file see each other's result.
///
/// ```swift
/// let applier = PatchApplier(workingDirectory: "/work/repo")
/// let plan = try applier.plan(try PatchParser.parse(text))
/// let result = applier.write(plan)   // result.written: the FileChanges made
/// ```
public struct PatchApplier: Sendable {
  /// Relative patch paths are taken against this absolute directory.
  public let workingDirectory: String
  /// New files are created with this mode (before the umask); existing files keep theirs.
  public static let newFileMode: mode_t = 0o644

  public init(workingDirectory: String) {
    self.workingDirectory = workingDirectory
  }

  /// `path` made absolute against the working directory, with `.` and `..` resolved
  /// lexically (symbolic links are not followed).
  public func resolve(_ path: String) -> String {
    Self.normalised(path.hasPrefix("/") ? path : workingDirectory + "/" + path)
  }

  /// `path` with `.` and `..` resolved lexically and repeated slashes dropped.
  public static func normalised(_ path: String) -> String {
    var parts: [Substring] = []
    for part in path.split(separator: "/", omittingEmptySubsequences: true) {
      switch part {
      case ".": continue
      case "..": if !parts.isEmpty { parts.removeLast() }
      default: parts.append(part)
      }
    }
    return "/" + parts.joined(separator: "/")
  }

  /// Verifies the patch against the files and computes the result; writes nothing.
  public func plan(_ patch: Patch) throws(PatchApplyError) -> PatchPlan {
    // What earlier sections did, by path: new contents, or nil for gone.
    var overlay: [String: [UInt8]?] = [:]
    var modes: [String: mode_t] = [:]
    var changes: [FileChange] = []
    var moveModes: [mode_t?] = []

    func current(_ path: String) -> Result<[UInt8], PatchFileSystem.ReadFailure> {
      if let entry = overlay[path] {
        guard let bytes = entry else {
          return .failure(.missing(reason: PatchFileSystem.reason(ENOENT)))
        }
        return .success(bytes)
      }
      return PatchFileSystem.readFile(path).map { file in
        modes[path] = file.mode
        return file.bytes
      }
    }

    for hunk in patch.hunks {
      switch hunk {
      case .addFile(let path, let contents):
        let resolved = resolve(path)
        let before = try? current(resolved).get()
        let after = Array(contents.utf8)
        overlay[resolved] = after
        changes.append(FileChange(path: resolved, kind: .add, before: before, after: after))
        moveModes.append(nil)
      case .deleteFile(let path):
        let resolved = resolve(path)
        let before: [UInt8]
        switch current(resolved) {
        case .success(let bytes): before = bytes
        case .failure(let failure):
          throw .unreadableForDelete(path: resolved, reason: failure.reason)
        }
        overlay[resolved] = .some(nil)
        changes.append(FileChange(path: resolved, kind: .delete, before: before, after: nil))
        moveModes.append(nil)
      case .updateFile(let path, let movePath, let chunks):
        let resolved = resolve(path)
        let before: [UInt8]
        switch current(resolved) {
        case .success(let bytes): before = bytes
        case .failure(let failure):
          throw .unreadableForUpdate(path: resolved, reason: failure.reason)
        }
        if let problem = UTF8Check.problem(before) {
          throw .unreadableForUpdate(path: resolved, reason: problem)
        }
        let after = try FileContentUpdate.apply(chunks, to: before, path: resolved)
        let destination = movePath.map(resolve)
        if let destination, destination != resolved {
          overlay[resolved] = .some(nil)
          overlay[destination] = after
          moveModes.append(modes[resolved])
        } else {
          overlay[resolved] = after
          moveModes.append(nil)
        }
        changes.append(
          FileChange(
            path: resolved, kind: .update, movePath: destination, before: before, after: after))
      }
    }
    return PatchPlan(
      changes: changes, summary: PatchPlan.summary(patch.hunks), moveModes: moveModes)
  }

  /// Writes a plan's changes in order, making parent directories as needed; stops at the
  /// first failure.
  public func write(_ plan: PatchPlan) -> PatchWriteResult {
    var written: [FileChange] = []
    for (change, moveMode) in zip(plan.changes, plan.moveModes) {
      if let failure = Self.write(change, moveMode: moveMode) {
        return PatchWriteResult(written: written, failure: failure)
      }
      written.append(change)
    }
    return PatchWriteResult(written: written, failure: nil)
  }

  private static func write(_ change: FileChange, moveMode: mode_t?) -> PatchApplyError? {
    switch change.kind {
    case .delete:
      return PatchFileSystem.removeFile(change.path).map {
        .removeFailed(path: change.path, reason: $0)
      }
    case .add, .update:
      let target = change.movePath ?? change.path
      if let failure = PatchFileSystem.createDirectories(PatchFileSystem.parent(of: target)) {
        return .createDirectoryFailed(path: target, reason: failure)
      }
      if let failure = PatchFileSystem.writeFile(
        target, change.after ?? [], newFileMode: moveMode ?? newFileMode)
      {
        return .writeFailed(path: target, reason: failure)
      }
      if let movePath = change.movePath, movePath != change.path {
        if let failure = PatchFileSystem.removeFile(change.path) {
          return .removeFailed(path: change.path, reason: failure)
        }
      }
      return nil
    }
  }
}
