import CairnCore
import CairnEngine
import CairnServer
import CairnTools

/// Approvals over MCP as Codex asks them: an `elicitation/create` request (sent even to
/// clients that declared no elicitation capability) whose params carry the standard
/// `message` and an empty `requestedSchema` plus Codex's `codex_*` fields, and whose
/// result holds `{"decision": …}` at its top level.
enum MCPApprovals {
  /// The `codex/event` Codex sends just before the elicitation.
  static func requestEvent(_ question: ApprovalQuestion, nowMilliseconds: Int64) -> JSONValue {
    if question.isPatch {
      return .object([
        ("type", .string("apply_patch_approval_request")),
        ("call_id", .string(question.callID.rawValue)),
        ("turn_id", .string(question.turnID.rawValue)),
        ("started_at_ms", .int(nowMilliseconds)), ("changes", changes(question)),
      ])
    }
    return .object([
      ("type", .string("exec_approval_request")), ("call_id", .string(question.callID.rawValue)),
      ("turn_id", .string(question.turnID.rawValue)), ("environmentId", .string("local")),
      ("started_at_ms", .int(nowMilliseconds)),
      ("command", .array(question.command.map(JSONValue.string))),
      ("cwd", .string(question.workdir)), ("reason", .string(question.reason)),
      ("parsed_cmd", CodexEventMapper.parsedCommand(question.command)),
    ])
  }

  /// The `elicitation/create` params for `question`, asked during tools/call `callID`.
  static func params(_ question: ApprovalQuestion, toolCallID: String) -> JSONValue {
    var members: [(String, JSONValue)] = [
      (
        "message",
        .string(
          question.isPatch
            ? "Allow Cairn to apply proposed code changes?"
            : "Allow Cairn to run `\(ShellQuoting.join(question.command))` in `\(question.workdir)`?"
        )
      ),
      ("requestedSchema", .object([("type", .string("object")), ("properties", .object([]))])),
      ("threadId", .string(question.threadID.rawValue)),
      ("codex_elicitation", .string(question.isPatch ? "patch-approval" : "exec-approval")),
      ("codex_mcp_tool_call_id", .string(toolCallID)),
      ("codex_event_id", .string(question.turnID.rawValue)),
      ("codex_call_id", .string(question.callID.rawValue)),
    ]
    if question.isPatch {
      members.append(("codex_changes", changes(question)))
    } else {
      members += [
        ("codex_command", .array(question.command.map(JSONValue.string))),
        ("codex_cwd", .string(question.workdir)),
        ("codex_parsed_cmd", CodexEventMapper.parsedCommand(question.command)),
      ]
    }
    return .object(members)
  }

  /// What the model hears when the client's reply is not a decision (a JSON-RPC error, a
  /// standard MCP `{action, content}` reply, a malformed one): a denial, as Codex.
  static let failedRequest = "approval request failed"

  /// The answer in an elicitation's result: `approved`, `approved_for_session`, `abort`,
  /// `{"denied":{"rejection":TEXT}}`; `timed_out` is a denial; an exec-policy or
  /// network amendment approves this call only (Cairn keeps no amendments yet). Anything
  /// else is a failed request.
  static func answer(result: ParsedJSON?) -> ApprovalAnswer {
    guard let decision = result?["decision"] else {
      return ApprovalAnswer(.denied, rejection: failedRequest)
    }
    switch decision.kind {
    case .string("approved"): return ApprovalAnswer(.approvedOnce)
    case .string("approved_for_session"): return ApprovalAnswer(.approvedForSession)
    case .string("abort"): return ApprovalAnswer(.aborted)
    case .string("timed_out"): return ApprovalAnswer(.denied, rejection: "timed out")
    case .object(let members) where members.count == 1:
      let (key, value) = members[0]
      switch key {
      case "denied":
        guard let text = value["rejection"]?.stringValue else { break }
        return ApprovalAnswer(.denied, rejection: text)
      case "approved_execpolicy_amendment", "network_policy_amendment":
        return ApprovalAnswer(.approvedOnce)
      default: break
      }
    default: break
    }
    return ApprovalAnswer(.denied, rejection: failedRequest)
  }

  /// Codex's `changes` map of a patch: absolute path → `{type: add, content}`, `{type:
  /// delete, content}` or `{type: update, unified_diff, move_path}`.
  static func changes(_ question: ApprovalQuestion) -> JSONValue {
    changes(patch: question.patch, workdir: question.workdir)
  }

  /// The `changes` map of apply_patch's `patch` text, paths resolved against `workdir`.
  static func changes(patch text: String?, workdir: String) -> JSONValue {
    guard let text, let patch = try? PatchParser.parse(text) else {
      return .object([])
    }
    func absolute(_ path: String) -> String {
      path.hasPrefix("/") ? path : workdir + "/" + path
    }
    return .object(
      patch.hunks.map { hunk -> (String, JSONValue) in
        switch hunk {
        case .addFile(let path, let contents):
          return (
            absolute(path), .object([("type", .string("add")), ("content", .string(contents))])
          )
        case .deleteFile(let path):
          return (
            absolute(path), .object([("type", .string("delete")), ("content", .string(""))])
          )
        case .updateFile(let path, let movePath, let chunks):
          var diff = ""
          for chunk in chunks {
            diff += "@@" + (chunk.context.map { " " + $0 } ?? "") + "\n"
            diff += chunk.oldLines.map { "-" + $0 + "\n" }.joined()
            diff += chunk.newLines.map { "+" + $0 + "\n" }.joined()
          }
          return (
            absolute(path),
            .object([
              ("type", .string("update")), ("unified_diff", .string(diff)),
              ("move_path", movePath.map { .string(absolute($0)) } ?? .null),
            ])
          )
        }
      })
  }
}
