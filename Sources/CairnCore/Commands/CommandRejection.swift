/// Why `decide` refused a command. The state is unchanged and nothing is logged.
public enum CommandRejection: Error, Equatable, Hashable, Sendable, CustomStringConvertible {
  case noSession
  case sessionExists(SessionID)
  case nothingToChange
  case turnInProgress(TurnID)
  case noSuchTurn(TurnID)
  case duplicateCall(CallID)
  case noSuchTool(CallID)
  case toolNotInState(CallID, expected: String)
  case noPendingApproval(CallID)
  case invalidArgument(String)

  public var description: String {
    switch self {
    case .noSession: return "no session: create one first"
    case .sessionExists(let id): return "session \(id) already exists"
    case .nothingToChange: return "nothing to change: name at least one setting"
    case .turnInProgress(let id): return "turn \(id) is still running: wait, or interrupt it"
    case .noSuchTurn(let id): return "turn \(id) is not the running turn"
    case .duplicateCall(let id): return "tool call \(id) is already active"
    case .noSuchTool(let id): return "no active tool call \(id)"
    case .toolNotInState(let id, let expected): return "tool call \(id) is not \(expected)"
    case .noPendingApproval(let id): return "tool call \(id) has no pending approval"
    case .invalidArgument(let message): return message
    }
  }
}
