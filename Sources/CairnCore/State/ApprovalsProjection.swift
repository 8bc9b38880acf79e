import CairnLogFormat

/// A tool call waiting for the user's decision.
public struct PendingApproval: Equatable, Hashable, Sendable {
  public var callID: CallID
  public var reason: String
  public var risk: RiskLevel
  public var reasons: [String]
  public var requestedSeq: Seq
}

/// A decision the user made.
public struct DecidedApproval: Equatable, Hashable, Sendable {
  public var callID: CallID
  public var decision: ApprovalDecision
  public var decidedSeq: Seq
}

/// Approvals: pending (a crash and a resume show exactly these), recent decisions, and the
/// commands approved for the rest of the session.
public struct ApprovalsProjection: Equatable, Hashable, Sendable {
  public static let decidedMax = 64

  public var pending: [PendingApproval] = []
  /// Recent decisions, oldest first, at most `decidedMax`.
  public var decided: [DecidedApproval] = []
  /// Commands (argument vectors, compared exactly) approved for the session, oldest
  /// first, at most `approvedForSessionMax`.
  public var approvedForSession: [[String]] = []

  public static let approvedForSessionMax = 256

  public init() {}
}
