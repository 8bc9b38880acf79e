import CairnCore
import CairnModel
import CairnTools

/// Codex's unified exec: `exec_command` starts a live process (in a terminal with
/// `tty: true`, with pipes otherwise) and answers after `yield_time_ms` with the output so
/// far; a process still running then becomes a session the model continues with
/// `write_stdin`. Every step is an event of the `exec_command` call: its start, each
/// write, its output (within the persisted-output budget), its exit.
/// docs/TOOLS.md, "Live sessions".
extension ToolExecutor {
  /// Codex's bounds and defaults for `yield_time_ms`.
  static let yieldMillisecondsRange: ClosedRange<UInt64> = 250...30_000
  static let writeStdinDefaultYieldMilliseconds: UInt64 = 250
  /// An empty `write_stdin` (a poll) waits at least this long, as Codex's does.
  static let emptyPollMinimumMilliseconds: UInt64 = 5_000
  /// How often a wait looks at the interrupt flag.
  static let waitSliceMilliseconds = 50

  static func clampedYield(_ milliseconds: UInt64) -> UInt64 {
    min(max(milliseconds, yieldMillisecondsRange.lowerBound), yieldMillisecondsRange.upperBound)
  }

  /// Starts an approved `exec_command` and answers after its yield time.
  func startLive(
    _ callID: CallID, plan: ShellPlan, arguments: [String], engine: SessionEngine,
    cancel: CancellationFlag
  ) throws -> Attempt {
    let started = clock()
    let process: LiveProcess
    do {
      process = try LiveProcess.spawn(
        LiveProcessSpec(
          arguments: arguments, workingDirectory: plan.workdir, environment: environment,
          tty: plan.tty))
    } catch {
      try recordNeverStarted(callID, engine: engine)
      return .failedToStart("failed to start: \(error)")
    }
    try engine.send(
      .recordToolStart(ToolStarted(callID: callID, processID: process.processID, tty: plan.tty)))
    var session = LiveToolSessions.Session(
      callID: callID, process: process, budget: PersistedOutputBudget(),
      startedAtNanoseconds: started)
    let yield = Self.clampedYield(
      plan.yieldMilliseconds ?? ExecCommandArguments.defaultYieldTimeMilliseconds)
    let window = try collect(&session, milliseconds: yield, engine: engine, cancel: cancel)
    let wall = UInt64(max(clock() - started, 0))
    if let termination = window.termination {
      return .answered(
        LiveAnswer(
          text: ExecCommandOutput.render(
            callID: callID.rawValue, exitCode: termination.exitCode, wallNanoseconds: wall,
            output: window.output, maxOutputTokens: plan.maxOutputTokens),
          success: termination == .exited(code: 0), exitCode: termination.exitCode,
          outputHead: window.output.head))
    }
    let id = live.newID(for: callID)
    do {
      try live.insert(session, id: id)
    } catch {
      // Past Codex's limit of live sessions: this one ends rather than leak.
      process.terminate(graceMilliseconds: 200)
      _ = try collect(&session, milliseconds: 0, engine: engine, cancel: cancel)
      return .answered(
        LiveAnswer(
          text: "exec_command failed: \(error)", success: false, exitCode: nil, outputHead: []))
    }
    return .answered(
      LiveAnswer(
        text: ExecCommandOutput.renderRunning(
          callID: callID.rawValue, sessionID: id, wallNanoseconds: wall, output: window.output,
          maxOutputTokens: plan.maxOutputTokens),
        success: true, exitCode: nil, outputHead: window.output.head))
  }

