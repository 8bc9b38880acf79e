import ArgumentParser
import CairnCore
import CairnEngine
import CairnTools

/// `cairn tool decide SESSION CALL_ID approved|approved-for-session|denied|abort [--json]`:
/// decides an approval left pending (by a crash, or a run without a terminal), then runs
/// the command when approved, recording its life in the session.
struct ToolDecideCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "decide",
    abstract: "Decide a pending approval in a session, and run the command if approved.",
    discussion: """
      `cairn session show SESSION` lists the pending approvals with their call ids. An \
      approved command runs as it was planned (a shell call with pipes, a pty call in a \
      terminal; a pty-live call runs to its end in a terminal, since its steps were never \
      recorded), in its planned directory, and Cairn exits with its status; denied or abort \
      exits 126.
      """)

  /// A decision as the command line names it.
  enum Decision: String, ExpressibleByArgument, CaseIterable {
    case approved
    case approvedForSession = "approved-for-session"
    case denied
    case abort

    var approvalDecision: ApprovalDecision {
      switch self {
      case .approved: return .approvedOnce
      case .approvedForSession: return .approvedForSession
      case .denied: return .denied
      case .abort: return .aborted
      }
    }
  }

  @Argument(help: "The session id.")
  var sessionID: String

  @Argument(help: "The call id of the pending approval.")
  var callID: String

  @Argument(help: "approved, approved-for-session, denied or abort.")
  var decision: Decision

  @Flag(help: "Print JSON instead of the command's output.")
  var json = false

  @Option(help: "The Cairn home (default: $CAIRN_HOME, else ~/.cairn).")
  var home: String?

  func run() throws {
    var status: Int32 = 0
    try reportingSessionFailures {
      let call = CallID(callID)
      let (recorder, run) = try ToolSessionRecorder.resume(
        home: CairnHome.resolve(explicit: home), sessionID: SessionID(sessionID), callID: call)
      guard run.status == .awaitingApproval else {
        try recorder.close()
        throw EngineError.rejected(.noPendingApproval(call))
      }
      let outcome = try ToolApprovalGate.record(
        .decided(decision.approvalDecision), callID: call, policy: recorder.policy,
        command: run.command, recorder: recorder)
      let workdir = run.workdir ?? recorder.engine.state.session?.cwd ?? "/"
      status = try ToolInvocation.finish(
        outcome: outcome, tool: run.tool, command: run.command,
        risk: CommandRisk(level: run.risk, reasons: run.reasons), workdir: workdir,
        recorder: recorder, json: json
      ) { context, streams in
        try Self.runApproved(tool: run.tool, command: run.command, context, &streams)
      }
    }
    if status != 0 { throw ExitCode(status) }
  }

  /// Runs the call as its tool runs commands.
  static func runApproved(
    tool: String, command: [String], _ context: ToolRunContext, _ streams: inout ToolOutputStreams
  ) throws -> ToolRunEnd {
    switch tool {
    case "pty", "pty-live":
      return try ToolPtyRun.run(
        command, size: .standard, context: context, streams: &streams)
    default:
      return try ToolPlainRun.run(
        command, workdir: context.workdir, environment: context.environment,
        callID: context.callID, recorder: context.recorder, streams: &streams,
        cancellation: context.cancellation)
    }
  }
}
