/// The arguments of the older `shell` tool (Codex up to 0.46, and models trained on it):
/// an argument vector run without a shell of Cairn's choosing, usually
/// `["bash", "-lc", "…"]`.
///
/// ```swift
/// let arguments = try ShellToolArguments.parse(#"{"command": ["bash", "-lc", "ls"], "timeout_ms": 5000}"#)
/// arguments.command  // ["bash", "-lc", "ls"]
/// ```
public struct ShellToolArguments: Sendable, Equatable {
  /// The argument vector; never empty.
  public var command: [String]
  public var workdir: String?
  /// The time limit the model asks for; nil for the caller's default.
  public var timeoutMilliseconds: UInt64?
  /// Why the model asks to run outside the sandbox (older `with_escalated_permissions`).
  public var justification: String?
  public var withEscalatedPermissions: Bool

  public init(
    command: [String], workdir: String? = nil, timeoutMilliseconds: UInt64? = nil,
    justification: String? = nil, withEscalatedPermissions: Bool = false
  ) {
    self.command = command
    self.workdir = workdir
    self.timeoutMilliseconds = timeoutMilliseconds
    self.justification = justification
    self.withEscalatedPermissions = withEscalatedPermissions
  }

  /// Parses the `arguments` string of a `shell` function call.
  public static func parse(_ text: String) throws(ToolArgumentsError) -> ShellToolArguments {
    var arguments = ShellToolArguments(command: [])
    var sawCommand = false
    try ToolArgumentsReader.readObject(text) { (reader, name) throws(ToolArgumentsError) in
      switch name {
      case "command":
        arguments.command = try reader.stringArray(name)
        sawCommand = true
      case "workdir": arguments.workdir = try reader.string(name)
      case "timeout_ms", "timeout": arguments.timeoutMilliseconds = try reader.unsignedInteger(name)
      case "justification": arguments.justification = try reader.string(name)
      case "with_escalated_permissions": arguments.withEscalatedPermissions = try reader.bool(name)
      default: return false
      }
      return true
    }
    guard sawCommand else { throw .missingField("command") }
    guard !arguments.command.isEmpty, !arguments.command[0].isEmpty else {
      throw .invalidValue(
        field: "command", value: "an empty command", expected: "at least the program to run")
    }
    return arguments
  }

  /// The directory to run in: `workdir` resolved against `turnDirectory`.
  public func workingDirectory(turnDirectory: String) -> String {
    ShellCommandLine.resolve(workdir, against: turnDirectory)
  }
}
