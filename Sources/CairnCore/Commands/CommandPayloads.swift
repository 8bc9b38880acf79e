import CairnLogFormat

// One payload struct per command (imperative names). Ids, pids and every other input the
// core cannot make come in the command; times come in the envelope.

public struct StartTurn: Equatable, Sendable {
  public var turnID: TurnID
  public var text: String
  public var images: [ImageReference]

  public init(turnID: TurnID, text: String, images: [ImageReference] = []) {
    self.turnID = turnID
    self.text = text
    self.images = images
  }
}

/// More user input for the running turn (Codex's `turn/steer`): recorded as a user message
/// of that turn, which the next model request of the turn carries.
public struct SteerTurn: Equatable, Sendable {
  public var turnID: TurnID
  public var text: String

  public init(turnID: TurnID, text: String) {
    self.turnID = turnID
    self.text = text
  }
}

public struct PlanToolCall: Equatable, Sendable {
  public var turnID: TurnID
  public var callID: CallID
  public var tool: String
  public var command: [String]
  public var workdir: String?
  public var risk: RiskLevel
  public var reasons: [String]
  /// Whether to ask the user, when the caller decided it (exec-policy rules, a request to
  /// leave the sandbox); nil lets the session's approval policy decide from the risk.
  public var needsApproval: Bool?
  /// What the approval prompt says, when the caller decided it.
  public var approvalReason: String?

  public init(
    turnID: TurnID, callID: CallID, tool: String, command: [String], workdir: String? = nil,
    risk: RiskLevel, reasons: [String] = [], needsApproval: Bool? = nil,
    approvalReason: String? = nil
  ) {
    self.turnID = turnID
    self.callID = callID
    self.tool = tool
    self.command = command
    self.workdir = workdir
    self.risk = risk
    self.reasons = reasons
    self.needsApproval = needsApproval
    self.approvalReason = approvalReason
  }
}

public struct DecideApproval: Equatable, Sendable {
  public var callID: CallID
  public var decision: ApprovalDecision

  public init(callID: CallID, decision: ApprovalDecision) {
    self.callID = callID
    self.decision = decision
  }
}

public struct EndTurn: Equatable, Sendable {
  public enum Outcome: Equatable, Sendable {
    case completed
    case failed(message: String)
    case interrupted(reason: String)
  }

  public var turnID: TurnID
  public var outcome: Outcome

  public init(turnID: TurnID, outcome: Outcome) {
    self.turnID = turnID
    self.outcome = outcome
  }
}

public struct EditComposer: Equatable, Sendable {
  public var text: String
  public var cursor: UInt32

  public init(text: String, cursor: UInt32) {
    self.text = text
    self.cursor = cursor
  }
}

public struct ResizeTerminal: Equatable, Sendable {
  public var rows: UInt16
  public var columns: UInt16

  public init(rows: UInt16, columns: UInt16) {
    self.rows = rows
    self.columns = columns
  }
}

/// Drop the latest `count` turns (app-server `thread/rollback`). Refused while a turn
/// runs, for more turns than the state keeps (`TurnsProjection.recentMax`), and across a
/// semantic compaction (the history before it is gone from the fold).
public struct RollBackTurns: Equatable, Sendable {
  public var count: UInt32

  public init(count: UInt32) { self.count = count }
}
