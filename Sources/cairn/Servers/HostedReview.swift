/// A code review a server runs as a turn (app-server `review/start`): what is reviewed,
/// the label clients show for it, the prompt, and the developer message that puts the
/// model in review mode. The message is recorded in the log with the turn, which is how a
/// reader tells a review turn from another (`reviewLabel(fromInstructions:)`).
struct HostedReview: Sendable, Equatable {
  enum Target: Sendable, Equatable {
    case uncommittedChanges
    case baseBranch(String)
    case commit(sha: String, title: String?)
    case custom(String)
  }

  var target: Target

  /// The short label clients show (Codex's `review` field of `enteredReviewMode`).
  var label: String {
    switch target {
    case .uncommittedChanges: "current changes"
    case .baseBranch(let branch): "changes against '\(branch)'"
    case .commit(let sha, let title):
      "commit \(sha.prefix(7))" + (title.map { ": \($0)" } ?? "")
    case .custom(let instructions): instructions
    }
  }

  /// The user message the review turn records and sends.
  var prompt: String {
    switch target {
    case .uncommittedChanges:
      "Review the uncommitted changes of this repository (staged, unstaged and untracked "
        + "files) and report your findings, most important first."
    case .baseBranch(let branch):
      "Review the changes of the current branch against the base branch '\(branch)' (find "
        + "the merge base with `git merge-base HEAD \(branch)` and diff from it) and report "
        + "your findings, most important first."
    case .commit(let sha, let title):
      "Review the changes commit \(sha)" + (title.map { " (\"\($0)\")" } ?? "")
        + " introduced (`git show \(sha)`) and report your findings, most important first."
    case .custom(let instructions): instructions
    }
  }

  /// The developer message of the review turn: the guidelines, then the label.
  var instructions: String { Self.instructionsPrefix + label }

  static let marker = "<review_mode>"
  static let guidelines = """
    You are reviewing code changes, not writing them. Read the changes (git diff, git show, \
    the files around them), then report concrete problems: bugs, security issues, missing \
    error handling, broken tests, unclear code. For each finding give the file and line, \
    what is wrong and why it matters, most important first. Do not modify files. If you \
    find nothing worth fixing, say so.
    """
  static let instructionsPrefix = marker + "\n" + guidelines + "\n\nWhat to review: "

  /// The label of a review turn, from its developer message; nil for any other message.
  static func reviewLabel(fromInstructions text: String) -> String? {
    guard text.hasPrefix(marker) else { return nil }
    guard text.hasPrefix(instructionsPrefix) else { return "" }
    return String(text.dropFirst(instructionsPrefix.count))
  }
}
