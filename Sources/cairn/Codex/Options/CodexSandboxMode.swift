import ArgumentParser

/// Codex's sandbox policies for model-run shell commands (`-s/--sandbox`).
enum CodexSandboxMode: String, CaseIterable, ExpressibleByArgument {
  case readOnly = "read-only"
  case workspaceWrite = "workspace-write"
  case dangerFullAccess = "danger-full-access"
}

/// Codex's approval policies (`-a/--ask-for-approval`).
enum CodexApprovalPolicy: String, CaseIterable, ExpressibleByArgument {
  case untrusted
  case onRequest = "on-request"
  case never
}
