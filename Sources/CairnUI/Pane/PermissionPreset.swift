import CairnCore

/// The three permission presets of `/permissions`, each an approval policy and a sandbox mode.
public enum PermissionPreset: CaseIterable, Hashable, Sendable {
  /// Workspace writes, ask before anything else (Codex's default).
  case askForApproval
  /// Codex lets an automatic reviewer approve, asking only for actions it flags as unsafe.
  /// Cairn has no reviewer yet: the nearest policy is `onFailure`, which asks only when a
  /// sandboxed command failed.
  case approveForMe
  /// No sandbox, never ask.
  case fullAccess

  public var label: String {
    switch self {
    case .askForApproval: return "Ask for approval"
    case .approveForMe: return "Approve for me"
    case .fullAccess: return "Full Access"
    }
  }

  public var description: String {
    switch self {
    case .askForApproval:
      return
        "\(PaneText.productName) can read and edit files in the current workspace, and run commands. Approval is required to access the internet or edit other files."
    case .approveForMe: return "Only ask for actions detected as potentially unsafe."
    case .fullAccess:
      return
        "\(PaneText.productName) can edit files outside this workspace and access the internet without asking for approval. Exercise caution when using."
    }
  }

  public var approvalPolicy: ApprovalPolicy {
    switch self {
    case .askForApproval: return .onRequest
    case .approveForMe: return .onFailure
    case .fullAccess: return .never
    }
  }

  public var sandboxMode: SandboxMode {
    switch self {
    case .askForApproval, .approveForMe: return .workspaceWrite
    case .fullAccess: return .dangerFullAccess
    }
  }

  /// The preset a session's policy and sandbox amount to, if any.
  public static func matching(policy: ApprovalPolicy, sandbox: SandboxMode) -> PermissionPreset? {
    allCases.first { $0.approvalPolicy == policy && $0.sandboxMode == sandbox }
  }
}

/// `/permissions`: `Update Model Permissions`, the three presets with `(current)` on the one
/// in use, then `Press enter to confirm or esc to go back`.
public enum PermissionsPicker {
  public static let title = "Update Model Permissions"

  public static func lines(current: PermissionPreset?, selection: Int, width: Int)
    -> [StyledLine]
  {
    var lines = LineWrapping.wrap(StyledLine("  " + title, .bold), width: width)
    lines.append(.empty)
    lines += OptionRows.lines(
      PermissionPreset.allCases.map {
        OptionRows.Row(
          label: $0 == current ? "\($0.label) (current)" : $0.label, description: $0.description)
      }, selection: selection, width: width)
    lines.append(.empty)
    lines.append(OptionRows.hint(ModelPicker.hint, width: width))
    return lines
  }
}
