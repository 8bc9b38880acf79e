import CairnCore
import CairnTools

#if canImport(Glibc)
  import Glibc
#endif

/// `apply_patch`, Codex's custom (freeform) tool: the patch is parsed and verified against
/// the files, its writes classified by where they land, put through the approval policy,
/// then written, each file's change recorded as a `file_changed` event and the result as
/// the text Codex gives the model. docs/APPLY_PATCH.md.
extension ToolExecutor {
  /// The custom tool's name.
  public static let applyPatchTool = "apply_patch"
  /// The most bytes of a file's contents (before or after) a `file_changed` event carries;
  /// larger contents are left out (nil), so one event stays well under the log's record
  /// limit (64 MiB).
  public static let recordedFileBytesMax = 8 << 20

  public func applyPatch(
    callID: CallID, input: String, turnID: TurnID, engine: SessionEngine,
    approver: (PendingApproval) -> ApprovalDecision
  ) throws -> Next {
    let cwd = engine.state.session?.cwd ?? "/"
    let applier = PatchApplier(workingDirectory: cwd)
    let patch: Patch
    let plan: PatchPlan
    do {
      patch = try PatchParser.parse(input)
      guard !patch.hunks.isEmpty else {
        try refuse(callID, "patch rejected: empty patch", engine: engine)
        return .continue
      }
      plan = try applier.plan(patch)
    } catch {
      // Nothing was written: the model gets Codex's verification message.
      try refuse(callID, "apply_patch verification failed: \(error)", engine: engine)
      return .continue
    }
    let targets = Self.writeTargets(plan)
    let outside = targets.filter { !Self.isWritable($0, roots: writableRoots(cwd: cwd)) }
    let policy = engine.state.session?.approvalPolicy ?? .never
    if !outside.isEmpty, policy == .never || policy == .onFailure {
      // Where nobody will be asked, a write the sandbox forbids is refused, as Codex does.
      let why =
        sandboxMode == .readOnly
        ? "writing is blocked by read-only sandbox" : "writing outside of the project"
      try refuse(
        callID, "patch rejected: \(why); rejected by user approval settings", engine: engine)
      return .continue
    }
    // Every patch changes files (risky: untrusted asks); one that writes where the sandbox
    // does not allow is dangerous (on-request asks too).
    let risk: RiskLevel = outside.isEmpty ? .risky : .dangerous
    let reasons =
      outside.isEmpty
      ? ["writes files inside the writable roots"]
      : ["writes outside the writable roots: " + outside.joined(separator: ", ")]
    let denial = try settle(
      PlanToolCall(
        turnID: turnID, callID: callID, tool: Self.applyPatchTool,
        command: [Self.applyPatchTool] + targets, workdir: cwd, risk: risk, reasons: reasons),
      engine: engine, approver: approver,
      start: { id in try write(id, patch: patch, applier: applier, engine: engine) })
    guard let denial else { return .continue }
    let text =
      denial == .aborted
      ? "aborted" : "rejected by user: " + (rejectionText(callID) ?? "the patch was not applied")
    try engine.send(
      .recordToolResult(ToolResultRecorded(callID: callID, output: text, success: false)))
    return denial == .aborted ? .abortTurn : .continue
  }

  /// The directories a patch may write under without asking, for the session's sandbox
  /// mode; nil means anywhere.
  func writableRoots(cwd: String) -> [String]? {
    switch sandboxMode {
    case .dangerFullAccess: return nil
    case .readOnly: return []
    case .workspaceWrite:
      // The run's own roots (the working directory, --add-dir, the configured ones), or
      // the defaults around `cwd` when the policy names none.
      let roots =
        sandbox.writableRoots.isEmpty
        ? SandboxPolicy.workspaceWrite(workingDirectory: cwd, environment: environment)
          .writableRoots
        : sandbox.writableRoots
      return roots.map(PatchApplier.normalised)
    }
  }

  /// Every absolute path a plan writes or removes, in order, without repeats.
  static func writeTargets(_ plan: PatchPlan) -> [String] {
    var targets: [String] = []
    for change in plan.changes {
      for path in [change.path] + (change.movePath.map { [$0] } ?? []) where !targets.contains(path)
      {
        targets.append(path)
      }
    }
    return targets
  }

  /// Whether `path` (absolute, normalised) is under one of `roots` (nil: anywhere).
  static func isWritable(_ path: String, roots: [String]?) -> Bool {
    guard let roots else { return true }
    return roots.contains { root in
      root == "/" || path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }
  }

  private func refuse(_ callID: CallID, _ text: String, engine: SessionEngine) throws {
    try engine.send(
      .recordToolResult(ToolResultRecorded(callID: callID, output: text, success: false)))
  }

  /// Applies an approved patch: the call starts (no process: process id 0), the patch is
  /// verified again (the files may have changed while the user was asked), each file
  /// written is recorded, the call exits 0 (or 1 when it failed) and its result is Codex's
  /// text: `Exit code: N\nWall time: S seconds\nOutput:\n` and the summary (or the failure).
  private func write(
    _ callID: CallID, patch: Patch, applier: PatchApplier, engine: SessionEngine
  ) throws {
    let started = Self.monotonicNanoseconds()
    try engine.send(.recordToolStart(ToolStarted(callID: callID, processID: 0, tty: false)))
    let output: String
    let failed: Bool
    do {
      let plan = try applier.plan(patch)
      let result = applier.write(plan)
      for change in result.written {
        try engine.send(.recordFileChange(Self.event(change, callID: callID)))
      }
      output = result.failure.map { "\($0)\n" } ?? plan.summary
      failed = result.failure != nil
    } catch let error as PatchApplyError {
      output = "\(error)\n"
      failed = true
    }
    let elapsed = Self.monotonicNanoseconds() &- started
    let exitCode: Int32 = failed ? 1 : 0
    try engine.send(
      .recordToolExit(
        ToolExited(
          callID: callID, exitCode: exitCode, signal: nil, durationNanoseconds: elapsed)))
    try engine.send(
      .recordToolResult(
        ToolResultRecorded(
          callID: callID,
          output: Self.customToolOutput(
            exitCode: exitCode, wallNanoseconds: elapsed, output: output),
          success: !failed)))
  }

  /// The `file_changed` payload for a change, contents over the bound left out.
  static func event(_ change: FileChange, callID: CallID) -> FileChanged {
    func bounded(_ bytes: [UInt8]?) -> [UInt8]? {
      guard let bytes, bytes.count <= recordedFileBytesMax else { return nil }
      return bytes
    }
    return FileChanged(
      callID: callID, path: change.path, kind: change.kind, movePath: change.movePath,
      before: bounded(change.before), after: bounded(change.after))
  }

  /// Codex's text for a custom tool's run (its custom_tool_call_output): the wall time in
  /// seconds rounded to a tenth, printed without a trailing `.0`.
  public static func customToolOutput(exitCode: Int32, wallNanoseconds: UInt64, output: String)
    -> String
  {
    let tenths = (wallNanoseconds + 50_000_000) / 100_000_000
    let seconds = tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
    return "Exit code: \(exitCode)\nWall time: \(seconds) seconds\nOutput:\n\(output)"
  }

  private static func monotonicNanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
  }
}
