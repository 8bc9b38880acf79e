/// What a tool call did to a file (`file_changed`, docs/APPLY_PATCH.md). The raw values are
/// the JSON strings, and the letters Codex's apply_patch summary prints are `A`, `M`, `D`.
public enum FileChangeKind: String, Sendable, CaseIterable, Hashable {
  /// The file was created (or overwritten by an `*** Add File:` section).
  case add
  /// The file's contents changed, and it may have moved.
  case update
  /// The file was removed.
  case delete
}
