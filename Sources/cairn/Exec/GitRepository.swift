#if canImport(Glibc)
  import Glibc
#endif

/// Whether a directory is inside a Git work tree: it or a parent holds `.git` (a
/// directory, or a file for worktrees and submodules). `exec` refuses to run elsewhere
/// unless `--skip-git-repo-check`, as Codex does.
enum GitRepository {
  static func contains(_ directory: String) -> Bool { root(of: directory) != nil }

  /// The top of the work tree the directory is in: the nearest directory holding `.git`.
  static func root(of directory: String) -> String? {
    var path = directory
    while true {
      var info = stat()
      if stat(path + "/.git", &info) == 0 { return path }
      guard let slash = path.lastIndex(of: "/"), path != "/" else { return nil }
      path = slash == path.startIndex ? "/" : String(path[..<slash])
    }
  }
}