  /// `write_stdin`: writes `chars` to a live session, waits, and answers like
  /// `exec_command`. The text is what the model gets back.
  func writeStdin(
    _ callID: CallID, arguments text: String, engine: SessionEngine, cancel: CancellationFlag
  ) throws -> (text: String, success: Bool) {
    let started = clock()
    let arguments: WriteStdinArguments
    do {
      arguments = try WriteStdinArguments.parse(text)
    } catch {
      return ("\(error)", false)
    }
    guard var session = live.session(arguments.sessionID) else {
      return ("write_stdin failed: Unknown process id \(arguments.sessionID)", false)
    }
    let bytes = Array(arguments.chars.utf8)
    if !bytes.isEmpty {
      guard session.process.tty else {
        return (
          """
          write_stdin failed: stdin is closed for this session (it was started without a \
          terminal); run exec_command again with tty=true to write to it
          """, false
        )
      }
      do {
        try session.process.write(bytes)
      } catch {
        return ("write_stdin failed: \(error)", false)
      }
      try engine.send(.writeToolStdin(ToolStdinWritten(callID: session.callID, bytes: bytes)))
    }
    var yield = arguments.yieldMilliseconds ?? Self.writeStdinDefaultYieldMilliseconds
    if bytes.isEmpty { yield = max(yield, Self.emptyPollMinimumMilliseconds) }
    let window = try collect(
      &session, milliseconds: Self.clampedYield(yield), engine: engine, cancel: cancel)
    let wall = UInt64(max(clock() - started, 0))
    if let termination = window.termination {
      live.remove(arguments.sessionID)
      return (
        ExecCommandOutput.render(
          callID: callID.rawValue, exitCode: termination.exitCode, wallNanoseconds: wall,
          output: window.output, maxOutputTokens: arguments.maxOutputTokens),
        true
      )
    }
    live.update(arguments.sessionID, session)
    return (
      ExecCommandOutput.renderRunning(
        callID: callID.rawValue, sessionID: arguments.sessionID, wallNanoseconds: wall,
        output: window.output, maxOutputTokens: arguments.maxOutputTokens),
      true
    )
  }

  /// Ends every live session (the run is over): each is terminated and its last output
  /// and exit recorded.
  public func finishLiveSessions(engine: SessionEngine) throws {
    for id in live.ids {
      guard var session = live.session(id) else { continue }
      session.process.terminate(graceMilliseconds: 500)
      _ = try collect(&session, milliseconds: 0, engine: engine, cancel: CancellationFlag())
      live.remove(id)
    }
  }

  /// What one wait gathered: the output for the model, and the exit if it came.
  struct LiveWindow {
    var output = BoundedOutputCapture(keptBytesMax: 1 << 20)
    var termination: ProcessTermination?
  }

  /// Waits up to `milliseconds` in slices (an interrupt ends the process group), recording
  /// the output within the budget, and the exit when it comes.
  func collect(
    _ session: inout LiveToolSessions.Session, milliseconds: UInt64, engine: SessionEngine,
    cancel: CancellationFlag
  ) throws -> LiveWindow {
    var window = LiveWindow()
    var left = Int(milliseconds)
    while true {
      if cancel.isCancelled || processCancellation.isCancelled {
        session.process.terminate(graceMilliseconds: 200)
      }
      let slice = min(left, Self.waitSliceMilliseconds)
      let drain = session.process.waitAndDrain(milliseconds: slice)
      left -= slice
      for (index, chunk) in drain.chunks.enumerated() {
        if index == drain.omissionIndex { window.output.appendGap(drain.omittedBytes) }
        window.output.append(chunk.bytes)
      }
      if drain.omissionIndex >= drain.chunks.count { window.output.appendGap(drain.omittedBytes) }
      try record(session.budget.admit(drain), callID: session.callID, engine: engine)
      if let termination = drain.termination {
        window.termination = termination
        try record(session.budget.finish(), callID: session.callID, engine: engine)
        let (code, signal): (Int32?, Int32?) =
          switch termination {
          case .exited(let code): (code, nil)
          case .signaled(let number): (nil, number)
          }
        if engine.state.tools.activeIndex(session.callID) != nil {
          try engine.send(
            .recordToolExit(
              ToolExited(
                callID: session.callID, exitCode: code, signal: signal,
                durationNanoseconds: UInt64(max(clock() - session.startedAtNanoseconds, 0)))))
        }
        return window
      }
      if left <= 0 { return window }
    }
  }

  /// Appends what the persisted-output budget let through.
  func record(_ items: [PersistedOutputBudget.Item], callID: CallID, engine: SessionEngine)
    throws
  {
    for item in items {
      switch item {
      case .chunk(let chunk):
        try engine.send(
          .recordToolOutput(
            ToolOutputReceived(callID: callID, stream: chunk.stream, chunk: chunk.bytes)))
      case .omitted(let omitted):
        try engine.send(
          .recordToolOutputOmitted(
            ToolOutputOmitted(callID: callID, stream: omitted.stream, omittedBytes: omitted.bytes)))
      }
    }
  }
}
