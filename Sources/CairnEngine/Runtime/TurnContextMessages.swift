import CairnCore

/// The context messages a turn opens with, as Codex sends them: a developer message on
/// what the agent may do (sandbox and approvals), and a user message with the
/// `<environment_context>` block. Pure: the date, time zone and shell come in.
public enum TurnContextMessages {
  public static func permissions(
    approval: ApprovalPolicy, sandbox: SandboxMode, writableRoots: [String]
  ) -> String {
    var out = "<permissions instructions>\n"
    switch sandbox {
    case .readOnly:
      out += "Sandbox: read-only. Commands may read any file but not write, and have no network.\n"
    case .workspaceWrite:
      out += "Sandbox: workspace-write. Commands may write only in these directories"
      out += " and have no network: " + writableRoots.joined(separator: ", ") + ".\n"
    case .dangerFullAccess:
      out += "Sandbox: none. Commands run with the user's full access, network included.\n"
    }
    switch approval {
    case .never:
      out += "Approvals: never. The user is not asked; a refused command is final, so work "
      out += "within the sandbox.\n"
    case .onRequest:
      out += "Approvals: on-request. Set sandbox_permissions to require_escalated, with a "
      out += "justification, to ask the user to run a command outside the sandbox.\n"
    case .untrusted:
      out += "Approvals: untrusted. Commands other than known read-only ones are shown to "
      out += "the user for approval first.\n"
    case .onFailure:
      out += "Approvals: on-failure. A command that fails in the sandbox may be retried "
      out += "outside it after the user approves.\n"
    }
    return out + "</permissions instructions>"
  }

  public static func environment(
    cwd: String, shell: String, currentDate: String, timezone: String
  ) -> String {
    """
    <environment_context>
      <cwd>\(escaped(cwd))</cwd>
      <shell>\(escaped(shell))</shell>
      <current_date>\(currentDate)</current_date>
      <timezone>\(escaped(timezone))</timezone>
    </environment_context>
    """
  }

  private static func escaped(_ text: String) -> String {
    var out = ""
    for character in text {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      default: out.append(character)
      }
    }
    return out
  }
}
