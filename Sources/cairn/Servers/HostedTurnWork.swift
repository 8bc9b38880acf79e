import CairnEngine

/// What a hosted turn does. Each kind records a prompt text of its own, which is how a
/// reader of the log (`thread/read`, the app server's renderer) tells the kinds apart.
enum HostedTurnWork: Sendable, Equatable {
  /// A user prompt for the model.
  case prompt(String)
  /// `/compact`: the model summarizes the conversation; the next turn starts from it.
  case compaction
  /// The user's own shell command (Codex's `!cmd`, `thread/shellCommand`).
  case userShell(String)
  /// A code review (`review/start`): the review prompt, and the developer message that
  /// puts the model in review mode (`HostedReview.instructions`).
  case review(prompt: String, instructions: String)

  /// The text the turn's user message records.
  var promptText: String {
    switch self {
    case .prompt(let text): text
    case .compaction: TurnRunner.compactCommandText
    case .userShell(let command): Self.userShellMarker + command
    case .review(let prompt, _): prompt
    }
  }

  /// The prefix of a user shell turn's recorded prompt (the `!` the TUI's composer uses).
  static let userShellMarker = "!"
  /// The prefix of a user shell command's call id, which no model call id has.
  static let userShellCallPrefix = "user_shell_"

  /// What the model is told of a user's command: the command and the output it saw.
  static func userShellContext(_ command: String, _ output: String) -> String {
    """
    <user_shell_command>
    The user ran this command in the workspace themselves (not a tool call of yours):
    <command>
    \(command)
    </command>
    <result>
    \(output)
    </result>
    </user_shell_command>
    """
  }
}
