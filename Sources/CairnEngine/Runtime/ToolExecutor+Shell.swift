import CairnCore
import CairnModel
import CairnProtocol
import CairnTools

/// The shell tools: a call planned with its risk and exec-policy rule, put through the
/// approval policy, run in the bubblewrap sandbox (or outside it when a rule or the user
/// allowed that), and its result recorded. docs/APPROVAL_POLICY.md.
extension ToolExecutor {
  /// A shell call as the runner needs it: the argv, where, the limits, and what the model
  /// asked of the sandbox.
  struct ShellPlan {
    var argv: [String]
    var workdir: String
    var timeoutMilliseconds: UInt64?
    var maxOutputTokens: Int?
    var escalationRequested = false
    var justification: String?
    /// `exec_command`: a live process answered after its yield time (unified exec).
    var live = false
    var tty = false
    var yieldMilliseconds: UInt64?
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
            maxOutputTokens: parsed.maxOutputTokens,
            escalationRequested: parsed.sandboxPermissions == .requireEscalated,
            justification: parsed.justification, live: true, tty: parsed.tty,
            yieldMilliseconds: parsed.yieldTimeMilliseconds))
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

  /// What the approval policy, the sandbox and the rules require for `plan`.
  func requirement(for plan: ShellPlan, risk: CommandRisk, state: SessionState)
    -> ToolApprovalRequirement
  {
    ToolApprovalRequirement.decide(
      ToolApprovalInput(
        policy: state.session?.approvalPolicy ?? .onRequest, sandbox: sandboxMode, risk: risk,
        rule: ToolApprovalInput.Rule(execPolicy.checkShell(plan.argv)),
        escalationRequested: plan.escalationRequested, justification: plan.justification,
        approvedForSession: state.approvals.approvedForSession.contains(plan.argv)))
  }

  func shell(
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
    let sandboxed: Bool
    var planned = PlanToolCall(
      turnID: turnID, callID: callID, tool: name, command: plan.argv, workdir: plan.workdir,
      risk: risk.level, reasons: risk.reasons)
    switch requirement(for: plan, risk: risk, state: engine.state) {
    case .forbidden(let reason):
      try engine.send(
        .recordToolResult(
          ToolResultRecorded(
            callID: callID, output: "The command was not run: \(reason).", success: false)))
      return .continue
    case .run(let inSandbox):
      sandboxed = inSandbox
      planned.needsApproval = false
    case .ask(let reason, let inSandbox):
      sandboxed = inSandbox
      planned.needsApproval = true
      // The state words the request (`run `cmd`? (why)`): only the why goes in.
      planned.approvalReason = reason
    }
    var outcome = try carryOut(
      planned, plan: plan, sandboxed: sandboxed, engine: engine, approver: approver,
      cancel: cancel)
    // `on-failure`: a command the sandbox probably stopped may run again outside it, once
    // the user approves.
    if let failure = outcome.failure, sandboxed,
      engine.state.session?.approvalPolicy == .onFailure,
      SandboxDenial.isLikely(exitCode: failure.exitCode, output: failure.output)
    {
      planned.needsApproval = true
      planned.approvalReason = """
        `\(plan.argv.joined(separator: " "))` failed in the sandbox; run it again outside the \
        sandbox?
        """
      let retry = try carryOut(
        planned, plan: plan, sandboxed: false, engine: engine, approver: approver,
        cancel: cancel)
      if case .denied = retry {} else { outcome = retry }
    }
    switch outcome {
    case .ran(let result):
      let text = ExecCommandOutput.render(
        callID: callID.rawValue, result: result, maxOutputTokens: plan.maxOutputTokens)
      try engine.send(
        .recordToolResult(
          ToolResultRecorded(
            callID: callID, output: text, success: result.termination == .exited(code: 0))))
    case .answered(let answer):
      try engine.send(
        .recordToolResult(
          ToolResultRecorded(callID: callID, output: answer.text, success: answer.success)))
    case .denied(let decision):
      let text =
        decision == .aborted
        ? "aborted"
        : "rejected by user: " + (rejectionText(callID) ?? "the command was not run")
      try engine.send(
        .recordToolResult(ToolResultRecorded(callID: callID, output: text, success: false)))
      if decision == .aborted { return .abortTurn }
    case .failedToStart(let text):
      try engine.send(
        .recordToolResult(ToolResultRecorded(callID: callID, output: text, success: false)))
    }
    return .continue
  }

  /// How one attempt at a call ended.
  enum Attempt {
    /// A plain run to its end (`shell`, `shell_command`).
    case ran(PlainProcessResult)
    /// A live `exec_command` that answered: exited, or still running as a session.
    case answered(LiveAnswer)
    case denied(ApprovalDecision)
    case failedToStart(String)

    /// The exit code and first output of a run that failed, for `on-failure`.
    var failure: (exitCode: Int32, output: [UInt8])? {
      switch self {
      case .ran(let result) where result.termination != .exited(code: 0):
        return (result.termination.exitCode, result.output.head)
      case .answered(let answer):
        guard let code = answer.exitCode, code != 0 else { return nil }
        return (code, answer.outputHead)
      default:
        return nil
      }
    }
  }

  /// What a live `exec_command` answered.
  struct LiveAnswer {
    var text: String
    var success: Bool
    /// nil while the process runs on as a session.
    var exitCode: Int32?
    var outputHead: [UInt8]
  }

  /// Plans the call, asks when the plan says so, and runs it once approved.
  private func carryOut(
    _ planned: PlanToolCall, plan: ShellPlan, sandboxed: Bool, engine: SessionEngine,
    approver: (PendingApproval) -> ApprovalDecision, cancel: CancellationFlag
  ) throws -> Attempt {
    var attempt = Attempt.denied(.denied)
    if let denial = try settle(
      planned, engine: engine, approver: approver,
      start: { id in
        attempt = try run(id, plan: plan, sandboxed: sandboxed, engine: engine, cancel: cancel)
      })
    {
      attempt = .denied(denial)
    }
    return attempt
  }

  /// Plans a call and follows the engine's effects: asks `approver` when the policy says
  /// so and calls `start` once the call may run. Returns the user's refusal (deny or
  /// abort), nil when it ran or needed nobody.
  func settle(
    _ planned: PlanToolCall, engine: SessionEngine,
    approver: (PendingApproval) -> ApprovalDecision, start: (CallID) throws -> Void
  ) throws -> ApprovalDecision? {
    var effects = try engine.send(.planToolCall(planned))
    var denial: ApprovalDecision?
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
        try start(id)
      case .reportDenial(_, let decision):
        denial = decision
      case .reportToolResult, .stopTools, .abortTurn:
        break
      }
    }
    return denial
  }

  /// The argv that runs `plan`, wrapped in bwrap when sandboxed.
  private func sandboxedArguments(_ argv: [String], sandboxed: Bool) -> Result<
    [String], SandboxError
  > {
    guard sandboxed, sandbox.mode != .dangerFullAccess else { return .success(argv) }
    let located =
      bubblewrapPath
      ?? Result { () throws(SandboxError) in
        try BubblewrapSandbox.locate(searchPath: environment["PATH"])
      }
    bubblewrapPath = located
    return located.map { [$0] + BubblewrapSandbox.bubblewrapOptions(for: sandbox) + argv }
  }

  /// Runs an approved call: its start, output and exit as events.
  private func run(
    _ callID: CallID, plan: ShellPlan, sandboxed: Bool, engine: SessionEngine,
    cancel: CancellationFlag
  ) throws -> Attempt {
    let arguments: [String]
    switch sandboxedArguments(plan.argv, sandboxed: sandboxed) {
    case .success(let value): arguments = value
    case .failure(let error):
      try recordNeverStarted(callID, engine: engine)
      return .failedToStart(
        """
        The command was not run: the sandbox cannot start (\(error)). Run `cairn doctor` to \
        see which step fails, or run with --sandbox danger-full-access.
        """)
    }
    if plan.live {
      return try startLive(
        callID, plan: plan, arguments: arguments, engine: engine, cancel: cancel)
    }
    var sendError: Error?
    var budget = PersistedOutputBudget()
    if cancel.isCancelled { processCancellation.cancel() }
    let result: PlainProcessResult
    do {
      result = try PlainProcess.run(
        PlainProcessSpec(
          arguments: arguments, workingDirectory: plan.workdir, environment: environment),
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
          guard sendError == nil, let persisted = budget.admit(chunk) else { return }
          do {
            try record([.chunk(persisted)], callID: callID, engine: engine)
          } catch { sendError = error }
        })
    } catch {
      try recordNeverStarted(callID, engine: engine)
      return .failedToStart("failed to start: \(error)")
    }
    if let sendError { throw sendError }
    try record(budget.finish(), callID: callID, engine: engine)
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
    return .ran(result)
  }

  /// A call that was planned but never ran leaves the active tools with an exit that
  /// has neither a code nor a signal, so a retry can plan it again.
  func recordNeverStarted(_ callID: CallID, engine: SessionEngine) throws {
    guard engine.state.tools.activeIndex(callID) != nil else { return }
    try engine.send(
      .recordToolExit(
        ToolExited(callID: callID, exitCode: nil, signal: nil, durationNanoseconds: 0)))
  }
}
