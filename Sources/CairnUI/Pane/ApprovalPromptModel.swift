import CairnCore

/// What an approval prompt asks about: a command to run or edits to make, and why.
public struct ApprovalPromptModel: Hashable, Sendable {
  public enum Kind: Hashable, Sendable {
    /// A command, as the user would type it (`echo hi && pwd`).
    case exec(command: String)
    /// File edits (apply_patch); the diff itself is a transcript cell above the prompt.
    case patch
  }

  public var kind: Kind
  /// The model's justification, or the reason the tool layer asks (nil: no `Reason:` line).
  public var reason: String?
  /// Where the command runs; Codex shows `local`.
  public var environment: String

  public init(kind: Kind, reason: String?, environment: String = "local") {
    self.kind = kind
    self.reason = reason
    self.environment = environment
  }

  /// The prompt for a pending approval of `run` (`state.approvals.pending` and the matching
  /// `state.tools.active` entry): apply_patch asks about edits, anything else about its
  /// command.
  public init(_ approval: PendingApproval, run: ToolRun?) {
    // The classifier's reasons say why this command asks; the request's own sentence
    // (`run `cmd`? (why)`) repeats the command shown below it.
    let reasons = approval.reasons.joined(separator: "; ")
    let reason = !reasons.isEmpty ? reasons : (approval.reason.isEmpty ? nil : approval.reason)
    if run?.tool == "apply_patch" {
      self.init(kind: .patch, reason: reason)
    } else {
      self.init(
        kind: .exec(command: Self.displayCommand(run?.command ?? [])), reason: reason)
    }
  }

  /// A command vector as one line: the script of `bash -lc SCRIPT` (and `sh -c`), otherwise
  /// the words joined by spaces, single-quoted where they hold spaces or quotes.
  public static func displayCommand(_ command: [String]) -> String {
    if command.count == 3,
      ["bash", "sh", "zsh", "/bin/bash", "/bin/sh", "/bin/zsh"].contains(
        command[0]), ["-lc", "-c"].contains(command[1])
    {
      return command[2]
    }
    return command.map { word in
      let plain = !word.isEmpty && word.allSatisfy { !" \t\n'\"$`\\|&;<>()*?!#~{}[]".contains($0) }
      if plain { return word }
      return "'" + word.replacing("'", with: "'\\''") + "'"
    }.joined(separator: " ")
  }
}
