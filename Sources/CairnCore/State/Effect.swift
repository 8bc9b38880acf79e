/// What the shell should do after an event: effects are data, run only live, dropped by a
/// replay (DESIGN.md §1).
public enum Effect: Equatable, Hashable, Sendable {
  /// Show the approval prompt for a tool call.
  case promptForApproval(CallID)
  /// Run a tool call that needs no approval, or was approved.
  case startTool(CallID)
  /// Tell the model the call was not run.
  case reportDenial(CallID, ApprovalDecision)
  /// End the whole turn (the user chose abort).
  case abortTurn(TurnID)
  /// Stop these running tools (the turn was interrupted or aborted).
  case stopTools([CallID])
  /// Hand a finished tool's output back to the model.
  case reportToolResult(CallID)
}
