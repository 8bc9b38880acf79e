#if canImport(Glibc)
  import Glibc
#endif

/// Whether a directory is inside a Git work tree: it or a parent holds `.git` (a
/// directory, or a file for worktrees and submodules). `exec` refuses to run elsewhere
/// unless `--skip-git-repo-check`, as Codex does.
enum GitRepository {
  static func contains(_ directory: String) -> Bool {
    var path = directory
    while true {
      var info = stat()
      if stat(path + "/.git", &info) == 0 { return true }
      guard let slash = path.lastIndex(of: "/"), path != "/" else { return false }
      path = slash == path.startIndex ? "/" : String(path[..<slash])
    }
  }
}
