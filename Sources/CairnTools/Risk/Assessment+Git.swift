import CairnCore

/// git: its read-only subcommands are safe, the rest risky, history rewrites dangerous.
extension Assessment {
  static let readOnlyGitCommands: Set<String> = [
    "status", "log", "diff", "show", "rev-parse", "ls-files", "ls-tree", "blame", "describe",
    "shortlog", "grep", "cat-file", "show-ref", "rev-list", "merge-base", "name-rev",
    "count-objects", "help", "version", "whatchanged", "annotate", "for-each-ref", "diff-tree",
    "diff-files", "diff-index",
  ]
  static let networkGitCommands: Set<String> = [
    "fetch", "pull", "clone", "ls-remote", "submodule", "remote-update",
  ]

  mutating func addGit(_ arguments: [String]) {
    // Global options come before the subcommand; `-c` can set options that run programs
    // (core.pager, core.fsmonitor, diff.external …).
    var index = 0
    while index < arguments.count, arguments[index].hasPrefix("-") {
      let option = arguments[index]
      if option == "-c" || option.hasPrefix("--config-env") || option.hasPrefix("--exec-path") {
        add(.risky, "sets git options that can run programs (git \(option))")
      }
      let takesValue = ["-C", "-c", "--git-dir", "--work-tree", "--namespace", "--config-env"]
        .contains(option)
      index += takesValue ? 2 : 1
    }
    guard index < arguments.count else { return }
    let command = arguments[index]
    let rest = Array(arguments[(index + 1)...])
    let shown = "git \(command)"
    if Self.readOnlyGitCommands.contains(command) {
      if rest.contains(where: { $0 == "--output" || $0.hasPrefix("--output=") }) {
        add(.risky, "writes a file (\(shown) --output)")
      }
      if command == "grep"
        && rest.contains(where: { $0 == "-O" || $0.hasPrefix("--open-files-in-pager") })
      {
        add(.risky, "opens a pager program (git grep -O)")
      }
      return
    }
    switch command {
    case "branch":
      let listing: Set<String> = [
        "-a", "--all", "-r", "--remotes", "-v", "-vv", "--verbose", "--list", "-l",
        "--show-current", "--no-color", "--color", "--merged", "--no-merged", "--contains",
      ]
      let lists = rest.contains("--list") || rest.contains("-l")
      if !rest.allSatisfy({ listing.contains($0) || (lists && !$0.hasPrefix("-")) }) {
        add(.risky, "creates, renames or deletes branches (git branch)")
      }
    case "remote":
      if let first = rest.first, !["-v", "--verbose", "show", "get-url"].contains(first) {
        add(.risky, "changes the repository's remotes (git remote)")
      }
    case "tag":
      if let first = rest.first, first != "-l", first != "--list" {
        add(.risky, "creates or deletes tags (git tag)")
      }
    case "config":
      if !rest.contains(where: { $0.hasPrefix("--get") || $0 == "--list" || $0 == "-l" }) {
        add(.risky, "changes git configuration (git config)")
      }
    case "stash":
      if let first = rest.first, first == "list" || first == "show" { return }
      add(.risky, "changes the stash and the working tree (git stash)")
    case "push":
      let forced = rest.contains { argument in
        ["-f", "--force", "--mirror", "--force-if-includes", "-d", "--delete"].contains(argument)
          || argument.hasPrefix("--force-with-lease") || argument.hasPrefix("+")
      }
      if forced {
        add(
          .dangerous,
          "force-pushes or deletes on the remote, rewriting its history (git push \(rest.joined(separator: " ")))"
        )
      }
      add(.risky, "publishes commits to a remote (git push)")
    case "reset":
      if rest.contains("--hard") || rest.contains("--merge") {
        add(.dangerous, "discards uncommitted changes (git reset --hard)")
      } else {
        add(.risky, "moves HEAD or unstages changes (git reset)")
      }
    case "clean":
      let forced = rest.contains {
        $0 == "--force" || ($0.hasPrefix("-") && !$0.hasPrefix("--") && $0.contains("f"))
      }
      add(forced ? .dangerous : .risky, "deletes untracked files (git clean)")
    case "checkout", "restore", "switch":
      let discards = rest.contains { ["-f", "--force", ".", "--", "--hard"].contains($0) }
      if discards && command != "switch" {
        add(
          .dangerous,
          "discards uncommitted changes in the working tree (\(shown) \(rest.joined(separator: " ")))"
        )
      } else {
        add(.risky, "changes the working tree (\(shown))")
      }
    case "filter-branch", "filter-repo":
      add(.dangerous, "rewrites the repository's history (\(shown))")
    default:
      if Self.networkGitCommands.contains(command) {
        add(.risky, "uses the network (\(shown))")
      }
      add(.risky, "changes the repository (\(shown))")
    }
  }
}
