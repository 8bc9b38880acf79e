import ArgumentParser
import CairnCore

/// Codex's sandbox policies for model-run shell commands (`-s/--sandbox`).
enum CodexSandboxMode: String, CaseIterable, ExpressibleByArgument {
  case readOnly = "read-only"
  case workspaceWrite = "workspace-write"
  case dangerFullAccess = "danger-full-access"

  var mode: SandboxMode {
    switch self {
    case .readOnly: .readOnly
    case .workspaceWrite: .workspaceWrite
    case .dangerFullAccess: .dangerFullAccess
    }
  }
}

/// Codex's approval policies (`-a/--ask-for-approval`).
enum CodexApprovalPolicy: String, CaseIterable, ExpressibleByArgument {
  case untrusted
  case onRequest = "on-request"
  case never
}
