extension SessionCreated {
  /// A new session that is not a fork: the payload of `Command.createSession`.
  public init(
    sessionID: SessionID, cwd: String, model: String, provider: String,
    approvalPolicy: ApprovalPolicy, sandboxMode: SandboxMode
  ) {
    self.init(
      sessionID: sessionID, cwd: cwd, model: model, provider: provider,
      approvalPolicy: approvalPolicy, sandboxMode: sandboxMode, origin: nil)
  }
}
