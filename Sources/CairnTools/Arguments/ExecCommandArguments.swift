/// The arguments of Codex 0.147's `exec_command` tool, parsed from the model's JSON text.
///
/// ```swift
/// let arguments = try ExecCommandArguments.parse(#"{"cmd": "ls -la", "yield_time_ms": 1000}"#)
/// arguments.cmd  // "ls -la"
/// try arguments.commandLine(environment: ["PATH": "/usr/bin:/bin"])
/// // ["/bin/bash", "-lc", "ls -la"]
/// ```
///
/// A bad call throws a `ToolArgumentsError` whose description is what the model gets back.
public struct ExecCommandArguments: Sendable, Equatable {
  /// Codex's `sandbox_permissions` values.
  public enum SandboxPermissions: String, Sendable, Equatable, CaseIterable {
    case useDefault = "use_default"
    case requireEscalated = "require_escalated"
    case withAdditionalPermissions = "with_additional_permissions"
  }

  /// The shell script to run.
  public var cmd: String
  /// Where to run it: absolute, or relative to the turn's directory; nil for the latter.
  public var workdir: String?
  /// The shell to run it with (a path or a name on PATH); nil for `/bin/bash`.
  public var shell: String?
  /// Whether the shell is a login shell (`-lc`) or not (`-c`); nil for Codex's default,
  /// a login shell.
  public var login: Bool?
  /// Whether the command runs in a pseudo-terminal (and can be written to with
  /// `write_stdin`) rather than with pipes.
  public var tty: Bool
  /// How long to wait before answering with partial output and a session id; nil for
  /// Codex's default, 10 000 ms.
  public var yieldTimeMilliseconds: UInt64?
  /// The output budget in tokens; nil for Codex's default, 10 000.
  public var maxOutputTokens: Int?
  public var sandboxPermissions: SandboxPermissions
  /// Why the model asks for escalated permissions, shown in the approval prompt.
  public var justification: String?
  /// The command prefix the model proposes to approve for the rest of the session.
  public var prefixRule: [String]?

  public init(
    cmd: String, workdir: String? = nil, shell: String? = nil, login: Bool? = nil,
    tty: Bool = false, yieldTimeMilliseconds: UInt64? = nil, maxOutputTokens: Int? = nil,
    sandboxPermissions: SandboxPermissions = .useDefault, justification: String? = nil,
    prefixRule: [String]? = nil
  ) {
    self.cmd = cmd
    self.workdir = workdir
    self.shell = shell
    self.login = login
    self.tty = tty
    self.yieldTimeMilliseconds = yieldTimeMilliseconds
    self.maxOutputTokens = maxOutputTokens
    self.sandboxPermissions = sandboxPermissions
    self.justification = justification
    self.prefixRule = prefixRule
  }

  /// Codex's default `yield_time_ms` for `exec_command`.
  public static let defaultYieldTimeMilliseconds: UInt64 = 10_000
  /// The shell used when the model names none.
  public static let defaultShell = "/bin/bash"

  /// Parses the `arguments` string of an `exec_command` function call.
  public static func parse(_ text: String) throws(ToolArgumentsError) -> ExecCommandArguments {
    var arguments = ExecCommandArguments(cmd: "")
    var sawCommand = false
    try ToolArgumentsReader.readObject(text) { (reader, name) throws(ToolArgumentsError) in
      switch name {
      case "cmd": arguments.cmd = try reader.string(name)
      case "workdir": arguments.workdir = try reader.string(name)
      case "shell": arguments.shell = try reader.string(name)
      case "login": arguments.login = try reader.bool(name)
      case "tty": arguments.tty = try reader.bool(name)
      case "yield_time_ms": arguments.yieldTimeMilliseconds = try reader.unsignedInteger(name)
      case "max_output_tokens":
        arguments.maxOutputTokens = Int(clamping: try reader.unsignedInteger(name))
      case "sandbox_permissions":
        let value = try reader.string(name)
        guard let permissions = SandboxPermissions(rawValue: value) else {
          throw .invalidValue(
            field: name, value: "\"\(value)\"",
            expected: SandboxPermissions.allCases.map { "`\($0.rawValue)`" }
              .joined(separator: ", "))
        }
        arguments.sandboxPermissions = permissions
      case "justification": arguments.justification = try reader.string(name)
      case "prefix_rule": arguments.prefixRule = try reader.stringArray(name)
      default: return false
      }
      if name == "cmd" { sawCommand = true }
      return true
    }
    guard sawCommand else { throw .missingField("cmd") }
    return arguments
  }

  /// The argument vector: `[shell, "-lc" or "-c", cmd]`, the shell resolved on the
  /// `PATH` of `environment` when given by name. Only POSIX shells are accepted.
  public func commandLine(environment: [String: String]) throws(ToolArgumentsError)
    -> [String]
  {
    try ShellCommandLine.make(
      script: cmd, shell: shell ?? Self.defaultShell, login: login ?? true,
      environment: environment)
  }

  /// The directory to run in: `workdir` resolved against `turnDirectory` (an empty
  /// `workdir` is none, as in Codex).
  public func workingDirectory(turnDirectory: String) -> String {
    ShellCommandLine.resolve(workdir, against: turnDirectory)
  }
}
