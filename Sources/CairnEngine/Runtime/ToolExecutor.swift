import CairnCore
import CairnModel
import CairnProtocol
import CairnTools

/// Runs the model's tool calls for a turn: each call planned (its risk classified), put
/// through the approval policy, run, and its result recorded as the exact text the model
/// gets back. Every step is a command on the session, so the log holds the call's whole
/// life. docs/MODEL_RUNTIME.md, "Tools".
public final class ToolExecutor {
  /// What the runner does after a call.
  public enum Next: Equatable, Sendable {
    case `continue`
    case abortTurn
  }

  /// What the agent's commands may touch; enforced with bubblewrap.
  public let sandbox: SandboxPolicy
  /// The exec-policy rules (`$CODEX_HOME/rules/*.rules`).
  public let execPolicy: ExecPolicy
  public let environment: [String: String]
  let clock: () -> Int64
  /// The `bwrap` executable, looked up on first use.
  var bubblewrapPath: Result<String, SandboxError>?
  /// `exec_command` processes still running, for `write_stdin`.
  let live = LiveToolSessions()
  /// The session's MCP servers and their tools (`mcp__SERVER__TOOL`).
  public var mcp: MCPToolHost = .empty

  public init(
    sandbox: SandboxPolicy, execPolicy: ExecPolicy = ExecPolicy(),
    environment: [String: String], clock: @escaping () -> Int64
  ) {
    self.sandbox = sandbox
    self.execPolicy = execPolicy
    self.environment = environment
    self.clock = clock
  }

  /// The session-level name of the sandbox mode.
  public var sandboxMode: SandboxMode {
    switch sandbox.mode {
    case .readOnly: .readOnly
    case .workspaceWrite: .workspaceWrite
    case .dangerFullAccess: .dangerFullAccess
    }
  }

  /// The tool names Cairn runs itself.
  public static let shellTools: Set<String> = [
    "exec_command", "shell", "shell_command", "container.exec",
  ]

  public func handle(
    _ call: ResponseOutputItem, turnID: TurnID, engine: SessionEngine,
    approver: (PendingApproval) -> ApprovalDecision, cancel: CancellationFlag
  ) throws -> Next {
    switch call {
    case .functionCall(_, let callID, let name, let arguments):
      let id = CallID(callID)
      if Self.shellTools.contains(name) {
        return try shell(
          id, name: name, arguments: arguments, turnID: turnID, engine: engine, approver: approver,
          cancel: cancel)
      }
      if name == "write_stdin" {
        let answer = try writeStdin(id, arguments: arguments, engine: engine, cancel: cancel)
        try engine.send(
          .recordToolResult(
            ToolResultRecorded(callID: id, output: answer.text, success: answer.success)))
        return .continue
      }
      if let entry = mcp.entry(named: name) {
        return try mcpCall(
          id, entry: entry, arguments: arguments, turnID: turnID, engine: engine,
          approver: approver)
      }
      if name == "update_plan" {
        try engine.send(
          .recordToolResult(ToolResultRecorded(callID: id, output: "Plan updated", success: true)))
        return .continue
      }
      try engine.send(
        .recordToolResult(
          ToolResultRecorded(callID: id, output: "unsupported call: \(name)", success: false)))
      return .continue
    case .customToolCall(_, let callID, let name, let input):
      if name == Self.applyPatchTool {
        return try applyPatch(
          callID: CallID(callID), input: input, turnID: turnID, engine: engine, approver: approver)
      }
      try engine.send(
        .recordToolResult(
          ToolResultRecorded(
            callID: CallID(callID),
            output: "\(name) is not supported by Cairn yet; use exec_command instead",
            success: false)))
      return .continue
    case .message, .reasoning, .other:
      return .continue
    }
  }

  /// Stops the running command (and any later one) from another thread: the interrupt.
  public let processCancellation = ProcessCancellation()

  /// The reason a user gave when denying a call (a server's client may send one), read
  /// when the denial is recorded: the model gets it as the call's output. nil: the
  /// default text.
  public var rejectionText: (CallID) -> String? = { _ in nil }
}
