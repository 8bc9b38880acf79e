import CairnCore
import CairnServer

/// The arguments of the `codex` and `codex-reply` tools, read as Codex reads them: unknown
/// fields of `codex` are refused naming the allowed ones, wrong types and enum values are
/// refused with serde's words, so a client's error handling sees the same texts.
enum MCPToolArguments {
  /// A new thread's settings and its first prompt.
  struct Codex {
    var prompt: String
    var settings: ThreadSettings
  }

  /// A prompt for an existing thread.
  struct Reply {
    var prompt: String
    var threadID: String
  }

  static func codex(_ arguments: ParsedJSON?) -> Result<Codex, Failure> {
    let prefix = "Failed to parse configuration for Codex tool: "
    guard let members = members(arguments) else {
      return .failure(Failure(prefix + "invalid type: \(describe(arguments)), expected a map"))
    }
    var prompt: String?
    var settings = ThreadSettings()
    for (key, value) in members {
      switch key {
      case "prompt":
        guard let text = value.stringValue else { return .failure(typeFailure(prefix, value)) }
        prompt = text
      case "model", "cwd", "base-instructions", "developer-instructions", "compact-prompt":
        guard let text = value.stringValue else { return .failure(typeFailure(prefix, value)) }
        switch key {
        case "model": settings.model = text
        case "cwd": settings.cwd = text
        case "base-instructions": settings.baseInstructions = text
        case "developer-instructions": settings.developerInstructions = text
        default: break  // compact-prompt: Cairn's compaction prompt is fixed (docs/MCP.md).
        }
      case "approval-policy":
        let allowed = ["untrusted", "on-request", "never"]
        guard let text = value.stringValue else { return .failure(typeFailure(prefix, value)) }
        guard allowed.contains(text), let policy = ApprovalPolicy(rawValue: text) else {
          return .failure(variantFailure(prefix, text, allowed))
        }
        settings.approvalPolicy = policy
      case "sandbox":
        let allowed = SandboxMode.allCases.map(\.rawValue)
        guard let text = value.stringValue else { return .failure(typeFailure(prefix, value)) }
        guard let mode = SandboxMode(rawValue: text) else {
          return .failure(variantFailure(prefix, text, allowed))
        }
        settings.sandboxMode = mode
      case "config":
        guard case .object(let config) = value.kind else {
          return .failure(
            Failure(prefix + "invalid type: \(describe(value)), expected a map"))
        }
        settings.configOverrides = ThreadSettings.overrides(
          fromJSON: config.map { ($0.0, $0.1.jsonValue) })
      default:
        let expected = MCPServerTools.codexKeys.map { "`\($0)`" }.joined(separator: ", ")
        return .failure(Failure(prefix + "unknown field `\(key)`, expected one of \(expected)"))
      }
    }
    guard let prompt else { return .failure(Failure(prefix + "missing field `prompt`")) }
    return .success(Codex(prompt: prompt, settings: settings))
  }

  static func reply(_ arguments: ParsedJSON?) -> Result<Reply, Failure> {
    let prefix = "Failed to parse configuration for Codex Reply tool: "
    guard let members = members(arguments) else {
      return .failure(Failure(prefix + "invalid type: \(describe(arguments)), expected a map"))
    }
    var prompt: String?
    var threadID: String?
    var conversationID: String?
    // Unknown fields are ignored: Codex's reply schema does not forbid them.
    for (key, value) in members where MCPServerTools.codexReplyKeys.contains(key) {
      guard let text = value.stringValue else { return .failure(typeFailure(prefix, value)) }
      switch key {
      case "prompt": prompt = text
      case "threadId": threadID = text
      default: conversationID = text
      }
    }
    guard let prompt else { return .failure(Failure(prefix + "missing field `prompt`")) }
    guard let id = threadID ?? conversationID else {
      return .failure(
        Failure("Failed to parse thread_id: either threadId or conversationId must be provided"))
    }
    return .success(Reply(prompt: prompt, threadID: id))
  }

  /// A tool-argument error: the text of the `isError` result.
  struct Failure: Error, Equatable {
    var text: String
    init(_ text: String) { self.text = text }
  }

  private static func members(_ value: ParsedJSON?) -> [(String, ParsedJSON)]? {
    guard let value else { return [] }
    switch value.kind {
    case .object(let members): return members
    case .null: return []
    default: return nil
    }
  }

  private static func typeFailure(_ prefix: String, _ value: ParsedJSON) -> Failure {
    Failure(prefix + "invalid type: \(describe(value)), expected a string")
  }

  private static func variantFailure(_ prefix: String, _ text: String, _ allowed: [String])
    -> Failure
  {
    let expected = allowed.map { "`\($0)`" }.joined(separator: ", ")
    return Failure(prefix + "unknown variant `\(text)`, expected one of \(expected)")
  }

  /// A value as serde names it in a type error.
  static func describe(_ value: ParsedJSON?) -> String {
    guard let value else { return "null" }
    switch value.kind {
    case .null: return "null"
    case .bool(let flag): return "boolean `\(flag)`"
    case .number(let text):
      return text.contains(where: { ".eE".contains($0) })
        ? "floating point `\(text)`" : "integer `\(text)`"
    case .string(let text): return "string \(JSONValue.quoted(text))"
    case .array: return "sequence"
    case .object: return "map"
    }
  }
}
