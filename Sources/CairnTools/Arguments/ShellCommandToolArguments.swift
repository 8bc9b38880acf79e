/// The arguments of the `shell_command` tool (Codex 0.65–0.87): one script string run by
/// the user's shell, like `exec_command` without sessions.
///
/// ```swift
/// let arguments = try ShellCommandToolArguments.parse(#"{"command": "echo hi && pwd"}"#)
/// ```
public struct ShellCommandToolArguments: Sendable, Equatable {
  public var command: String
  public var workdir: String?
  public var timeoutMilliseconds: UInt64?
  public var login: Bool?

  public init(
    command: String, workdir: String? = nil, timeoutMilliseconds: UInt64? = nil,
    login: Bool? = nil
  ) {
    self.command = command
    self.workdir = workdir
    self.timeoutMilliseconds = timeoutMilliseconds
    self.login = login
  }

  /// Parses the `arguments` string of a `shell_command` function call.
  public static func parse(_ text: String) throws(ToolArgumentsError) -> ShellCommandToolArguments {
    var arguments = ShellCommandToolArguments(command: "")
    var sawCommand = false
    try ToolArgumentsReader.readObject(text) { (reader, name) throws(ToolArgumentsError) in
      switch name {
      case "command":
        arguments.command = try reader.string(name)
        sawCommand = true
      case "workdir": arguments.workdir = try reader.string(name)
      case "timeout_ms": arguments.timeoutMilliseconds = try reader.unsignedInteger(name)
      case "login": arguments.login = try reader.bool(name)
      default: return false
      }
      return true
    }
    guard sawCommand else { throw .missingField("command") }
    return arguments
  }

  /// `[shell, "-lc" or "-c", command]` with `/bin/bash` as the shell.
  public func commandLine(environment: [String: String]) throws(ToolArgumentsError)
    -> [String]
  {
    try ShellCommandLine.make(
      script: command, shell: ExecCommandArguments.defaultShell, login: login ?? true,
      environment: environment)
  }

  public func workingDirectory(turnDirectory: String) -> String {
    ShellCommandLine.resolve(workdir, against: turnDirectory)
  }
}
