/// Codex's approval policies (`approval_policy`): when a tool call needs the user's yes.
public enum ApprovalPolicy: String, Sendable, CaseIterable, Hashable {
  /// Only known-safe read-only commands run without asking.
  case untrusted
  /// The model decides when to ask.
  case onRequest = "on-request"
  /// Ask only after a sandboxed command failed (read from older configs).
  case onFailure = "on-failure"
  /// Never ask; failures go back to the model.
  case never
}

/// Codex's sandbox modes (`sandbox_mode`).
public enum SandboxMode: String, Sendable, CaseIterable, Hashable {
  case readOnly = "read-only"
  case workspaceWrite = "workspace-write"
  case dangerFullAccess = "danger-full-access"
}

/// What the user decided about a tool call that needed approval.
public enum ApprovalDecision: String, Sendable, CaseIterable, Hashable {
  case approvedOnce = "approved"
  case approvedForSession = "approved_for_session"
  case denied
  /// Deny and end the turn.
  case aborted = "abort"
}

/// How risky a command is (CairnTools' `CommandRisk.classify` decides, with reasons).
public enum RiskLevel: String, Sendable, CaseIterable, Hashable {
  case safe
  case risky
  case dangerous
}

/// Which output stream a chunk of tool output came from.
public enum OutputStream: String, Sendable, CaseIterable, Hashable {
  case stdout
  case stderr
  /// A pseudo-terminal, where the two are one stream.
  case pty
}

/// The two kinds of compaction handoff artifact.
public enum CompactionKind: String, Sendable, CaseIterable, Hashable {
  /// A checkpoint reference plus payload-free references to event ranges.
  case replaySeed = "replay_seed"
  /// Summary text plus references.
  case semanticSummary = "semantic_summary"
}

/// What has keyboard focus in the terminal workstation.
public enum FocusTarget: String, Sendable, CaseIterable, Hashable {
  case composer
  case transcript
  case approval
  case palette
}

/// What covers the terminal workstation's screen: nothing (the transcript and the
/// composer), or one of its full-screen overlays and pickers (docs/TUI.md).
public enum Overlay: String, Sendable, CaseIterable, Hashable {
  case none
  case transcript
  case shortcuts
  case backtrack
  case modelPicker
  case effortPicker
  case permissionsPicker
  case resumePicker
  case forkPicker
  case timeline
  case status
}
