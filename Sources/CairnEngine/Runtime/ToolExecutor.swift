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

  public let sandboxMode: SandboxMode
  public let environment: [String: String]
  private let clock: () -> Int64

  public init(sandboxMode: SandboxMode, environment: [String: String], clock: @escaping () -> Int64)
  {
    self.sandboxMode = sandboxMode
    self.environment = environment
    self.clock = clock
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

  /// A shell call as the runner needs it: the argv, where, and the limits.
  struct ShellPlan {
    var argv: [String]
    var workdir: String
    var timeoutMilliseconds: UInt64?
    var maxOutputTokens: Int?
  }

  /// The model's arguments for one of the shell tools, as a plan; the error text the model
  /// gets back when they do not parse.
  func shellPlan(tool: String, arguments: String, cwd: String) -> Result<
    ShellPlan, ToolArgumentsError
  > {
    do throws(ToolArgumentsError) {
      switch tool {
      case "exec_command":
        let parsed = try ExecCommandArguments.parse(arguments)
        return .success(
          ShellPlan(
            argv: try parsed.commandLine(environment: environment),
            workdir: parsed.workingDirectory(turnDirectory: cwd), timeoutMilliseconds: nil,
            maxOutputTokens: parsed.maxOutputTokens))
      case "shell_command":
        let parsed = try ShellCommandToolArguments.parse(arguments)
        return .success(
          ShellPlan(
            argv: try parsed.commandLine(environment: environment),
            workdir: parsed.workingDirectory(turnDirectory: cwd),
            timeoutMilliseconds: parsed.timeoutMilliseconds, maxOutputTokens: nil))
      default:
        let parsed = try ShellToolArguments.parse(arguments)
        return .success(
          ShellPlan(
            argv: parsed.command, workdir: parsed.workingDirectory(turnDirectory: cwd),
            timeoutMilliseconds: parsed.timeoutMilliseconds, maxOutputTokens: nil))
      }
    } catch {
      return .failure(error)
    }
  }

  private func shell(
    _ callID: CallID, name: String, arguments: String, turnID: TurnID, engine: SessionEngine,
    approver: (PendingApproval) -> ApprovalDecision, cancel: CancellationFlag
  ) throws -> Next {
    let plan: ShellPlan
    switch shellPlan(tool: name, arguments: arguments, cwd: engine.state.session?.cwd ?? "/") {
    case .success(let value): plan = value
    case .failure(let error):
      try engine.send(
        .recordToolResult(ToolResultRecorded(callID: callID, output: "\(error)", success: false)))
      return .continue
    }
    let risk = CommandRisk.classify(argv: plan.argv)
    if let refusal = sandboxRefusal(risk.level) {
      try engine.send(
        .recordToolResult(ToolResultRecorded(callID: callID, output: refusal, success: false)))
      return .continue
    }
    var effects = try engine.send(
      .planToolCall(
        PlanToolCall(
          turnID: turnID, callID: callID, tool: name, command: plan.argv, workdir: plan.workdir,
          risk: risk.level, reasons: risk.reasons)))
    while let effect = effects.first {
      effects.removeFirst()
      switch effect {
      case .promptForApproval(let id):
        guard let pending = engine.state.approvals.pending.first(where: { $0.callID == id }) else {
          continue
        }
        effects += try engine.send(
          .decideApproval(DecideApproval(callID: id, decision: approver(pending))))
      case .startTool(let id):
        try run(id, plan: plan, engine: engine, cancel: cancel)
      case .reportToolResult, .stopTools:
        break
      case .reportDenial(let id, let decision):
        let text = decision == .aborted ? "aborted" : "rejected by user: the command was not run"
        try engine.send(
          .recordToolResult(ToolResultRecorded(callID: id, output: text, success: false)))
      case .abortTurn:
        return .abortTurn
      }
    }
    return .continue
  }

  /// Until the bubblewrap sandbox lands (the tools issue), the sandbox mode is honoured by
  /// refusing what it would have stopped: read-only runs only commands classified safe,
  /// workspace-write refuses dangerous ones.
  private func sandboxRefusal(_ risk: RiskLevel) -> String? {
    switch (sandboxMode, risk) {
    case (.readOnly, .risky), (.readOnly, .dangerous):
      return """
        The command was not run: the sandbox is read-only and this command may change \
        files or reach the network. Cairn cannot enforce the sandbox yet, so it refuses such \
        commands; the user can allow them with --sandbox workspace-write.
        """
    case (.workspaceWrite, .dangerous):
      return """
        The command was not run: it was classified dangerous and Cairn cannot enforce the \
        workspace-write sandbox yet; the user can allow it with --sandbox danger-full-access.
        """
    default:
      return nil
    }
  }

  /// Runs an approved call: its start, output and exit as events, then the result text.
  private func run(
    _ callID: CallID, plan: ShellPlan, engine: SessionEngine, cancel: CancellationFlag
  ) throws {
    var sendError: Error?
    if cancel.isCancelled { processCancellation.cancel() }
    let result: PlainProcessResult
    do {
      result = try PlainProcess.run(
        PlainProcessSpec(
          arguments: plan.argv, workingDirectory: plan.workdir, environment: environment),
        limits: PlainProcessLimits(timeoutMilliseconds: plan.timeoutMilliseconds),
        cancellation: processCancellation, now: { [clock] in UInt64(max(clock(), 0)) },
        onStarted: { pid in
          do {
            try engine.send(
              .recordToolStart(ToolStarted(callID: callID, processID: pid, tty: false)))
          } catch {
            sendError = error
          }
        },
        onOutput: { chunk in
          guard sendError == nil else { return }
          do {
            try engine.send(
              .recordToolOutput(
                ToolOutputReceived(callID: callID, stream: chunk.stream, chunk: chunk.bytes)))
          } catch { sendError = error }
        })
    } catch {
      try engine.send(
        .recordToolResult(
          ToolResultRecorded(callID: callID, output: "failed to start: \(error)", success: false)))
      return
    }
    if let sendError { throw sendError }
    let exitCode: Int32?
    let signal: Int32?
    switch result.termination {
    case .exited(let code): (exitCode, signal) = (code, nil)
    case .signaled(let number): (exitCode, signal) = (nil, number)
    }
    if engine.state.tools.activeIndex(callID) != nil {
      try engine.send(
        .recordToolExit(
          ToolExited(
            callID: callID, exitCode: exitCode, signal: signal,
            durationNanoseconds: result.wallNanoseconds)))
    }
    let text = ExecCommandOutput.render(
      callID: callID.rawValue, result: result, maxOutputTokens: plan.maxOutputTokens)
    try engine.send(
      .recordToolResult(
        ToolResultRecorded(
          callID: callID, output: text, success: result.termination == .exited(code: 0))))
  }

  /// Stops the running command (and any later one) from another thread: the interrupt.
  public let processCancellation = ProcessCancellation()
}
