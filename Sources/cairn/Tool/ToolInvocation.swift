import ArgumentParser
import CairnCore
import CairnEngine
import CairnModel
import CairnTools

/// What the part of a `cairn tool` run that starts the process gets.
struct ToolRunContext {
  var callID: CallID?
  var recorder: ToolSessionRecorder?
  var workdir: String
  var environment: [String: String]
  var cancellation: ProcessCancellation
  var json: Bool
}

/// One `cairn tool shell|pty|pty-live` run: classify, open the session, pass the approval
/// gate, run, end the turn, report. The subcommands differ only in how they run the
/// process (`run`).
struct ToolInvocation {
  var tool: String
  var command: [String]
  var options: ToolRunOptions
  var approval: ToolApprovalOptions

  /// The argument vector for `words`: a single word containing a space is a shell script,
  /// run as `/bin/sh -c WORD` (and classified as the script, as `cairn policy shell` does).
  static func argv(_ words: [String]) -> [String] {
    words.count == 1 && words[0].contains(" ") ? ["/bin/sh", "-c", words[0]] : words
  }

  /// The whole run; returns the status `cairn tool` exits with.
  func execute(
    run: (ToolRunContext, inout ToolOutputStreams) throws -> ToolRunEnd
  ) throws -> Int32 {
    var status: Int32 = 0
    try reportingConfigFailures {
      try reportingSessionFailures {
        status = try executeReporting(run: run)
      }
    }
    return status
  }

  private func executeReporting(
    run: (ToolRunContext, inout ToolOutputStreams) throws -> ToolRunEnd
  ) throws -> Int32 {
    guard !command.isEmpty else { throw ValidationError("missing the COMMAND to run") }
    let workdir = try SandboxCommandSupport.workingDirectory(options.cd)
    let risk = CommandRisk.classify(argv: command)
    // Read before the session opens: a rule file that does not load stops the run first.
    let rule = try approval.rule(for: command)
    var recorder: ToolSessionRecorder?
    if let id = options.sessionID {
      recorder = try ToolSessionRecorder.open(
        home: CairnHome.resolve(explicit: options.home), sessionID: SessionID(id),
        commandLine: "cairn tool \(tool) -- " + ShellQuoting.join(command),
        policy: approval.askForApproval)
    }
    let outcome = try ToolApprovalGate.pass(
      tool: tool, command: command, workdir: workdir, risk: risk,
      rule: rule, approval: approval, recorder: recorder)
    return try Self.finish(
      outcome: outcome, tool: tool, command: command, risk: risk, workdir: workdir,
      recorder: recorder, json: options.json, run: run)
  }

  /// After the gate: run when approved, end the turn, close the session, report.
  static func finish(
    outcome: ToolApprovalGate.Outcome, tool: String, command: [String], risk: CommandRisk,
    workdir: String, recorder: ToolSessionRecorder?, json: Bool,
    run: (ToolRunContext, inout ToolOutputStreams) throws -> ToolRunEnd
  ) throws -> Int32 {
    var streams = ToolOutputStreams(writesThrough: !json)
    var end: ToolRunEnd?
    if outcome.runs {
      let cancellation = ProcessCancellation()
      let interrupts = InterruptWatcher(cancel: CancellationFlag(), processes: cancellation)
      defer { interrupts.stop() }
      end = try run(
        ToolRunContext(
          callID: outcome.callID, recorder: recorder, workdir: workdir,
          environment: ProcessEnvironment.current, cancellation: cancellation, json: json),
        &streams)
    }
    if let recorder {
      // An approval nobody gave stays pending, and its turn open, for `cairn tool decide`.
      if outcome.decision != "undecided" {
        try recorder.finishTurn(interruption: end?.interrupted == true ? "interrupted" : nil)
      }
      try recorder.close()
    }
    if let refusal = outcome.refusal { StandardError.write(refusal + "\n") }
    if let failure = end?.startFailure ?? end?.stepFailure {
      StandardError.write("cairn: \(failure)\n")
    }
    if json {
      let report = ToolRunReport(
        tool: tool, command: command, risk: risk, outcome: outcome,
        sessionID: recorder?.engine.sessionID, end: end, streams: streams)
      print(report.json.text)
    }
    return end?.exitStatus ?? ToolExitStatus.notApproved
  }
}

/// The `--json` object of a `cairn tool` run. docs/TOOLS.md, "`cairn tool`".
struct ToolRunReport {
  var tool: String
  var command: [String]
  var risk: CommandRisk
  var outcome: ToolApprovalGate.Outcome
  var sessionID: SessionID?
  var end: ToolRunEnd?
  var streams: ToolOutputStreams

  var json: JSONValue {
    var exitCode: JSONValue = .null
    var signal: JSONValue = .null
    switch end?.termination {
    case .exited(let code): exitCode = .int(Int64(code))
    case .signaled(let number): signal = .int(Int64(number))
    case nil: break
    }
    let milliseconds = end.map { Double($0.durationNanoseconds / 1000) / 1000 }
    var members: [(String, JSONValue)] = [
      ("tool", .string(tool)),
      ("command", .array(command.map { .string($0) })),
      ("risk", .string(risk.level.rawValue)),
      ("reasons", .array(risk.reasons.map { .string($0) })),
      ("policy", .string(outcome.policy.rawValue)),
      ("decision", .string(outcome.decision)),
      ("session_id", sessionID.map { .string($0.rawValue) } ?? .null),
      ("call_id", outcome.callID.map { .string($0.rawValue) } ?? .null),
      ("exit_code", exitCode),
      ("signal", signal),
      ("duration_ms", milliseconds.map { .double($0) } ?? .null),
    ]
    members += streams.jsonMembers
    members.append(("error", (end?.startFailure ?? end?.stepFailure).map { .string($0) } ?? .null))
    return .object(members)
  }
}
