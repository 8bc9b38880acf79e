import CairnLogFormat

/// The session's metadata: who, where, which model and policies, its title and origin.
public struct SessionProjection: Equatable, Hashable, Sendable {
  public var sessionID: SessionID
  public var createdAtNanoseconds: Int64
  public var cwd: String
  public var model: String
  public var provider: String
  public var reasoningEffort: String?
  public var approvalPolicy: ApprovalPolicy
  public var sandboxMode: SandboxMode
  public var origin: SessionOrigin?
  public var title: String?
  public var archived: Bool
}
