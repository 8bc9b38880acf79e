import CairnProtocol

/// What Cairn tells the model about itself and its tools. The tool names and parameters
/// are Codex 0.147's (models are trained on them, and recorded sessions use them); the
/// words are Cairn's own.
public enum AgentDefaults {
  public static let instructions = """
    You are a coding agent running in Cairn, a terminal workstation. You and the user \
    share a workspace: read files and run commands with the tools you are given to \
    understand it, make the changes the user asks for, and check them.

    How to work:
    - Understand before you change: look at the code, the tests and the instructions in \
    the repository first.
    - Keep changes focused on the request; follow the style of the code around them.
    - Run the commands that prove your change (build, tests) when you can, and say \
    plainly what you could not verify.
    - Prefer fast, read-only commands (rg, ls, sed -n) to explore.
    - Commands may run in a sandbox; when one is refused, explain what you needed and why.

    When you finish, reply briefly: what you did, where, and anything the user must do \
    next. Do not paste whole files back.
    """

  /// `exec_command`: the shell tool.
  public static let execCommandParameters = """
    {"type":"object","properties":{\
    "cmd":{"type":"string","description":"The shell command to run."},\
    "justification":{"type":"string","description":"Why the command needs to run outside the sandbox; only with sandbox_permissions require_escalated."},\
    "login":{"type":"boolean","description":"Run the shell as a login shell (default true)."},\
    "max_output_tokens":{"type":"number","description":"The most output to return, in tokens (default 10000)."},\
    "prefix_rule":{"type":"array","items":{"type":"string"},"description":"A command prefix the user may approve for the rest of the session, e.g. [\\"git\\", \\"pull\\"]."},\
    "sandbox_permissions":{"type":"string","enum":["use_default","require_escalated"],"description":"use_default, or require_escalated to ask to run outside the sandbox."},\
    "shell":{"type":"string","description":"The shell to run the command with (default: the user's shell)."},\
    "tty":{"type":"boolean","description":"Run in a terminal, so the command can be written to with write_stdin (default false: pipes, no input)."},\
    "workdir":{"type":"string","description":"The directory to run in (default: the session's working directory)."},\
    "yield_time_ms":{"type":"number","description":"How long to wait before answering, in milliseconds (default 10000, 250 to 30000). A command still running then keeps running as a session that write_stdin continues."}\
    },"required":["cmd"],"additionalProperties":false}
    """

  /// `write_stdin`: input for a running `exec_command` session, or a poll for its output.
  public static let writeStdinParameters = """
    {"type":"object","properties":{\
    "chars":{"type":"string","description":"What to type (may be empty to just read more output)."},\
    "max_output_tokens":{"type":"number","description":"The most output to return, in tokens (default 10000)."},\
    "session_id":{"type":"number","description":"The session id exec_command answered with."},\
    "yield_time_ms":{"type":"number","description":"How long to wait for output, in milliseconds (default 250; at least 5000 when chars is empty)."}\
    },"required":["session_id"],"additionalProperties":false}
    """

  public static let updatePlanParameters = """
    {"type":"object","properties":{\
    "explanation":{"type":"string","description":"Why the plan changed, if it did."},\
    "plan":{"type":"array","description":"The steps, in order.","items":{"type":"object","properties":{\
    "step":{"type":"string","description":"What the step does."},\
    "status":{"type":"string","enum":["pending","in_progress","completed"],"description":"Where the step stands."}},\
    "required":["step","status"],"additionalProperties":false}}},\
    "required":["plan"],"additionalProperties":false}
    """

  /// `apply_patch`'s input grammar (Lark, as the Responses API's custom tools take it):
  /// the patch format of docs/APPLY_PATCH.md, written out rule by rule.
  public static let applyPatchGrammar = """
    start: "*** Begin Patch" NL section+ "*** End Patch" NL?

    section: added_file | deleted_file | updated_file

    added_file: "*** Add File: " PATH NL plus_line+
    deleted_file: "*** Delete File: " PATH NL
    updated_file: "*** Update File: " PATH NL moved_to? edit_line* end_of_file?

    moved_to: "*** Move to: " PATH NL
    edit_line: anchor | plus_line | minus_line | kept_line
    anchor: "@@" NL | "@@ " TEXT NL
    plus_line: "+" LINE? NL
    minus_line: "-" LINE? NL
    kept_line: " " LINE? NL
    end_of_file: "*** End of File" NL

    PATH: /[^\\n]+/
    TEXT: /[^\\n]+/
    LINE: /[^\\n]+/
    NL: /\\n/
    """

  /// The tools every turn offers.
  public static func tools() -> [ResponseTool] {
    [
      .function(
        name: "exec_command",
        description: "Runs a shell command and returns its output and exit status.",
        parameters: try! RawJSON(validating: execCommandParameters), strict: false),
      .function(
        name: "write_stdin",
        description:
          "Writes to a running exec_command session and returns the output since the last call.",
        parameters: try! RawJSON(validating: writeStdinParameters), strict: false),
      .function(
        name: "update_plan",
        description:
          "Records the plan for the task: a list of steps with their status. At most one step is in_progress.",
        parameters: try! RawJSON(validating: updatePlanParameters), strict: false),
      .custom(
        name: "apply_patch",
        description:
          "Creates, edits, moves and deletes files with one patch in the *** Begin Patch format. "
          + "Send the patch text itself as the input (it is freeform, not JSON).",
        format: applyPatchFormat()),
    ]
  }

  /// The custom tool's `format`: the grammar above, as Lark.
  static func applyPatchFormat() -> RawJSON {
    var definition = ""
    for scalar in applyPatchGrammar.unicodeScalars {
      switch scalar {
      case "\"": definition += "\\\""
      case "\\": definition += "\\\\"
      case "\n": definition += "\\n"
      default: definition.unicodeScalars.append(scalar)
      }
    }
    return try! RawJSON(
      validating: #"{"type":"grammar","syntax":"lark","definition":"\#(definition)"}"#)
  }
}
